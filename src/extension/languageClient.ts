/**
 * The typed facade of the Revise language server: nothing else in the extension talks LSP. The
 * server (dist/server.js, node IPC) shows findings as diagnostics, CodeLens and hovers; this client
 * sends it each run's findings whenever the run changes. It has its own disposal scope: stopping
 * the client disposes only what belongs to it.
 */
import * as vscode from 'vscode';
import { LanguageClient, NotificationType, RequestType, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isSettled, lastRound, type Run } from '../core/model';
import { FindingRanges, SetFindings, type FindingRange, type FindingRangesParams, type FindingRangesResult, type InitializationOptions, type NotificationDecl, type RequestDecl, type SetFindingsParams } from '../shared/protocol';
import type { RunsModel } from './runsModel';
import { Disposable } from './util/dispose';

function notificationType<P>(decl: NotificationDecl<P>): NotificationType<P> {
  return new NotificationType<P>(decl.method);
}

function requestType<P, R>(decl: RequestDecl<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(decl.method);
}

const setFindings = notificationType<SetFindingsParams>(SetFindings);
const findingRanges = requestType<FindingRangesParams, FindingRangesResult>(FindingRanges);

export class ReviseLanguageClient extends Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;

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
    const module = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = { findingsFromClient: true };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file' }],
      initializationOptions,
      outputChannel: this.log,
    };
    const client = new LanguageClient('revise', vscode.l10n.t('Revise Findings'), serverOptions, clientOptions);
    await client.start();
    this.client = client;
    this._register({ dispose: () => void client.stop() });
    await this.model.ensureLoaded();
    for (const run of this.model.snapshot().runs) await this.sendRun(run);
  }

  private async onRunChanged(run: Run | undefined): Promise<void> {
    if (!this.client) return;
    if (run) await this.sendRun(run);
    else for (const r of this.model.snapshot().runs) await this.sendRun(r);
  }

  /** Send one run's findings (a settled run clears its worktree). */
  async sendRun(run: Run): Promise<void> {
    if (!this.client) return;
    const params: SetFindingsParams = {
      rootUri: vscode.Uri.file(run.worktree).toString(),
      runs: isSettled(run) ? [] : [{ runId: run.id, round: lastRound(run)?.index ?? 0, findings: run.findings }],
    };
    await this.client.sendNotification(setFindings, params);
  }

  /** Where the server currently shows a run's findings (moved by edits and re-anchoring). */
  async ranges(runId: string): Promise<FindingRange[]> {
    if (!this.client) return [];
    return (await this.client.sendRequest(findingRanges, { runId })).ranges;
  }
}
