/**
 * Throttled, chunked diagnostics publishing. A change after a quiet spell is published on the next
 * event-loop turn (so an edit's diagnostics follow it at once, not after a debounce); changes that
 * arrive within `delayMs` of a publish are gathered into the next one, so typing or a burst of
 * `SetFindings` publishes at most once per `delayMs`. A publish sends a few hundred files per turn,
 * so 10,000 findings over 1,000 files never hold up requests.
 */
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver';

export interface PublishTarget {
  /** Send one file's diagnostics (an empty list clears them). */
  send(path: string, diagnostics: Diagnostic[]): void;
  /** The diagnostics of one file now. */
  diagnostics(path: string): Diagnostic[];
}

const CHUNK = 200;

export class Publisher {
  private readonly dirty = new Set<string>();
  /** Cancels the scheduled flush, when one is scheduled. */
  private timer: (() => void) | undefined;
  private flushing = false;
  /** When the last publish started (ms, monotonic). */
  private lastFlush = -Infinity;
  private idle: (() => void)[] = [];

  constructor(
    private readonly target: PublishTarget,
    private readonly delayMs: number,
  ) {}

  schedule(paths: Iterable<string>): void {
    for (const path of paths) this.dirty.add(path);
    if (!this.dirty.size || this.timer || this.flushing) return;
    const wait = this.lastFlush + this.delayMs - performance.now();
    if (wait <= 0) {
      // The next turn rather than now: changes made in the same turn (a SetFindings, then the
      // re-anchoring of open documents) go out together.
      const handle = setImmediate(() => this.flush());
      this.timer = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(() => this.flush(), wait);
      this.timer = () => clearTimeout(handle);
    }
  }

  /** Resolves when nothing is waiting to be published. */
  whenIdle(): Promise<void> {
    if (!this.dirty.size && !this.timer && !this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  dispose(): void {
    this.timer?.();
    this.timer = undefined;
    this.dirty.clear();
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.flushing) this.lastFlush = performance.now();
    this.flushing = true;
    let sent = 0;
    for (const path of this.dirty) {
      if (sent++ === CHUNK) break;
      this.dirty.delete(path);
      this.target.send(path, this.target.diagnostics(path));
    }
    if (this.dirty.size) {
      setImmediate(() => this.flush());
      return;
    }
    this.flushing = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
