/**
 * The extension's view of the runs of the open repository. Nothing here touches git or the disk
 * until a view or command first asks (`ensureLoaded`); then the engine is opened, the runs listed
 * once, and kept current from engine events (this window's writes) and a file watcher on the store
 * (writes by the CLI or another window). No polling. The engine's code itself loads on first use
 * too (chunks.ts).
 */
import * as vscode from 'vscode';
import type { Run } from '../core/model';
import { isSettled } from '../core/runFacts';
import { ReviseError } from '../core/errors';
import type { Engine } from '../engine';
import { loadEngine } from './chunks';
import { Disposable } from './util/dispose';

type Listing = Awaited<ReturnType<Engine['list']>>;
type QuarantinedFile = Listing['quarantined'][number];
type NewerRun = Listing['newer'][number];
type StoreNotice = Listing['notices'][number];

/** What the Runs view lists. */
export interface RunsSnapshot {
  runs: Run[];
  quarantined: QuarantinedFile[];
  newer: NewerRun[];
  /** Runs restored from their last-good copy, unreadable, or not brought up to date (disk full, read-only). */
  notices: StoreNotice[];
  /** Why there is no engine (no folder, not a repository), if so. */
  unavailable?: string;
}

export class RunsModel extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<Run | undefined>());
  /** Fires with the run that changed, or undefined when the whole list changed. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidOpenEngine = this._register(new vscode.EventEmitter<Engine>());
  /** Fires once, when the engine was opened. */
  readonly onDidOpenEngine = this._onDidOpenEngine.event;

  private enginePromise: Promise<Engine> | undefined;
  private loading: Promise<void> | undefined;
  private readonly runs = new Map<string, Run>();
  private quarantined: QuarantinedFile[] = [];
  private newer: NewerRun[] = [];
  private notices: StoreNotice[] = [];
  private unavailable: string | undefined;

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
    this._register(engine.onDidChangeRun(({ run }) => this.put(run)));
    this.watchStore(engine);
    this._onDidOpenEngine.fire(engine);
    return engine;
  }

  /** Runs written elsewhere (the CLI, another window) show up: the engine watches the store folders. */
  private watchStore(engine: Engine): void {
    this._register(engine.watchStore((runId) => void (runId ? this.reloadRun(engine, runId) : this.reload())));
  }

  private async reloadRun(engine: Engine, runId: string): Promise<void> {
    try {
      this.put(await engine.get(runId));
    } catch (error) {
      if (error instanceof ReviseError && error.code === 'run-not-found' && this.runs.delete(runId)) this._onDidChange.fire(undefined);
      else if (error instanceof ReviseError) await this.reload();
    }
  }

  private put(run: Run): void {
    const known = this.runs.get(run.id);
    if (known && known.updatedAt > run.updatedAt) return; // an older read raced a newer event
    this.runs.set(run.id, run);
    this._onDidChange.fire(known ? run : undefined);
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
      const listing = await engine.list();
      this.runs.clear();
      for (const run of listing.runs) this.runs.set(run.id, run);
      this.quarantined = listing.quarantined;
      this.newer = listing.newer;
      this.notices = listing.notices;
      this.unavailable = undefined;
    } catch (error) {
      this.unavailable = error instanceof Error ? error.message : String(error);
      this.enginePromise = undefined;
    }
    this._onDidChange.fire(undefined);
  }

  /** The runs as last seen, newest first. */
  snapshot(): RunsSnapshot {
    const runs = [...this.runs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return { runs, quarantined: this.quarantined, newer: this.newer, notices: this.notices, ...(this.unavailable ? { unavailable: this.unavailable } : {}) };
  }

  /** A run as last seen (loads the list first if needed). */
  async get(runId: string): Promise<Run | undefined> {
    await this.ensureLoaded();
    return this.runs.get(runId);
  }

  /** The run to show in the status bar: the most recently updated run that is not settled. */
  activeRun(): Run | undefined {
    return [...this.runs.values()].filter((r) => !isSettled(r)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  }
}
