/**
 * What points a user to a run without opening anything first: the Revise view's badge counts the
 * runs waiting for a decision; a new decision opens the run's decision panel (setting
 * `revise.openPanelOnDecision`); and when the repository already has runs, or gets its first one
 * from the CLI, the runs are loaded so their findings reach the Problems view at once. Activation
 * stays cheap: the only work before that is one look at `.git` (no git process), after activation.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RunsModel } from '../runsModel';
import { Disposable } from '../util/dispose';
import { DecisionWatch, isWaiting, runsFolder } from './waiting';

export interface SignpostDeps {
  readonly model: RunsModel;
  readonly view: vscode.TreeView<unknown>;
  /** Show a run's decision panel beside the editor. */
  openPanel(runId: string): void;
}

export class Signposts extends Disposable {
  private readonly decisions = new DecisionWatch(new Date());

  constructor(private readonly deps: SignpostDeps) {
    super();
    this._register(deps.model.onDidChange(() => this.update()));
    setImmediate(() => void this.loadWhenRunsExist());
  }

  /** The number the badge shows: runs waiting for a decision. */
  waitingCount(): number {
    return this.deps.model.snapshot().runs.filter(isWaiting).length;
  }

  private update(): void {
    const runs = this.deps.model.snapshot().runs;
    const waiting = runs.filter(isWaiting).length;
    this.deps.view.badge = waiting > 0 ? { value: waiting, tooltip: waiting === 1 ? vscode.l10n.t('1 run waits for your decision') : vscode.l10n.t('{0} runs wait for your decision', waiting) } : undefined;
    void vscode.commands.executeCommand('setContext', 'revise.waitingRuns', waiting);
    const fresh = this.decisions.newDecisions(runs);
    if (vscode.workspace.getConfiguration('revise').get<boolean>('openPanelOnDecision', true)) for (const run of fresh) this.deps.openPanel(run.id);
  }

  /** Load the runs now if the repository has some; otherwise when the first one is written. */
  private async loadWhenRunsExist(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const runs = folder ? await runsFolder(folder) : undefined;
    if (!runs || this.isDisposed) return;
    const exists = await vscode.workspace.fs.stat(vscode.Uri.file(runs)).then(
      () => true,
      () => false,
    );
    if (exists) {
      void this.deps.model.ensureLoaded();
      return;
    }
    // Watched from the git folder, which exists (the runs folder is made with the first run).
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(dirname(runs))), 'revise/runs/*/run.json'), false, true, true));
    this._register(
      watcher.onDidCreate(() => {
        watcher.dispose();
        void this.deps.model.ensureLoaded();
      }),
    );
  }
}
