/**
 * The last-good copy's share of writing a large run, on a worker thread: writing run.json's text,
 * escaped as a JSON string, into the copy's open file. For a run of 100,000 findings that is
 * ~200 ms of the main thread (the escaping alone ~150 ms) that now runs beside it, while the main
 * thread makes the next piece of the text, hashes it and writes run.json (the hash stays there:
 * with it the worker would be the slower of the two).
 *
 * The worker writes with the file descriptor of the copy's temporary file (descriptors belong to the
 * process), at the file's position: the copy's head is written before the first piece is sent and
 * its tail after the worker has finished. At most a few pieces wait for it, so a slow disk does not
 * pile the text up in memory.
 */
import { Worker } from 'node:worker_threads';

/** Pieces sent and not yet written before `write` waits for the worker. */
const IN_FLIGHT = 4;
/** The worker's young generation: its garbage is one piece at a time, and a default-sized one would only add to the process's memory. */
const YOUNG_MB = 4;

/** The worker: each message is a piece of the text (write it escaped), `null` the end (answer whether all was written). */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let failure;
parentPort.on('message', (text) => {
  if (text === null) return parentPort.postMessage(failure === undefined ? { ended: true } : { failure });
  if (failure === undefined) {
    try {
      const escaped = Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8');
      for (let at = 0; at < escaped.length; ) at += writeSync(workerData.fd, escaped, at);
    } catch (error) {
      failure = String((error && error.message) || error);
    }
  }
  parentPort.postMessage({ written: true });
});
`;

type Answer = { written: true } | { ended: true } | { failure: string };

/** Writes, escaped, the pieces of a text given in order (see the module comment). */
export class OffThreadCopy {
  private readonly worker: Worker;
  private sent = 0;
  private written = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private finish: ((answer: Answer) => void) | undefined;

  /** Throws when no worker can be started (the caller then does the work itself). */
  constructor(fd: number) {
    this.worker = new Worker(SOURCE, { eval: true, workerData: { fd }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
    // The copy never keeps the process alive; `end` and `abort` stop the worker.
    this.worker.unref();
    this.worker.on('message', (answer: Answer) => {
      if ('written' in answer) this.written++;
      else this.finish?.(answer);
      this.wake?.();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the copy worker stopped')));
  }

  /** Send a piece (it must not end between the halves of a surrogate pair); waits while several are not yet written. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.worker.postMessage(text);
    this.sent++;
    while (this.sent - this.written > IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    const failure = this.failure as Error | undefined;
    if (failure) throw failure;
  }

  /** Wait for every piece to be written; throws what failed. */
  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    const answer = await new Promise<Answer>((resolve) => {
      this.finish = resolve;
      this.wake = () => this.failure && resolve({ failure: this.failure.message });
      this.worker.postMessage(null);
    });
    await this.worker.terminate();
    if ('failure' in answer) throw new Error(answer.failure);
  }

  async abort(): Promise<void> {
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }
}
