/**
 * The typed facade of the Revise language server: nothing else in the extension talks LSP. The
 * server (dist/server.js, node IPC) shows findings as diagnostics, CodeLens and hovers; this client
 * sends it each run's findings whenever the run changes. The LSP client library itself is loaded
 * with the server, on first use (findingsConnection.ts). It has its own disposal scope: stopping
 * the client disposes only what belongs to it.
 */
import * as vscode from 'vscode';
import type { Run } from '../core/model';
import { isSettled, lastRound } from '../core/runFacts';
import { sameJson } from '../core/sameJson';
import type { FindingRange, SetFindingsParams } from '../shared/protocol';
import { loadLanguageClient } from './chunks';
import type { FindingsConnection } from './findingsConnection';
import type { RunsModel } from './runsModel';
import { Disposable } from './util/dispose';

export class ReviseLanguageClient extends Disposable {
  private client: FindingsConnection | undefined;
  private starting: Promise<void> | undefined;
  /** What was last sent for each worktree root, and to which client (a restarted server has nothing). */
  private readonly sentRuns = new Map<string, SetFindingsParams['runs']>();
  private readonly sent = new Map<string, FindingsConnection>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly model: RunsModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    // Start with the engine (first use of a view or command), never during activation.
    this._register(model.onDidOpenEngine(() => void this.start()));
    this._register(model.onDidChange((run) => void this.onRunChanged(run)));
  }

  /** Start the server and send it every run's findings. */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch((error: unknown) => {
      this.log.error(`language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      this.client = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    // The first Runs-view expansion opened the engine: let the view get its runs before the LSP
    // client library loads (a synchronous require) and the server starts.
    await this.model.ensureLoaded();
    await new Promise((resolve) => setImmediate(resolve));
    const serverModule = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'server.js').fsPath;
    const client = await loadLanguageClient().connectFindingsServer(serverModule, this.log);
    this.client = client;
    this._register({ dispose: () => void client.stop() });
    for (const run of this.model.snapshot().runs) await this.sendRun(run);
  }

  private async onRunChanged(run: Run | undefined): Promise<void> {
    if (!this.client) return;
    if (run) await this.sendRun(run);
    else for (const r of this.model.snapshot().runs) await this.sendRun(r);
  }

  /**
   * Send one run's findings (a settled run clears its worktree) — unless the server has them already:
   * most writes of a run (a round starting, its log, a decision raised) leave its findings as they
   * were, and 10,000 findings are 2.5 MB to serialise, send and parse.
   */
  async sendRun(run: Run): Promise<void> {
    const client = this.client;
    if (!client) return;
    const params: SetFindingsParams = {
      rootUri: vscode.Uri.file(run.worktree).toString(),
      runs: isSettled(run) ? [] : [{ runId: run.id, round: lastRound(run)?.index ?? 0, findings: run.findings }],
    };
    if (this.sent.get(params.rootUri) === client && sameJson(this.sentRuns.get(params.rootUri), params.runs)) return;
    await client.setFindings(params);
    this.sent.set(params.rootUri, client);
    this.sentRuns.set(params.rootUri, params.runs);
  }

  /** Where the server currently shows a run's findings (moved by edits and re-anchoring). */
  async ranges(runId: string): Promise<FindingRange[]> {
    if (!this.client) return [];
    return this.client.ranges(runId);
  }
}
