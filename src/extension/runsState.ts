/**
 * The runs the extension shows, kept current from the engine, without `vscode` (RunsModel wraps it
 * in VS Code events; the bench and unit tests drive it directly). Every write of this window
 * reaches it twice — the engine's announcement, then the store watcher's echo of the same file —
 * and writes by the CLI or another window once, through the watcher. A run equal to the one already
 * held changes nothing, so each write is one change, one tree redraw, one panel refresh.
 */
import type { Run } from '../core/model';
import { isSettled } from '../core/runFacts';
import { ReviseError } from '../core/errors';
import { sameJson } from '../core/sameJson';
import type { Engine } from '../engine';
import type { IDisposable } from './util/dispose';

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

/** The engine as the runs state uses it. */
export type RunsSource = Pick<Engine, 'get' | 'onDidChangeRun' | 'watchStore'>;

export class RunsState {
  private readonly runs = new Map<string, Run>();
  private quarantined: QuarantinedFile[] = [];
  private newer: NewerRun[] = [];
  private notices: StoreNotice[] = [];
  private unavailable: string | undefined;
  /** Re-reads of single runs still under way. */
  private readonly reading = new Set<Promise<void>>();

  /** `changed(run)`: that run changed; `changed(undefined)`: the whole list did. */
  constructor(private readonly changed: (run: Run | undefined) => void) {}

  /**
   * Follow the engine's announcements and the store watcher; `relist` re-reads every run (runs
   * coming and going). Returns the subscriptions.
   */
  follow(engine: RunsSource, relist: () => void): IDisposable[] {
    return [
      engine.onDidChangeRun(({ run }) => this.put(run)),
      engine.watchStore((runId) => (runId ? this.track(this.reloadRun(engine, runId, relist)) : relist())),
    ];
  }

  /** Settles when every re-read started so far has. */
  async idle(): Promise<void> {
    while (this.reading.size > 0) await Promise.all([...this.reading]);
  }

  private track(reading: Promise<void>): void {
    this.reading.add(reading);
    void reading.finally(() => this.reading.delete(reading));
  }

  private async reloadRun(engine: RunsSource, runId: string, relist: () => void): Promise<void> {
    try {
      this.put(await engine.get(runId));
    } catch (error) {
      if (error instanceof ReviseError && error.code === 'run-not-found' && this.runs.delete(runId)) this.changed(undefined);
      else if (error instanceof ReviseError) relist();
    }
  }

  /** Hold `run`; tells of a change unless it is the run already held (e.g. the watcher's echo of a write announced before). */
  put(run: Run): void {
    const known = this.runs.get(run.id);
    if (known && known.updatedAt > run.updatedAt) return; // an older read raced a newer event
    if (known && sameJson(known, run)) return;
    this.runs.set(run.id, run);
    this.changed(known ? run : undefined);
  }

  /**
   * Replace everything with a fresh listing — except a run held in a newer version than the listing's:
   * a listing read before a write may settle after the watcher's re-read of that write.
   */
  setListing(listing: Listing): void {
    const held = new Map(this.runs);
    this.runs.clear();
    for (const run of listing.runs) {
      const known = held.get(run.id);
      this.runs.set(run.id, known && known.updatedAt > run.updatedAt ? known : run);
    }
    this.quarantined = listing.quarantined;
    this.newer = listing.newer;
    this.notices = listing.notices;
    this.unavailable = undefined;
  }

  setUnavailable(reason: string): void {
    this.unavailable = reason;
  }

  /** The runs as last seen, newest first. */
  snapshot(): RunsSnapshot {
    const runs = [...this.runs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return { runs, quarantined: this.quarantined, newer: this.newer, notices: this.notices, ...(this.unavailable ? { unavailable: this.unavailable } : {}) };
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  /** The run to show in the status bar: the most recently updated run that is not settled. */
  activeRun(): Run | undefined {
    return [...this.runs.values()].filter((r) => !isSettled(r)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  }
}
