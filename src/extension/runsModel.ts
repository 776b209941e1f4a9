/**
 * The extension's view of the runs of the open repository. Nothing here touches git or the disk
 * until a view or command first asks (`ensureLoaded`); then the engine is opened, the runs listed
 * once, and kept current from engine events (this window's writes) and a file watcher on the store
 * (writes by the CLI or another window). No polling. The engine's code itself loads on first use
 * too (chunks.ts).
 */
import * as vscode from 'vscode';
import type { Run } from '../core/model';
import { ReviseError } from '../core/errors';
import type { Engine } from '../engine';
import { loadEngine } from './chunks';
import { RunsState, type RunsSnapshot } from './runsState';
import { Disposable } from './util/dispose';

export class RunsModel extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<Run | undefined>());
  /** Fires with the run that changed, or undefined when the whole list changed; once per write. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidOpenEngine = this._register(new vscode.EventEmitter<Engine>());
  /** Fires once, when the engine was opened. */
  readonly onDidOpenEngine = this._onDidOpenEngine.event;

  private enginePromise: Promise<Engine> | undefined;
  private loading: Promise<void> | undefined;
  private readonly state = new RunsState((run) => this._onDidChange.fire(run));

  /** The folder the engine opens: the first workspace folder. */
  private folder(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  /** The engine of the open repository, opened on first use. */
  engine(): Promise<Engine> {
    this.enginePromise ??= this.openEngine();
    return this.enginePromise;
  }

  private async openEngine(): Promise<Engine> {
    const folder = this.folder();
    if (!folder) throw new ReviseError('not-a-repo', vscode.l10n.t('No folder is open.'));
    const engine = await loadEngine().Engine.open(folder);
    this._register({ dispose: () => engine.dispose() });
    // This window's writes, and (through the engine's watcher on the store folders) runs written
    // elsewhere: the CLI, another window.
    for (const subscription of this.state.follow(engine, () => void this.reload())) this._register(subscription);
    this._onDidOpenEngine.fire(engine);
    return engine;
  }

  /** List the runs once (later changes arrive as events). Never throws: failures become `unavailable`. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.reload();
    return this.loading;
  }

  /** Re-list every run from disk. */
  async reload(): Promise<void> {
    try {
      const engine = await this.engine();
      this.state.setListing(await engine.list());
    } catch (error) {
      this.state.setUnavailable(error instanceof Error ? error.message : String(error));
      this.enginePromise = undefined;
    }
    this._onDidChange.fire(undefined);
  }

  /** The runs as last seen, newest first. */
  snapshot(): RunsSnapshot {
    return this.state.snapshot();
  }

  /** A run as last seen (loads the list first if needed). */
  async get(runId: string): Promise<Run | undefined> {
    await this.ensureLoaded();
    return this.state.get(runId);
  }

  /** The run to show in the status bar: the most recently updated run that is not settled. */
  activeRun(): Run | undefined {
    return this.state.activeRun();
  }
}
