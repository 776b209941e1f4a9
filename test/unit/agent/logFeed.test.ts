import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { LOG_BUFFER_BYTES } from '../../../src/agent/cappedLog';
import { BATCH_BYTES, LogFeed } from '../../../src/agent/logFeed';

/** A log whose writes complete only when the test says so, recording what reached it. */
class GatedLog extends Writable {
  readonly written: Buffer[] = [];
  private readonly pending: Array<{ data: Buffer; done: (error?: Error | null) => void }> = [];

  constructor() {
    super({ highWaterMark: LOG_BUFFER_BYTES });
  }

  private arrived: (() => void) | undefined;

  override _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void {
    this.started(Buffer.concat(chunks.map((c) => c.chunk)), done);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.started(chunk, done);
  }

  private started(data: Buffer, done: (error?: Error | null) => void): void {
    this.pending.push({ data, done });
    this.arrived?.();
  }

  /** Resolves once a write is under way. */
  underWay(): Promise<void> {
    return this.pending.length > 0 ? Promise.resolve() : new Promise((resolve) => (this.arrived = resolve));
  }

  /** Bytes handed to the one write under way (0: none). */
  get inFlight(): number {
    return this.pending[0]?.data.length ?? 0;
  }

  /** Complete the write under way (with `error`: fail it), then let its callbacks run. */
  async complete(error?: Error): Promise<void> {
    const write = this.pending.shift();
    assert.ok(write, 'a write is under way');
    if (!error) this.written.push(write.data);
    write.done(error ?? null);
    await new Promise((r) => setImmediate(r));
  }
}

const KIB = 1024;
const chunkOf = (i: number) => Buffer.alloc(64 * KIB, i % 251);

describe('log feed', () => {
  function setup() {
    const log = new GatedLog();
    log.on('error', () => undefined);
    const events: string[] = [];
    const feed = new LogFeed(
      log,
      () => events.push('pause'),
      () => events.push('resume'),
    );
    return { log, feed, events };
  }

  it('writes every chunk in order, in batches of the batch size, the last one when output stops', async () => {
    const { log, feed } = setup();
    const chunks = Array.from({ length: 100 }, (_, i) => chunkOf(i));
    feed.write(chunks[0]!);
    assert.equal(log.inFlight, 0, 'a lone chunk waits for more');
    for (const c of chunks.slice(1)) feed.write(c);
    const writes: number[] = [];
    while (log.inFlight > 0) {
      writes.push(log.inFlight);
      await log.complete();
    }
    assert.deepEqual(writes, [BATCH_BYTES, BATCH_BYTES, BATCH_BYTES, BATCH_BYTES, BATCH_BYTES, BATCH_BYTES]);
    await log.underWay();
    assert.equal(log.inFlight, 4 * 64 * KIB, 'the rest, once no more output came');
    await log.complete();
    assert.ok(Buffer.concat(log.written).equals(Buffer.concat(chunks)));
  });

  it('stops reading once the buffer is full and reads again when half of it is written, not all', async () => {
    const { log, feed, events } = setup();
    const perBuffer = LOG_BUFFER_BYTES / (64 * KIB);
    let i = 0;
    while (events.length === 0) feed.write(chunkOf(i++));
    assert.deepEqual(events, ['pause']);
    assert.equal(i, perBuffer, 'paused when the buffer held LOG_BUFFER_BYTES');
    let writtenBytes = 0;
    while (events.length === 1) {
      writtenBytes += log.inFlight;
      await log.complete();
    }
    assert.deepEqual(events, ['pause', 'resume']);
    assert.ok(writtenBytes >= LOG_BUFFER_BYTES / 2 && writtenBytes < LOG_BUFFER_BYTES, `resumed after ${writtenBytes} bytes were written`);
    assert.ok(log.inFlight > 0, 'the log is still writing when reading starts again');
  });

  it('hands the log what still waits on flush, before the log ends', async () => {
    const { log, feed } = setup();
    const chunks = Array.from({ length: 40 }, (_, i) => chunkOf(i));
    for (const c of chunks) feed.write(c);
    feed.flush();
    log.end();
    while (log.inFlight > 0) await log.complete();
    assert.ok(Buffer.concat(log.written).equals(Buffer.concat(chunks)));
  });

  it('after a failed write, reads on and drops later output instead of holding the pipes', async () => {
    const { log, feed, events } = setup();
    let i = 0;
    while (events.length === 0) feed.write(chunkOf(i++));
    await log.complete(new Error('ENOSPC'));
    assert.deepEqual(events, ['pause', 'resume']);
    feed.write(chunkOf(i));
    feed.flush();
    assert.equal(log.inFlight, 0, 'nothing more is written');
    assert.deepEqual(events, ['pause', 'resume']);
  });
});
