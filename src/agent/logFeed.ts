/**
 * A process's output on its way to its log, in few large writes, with backpressure that keeps the
 * file written while the pipes are read.
 *
 * A write is handed to the log once BATCH_BYTES wait (or when output stops coming for LINGER_MS),
 * never while the previous one runs: each write goes to a worker thread, and writing every 64 KiB
 * read on its own woke that thread thousands of times per 200 MB, taking turns with the reads on a
 * small machine. Reading stops when LOG_BUFFER_BYTES wait or are being written and starts again
 * once half of them are on disk — not all of them, as a writable's 'drain' waits for, which left
 * the pipes idle during the last write and the file idle until the next read.
 */
import type { Writable } from 'node:stream';
import { LOG_BUFFER_BYTES } from './cappedLog';

/** Size of one write to the log (it may exceed it by one chunk). */
export const BATCH_BYTES = 1024 * 1024;
/** Longest time output waits for a batch to fill before it is written anyway. */
export const LINGER_MS = 20;

export class LogFeed {
  private readonly waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** Bytes of the batch the log is writing; 0: it is idle. */
  private writing = 0;
  private paused = false;
  /** Set once a write failed: later output is not logged (and never waits). */
  private failed = false;
  private linger: NodeJS.Timeout | undefined;
  private readonly written = (error?: Error | null) => this.onWritten(error);

  /** `pause` / `resume`: stop and restart reading the pipes. */
  constructor(
    private readonly log: Writable,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  write(chunk: Buffer): void {
    if (this.failed) return;
    this.waiting.push(chunk);
    this.waitingBytes += chunk.length;
    if (this.writing === 0) this.next();
    else if (!this.paused && this.waitingBytes + this.writing >= LOG_BUFFER_BYTES) {
      this.paused = true;
      this.pause();
    }
  }

  /** Hand the log whatever still waits, before it is ended. */
  flush(): void {
    clearTimeout(this.linger);
    this.linger = undefined;
    if (!this.failed) for (const chunk of this.waiting) this.log.write(chunk);
    this.waiting.length = 0;
    this.waitingBytes = 0;
  }

  /** The log is idle: hand it a full batch, or write what waits once it has waited LINGER_MS. */
  private next(): void {
    if (this.waitingBytes >= BATCH_BYTES) this.writeBatch();
    else if (this.waitingBytes > 0) this.linger ??= setTimeout(() => this.writeBatch(), LINGER_MS);
  }

  private writeBatch(): void {
    clearTimeout(this.linger);
    this.linger = undefined;
    let count = 0;
    let bytes = 0;
    while (count < this.waiting.length && bytes < BATCH_BYTES) bytes += this.waiting[count++]!.length;
    if (count === 0) return;
    const batch = this.waiting.splice(0, count);
    this.waitingBytes -= bytes;
    this.writing = bytes;
    this.log.cork();
    // The last chunk's callback runs once the whole batch is written (or failed).
    for (let i = 0; i < count - 1; i++) this.log.write(batch[i]);
    this.log.write(batch[count - 1], this.written);
    this.log.uncork();
  }

  private onWritten(error?: Error | null): void {
    this.writing = 0;
    if (error) {
      // The log broke (runProcess records why): the output goes on unlogged, the pipes are not held.
      this.failed = true;
      this.waiting.length = 0;
      this.waitingBytes = 0;
    } else {
      this.next();
    }
    if (this.paused && (this.failed || this.waitingBytes + this.writing <= LOG_BUFFER_BYTES / 2)) {
      this.paused = false;
      this.resume();
    }
  }
}
