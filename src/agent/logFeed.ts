/**
 * A process's output on its way to its log, with backpressure that keeps the file written while
 * the pipes are read. The log gets one batch at a time — whatever arrived during the previous
 * write, at most FEED_BYTES, in one write — and the next batch as soon as that write ends; the rest
 * waits here. Reading stops when LOG_BUFFER_BYTES are waiting and starts again once half of them
 * are on disk. (Waiting for all of them, as a writable's 'drain' does, left the pipes and the file
 * taking turns: while the last large write ran nothing was read, then nothing was written until
 * the next read.)
 */
import type { Writable } from 'node:stream';
import { LOG_BUFFER_BYTES } from './cappedLog';

/** Largest batch handed to the log in one write. */
export const FEED_BYTES = 1024 * 1024;

export class LogFeed {
  private readonly waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** Bytes of the batch the log is writing; 0: it is idle. */
  private writing = 0;
  private paused = false;
  /** Set once a write failed: later output is not logged (and never waits). */
  private failed = false;
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
    if (!this.failed) for (const chunk of this.waiting) this.log.write(chunk);
    this.waiting.length = 0;
    this.waitingBytes = 0;
  }

  /** Hand the log the next batch, in one write. */
  private next(): void {
    let count = 0;
    let bytes = 0;
    while (count < this.waiting.length && (count === 0 || bytes + this.waiting[count]!.length <= FEED_BYTES)) bytes += this.waiting[count++]!.length;
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
