/**
 * Debounced, chunked diagnostics publishing: changes gathered for `delayMs` are published a few
 * hundred files per event-loop turn, so 10,000 findings over 1,000 files never hold up requests.
 */
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
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly target: PublishTarget,
    private readonly delayMs: number,
  ) {}

  schedule(paths: Iterable<string>): void {
    for (const path of paths) this.dirty.add(path);
    if (this.dirty.size && !this.timer && !this.flushing) this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Resolves when nothing is waiting to be published. */
  whenIdle(): Promise<void> {
    if (!this.dirty.size && !this.timer && !this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
  }

  private flush(): void {
    this.timer = undefined;
    this.flushing = true;
    const batch = [...this.dirty].slice(0, CHUNK);
    for (const path of batch) {
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
