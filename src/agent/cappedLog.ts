/**
 * A log file with a size cap: the first half of the cap is written as it comes, the latest half is
 * kept in two segment files used in turn (each at most half the cap), and at the end the log gets
 * a note saying how many bytes were cut and where, followed by the kept tail. Memory stays flat and
 * disk use stays under twice the cap however much a process prints; an agent that prints 1 GiB
 * leaves a log of the cap's size whose start and end are intact.
 */
import { createWriteStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** What the cap cut out of a log. */
export interface LogCut {
  capBytes: number;
  /** Bytes of output left out. */
  cutBytes: number;
  /** The cut starts after this many bytes of output (the kept head). */
  cutAt: number;
}

/** 64 MiB: the default cap of a round's log. */
export const DEFAULT_LOG_CAP_BYTES = 64 * 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * Output waiting for the log or being written before the runner stops reading the process's pipes
 * (logFeed.ts). With the streams' default (16 KiB), every 64 KiB read of a pipe filled it: reading
 * paused until that one chunk was on disk, so reads and writes took turns. With room for a few
 * batches, the pipes are read while the file is written.
 */
export const LOG_BUFFER_BYTES = 4 * MIB;

/** The log of a process run: appended to, capped when `capBytes` is given (see CappedLog). */
export function openLog(path: string, capBytes: number | undefined): Writable {
  return capBytes === undefined ? createWriteStream(path, { flags: 'a', highWaterMark: LOG_BUFFER_BYTES }) : new CappedLog(path, capBytes);
}

/** A size in words: `64 MiB`, `256 KiB`, `17 bytes`. */
export function formatSize(bytes: number): string {
  const unit = bytes >= MIB ? ([MIB, 'MiB'] as const) : bytes >= 1024 ? ([1024, 'KiB'] as const) : undefined;
  if (!unit) return `${bytes} bytes`;
  return `${(bytes / unit[0]).toFixed(bytes % unit[0] === 0 ? 0 : 1)} ${unit[1]}`;
}

/** The line put where the cut is. */
export function cutNote(cut: LogCut): string {
  return `\n\n[revise: log capped at ${formatSize(cut.capBytes)}: ${cut.cutBytes} bytes of output cut here, after byte ${cut.cutAt}; the first ${formatSize(cut.cutAt)} and the last ${formatSize(cut.capBytes - cut.cutAt)} are kept]\n\n`;
}

export class CappedLog extends Writable {
  private log: FileHandle | undefined;
  private readonly segments: Array<FileHandle | undefined> = [undefined, undefined];
  private readonly segmentSize = [0, 0];
  private current = 0;
  private headLeft: number;
  private readonly tailLimit: number;
  private tailTotal = 0;
  private result: LogCut | undefined;

  constructor(
    private readonly path: string,
    private readonly capBytes: number,
  ) {
    super({ highWaterMark: LOG_BUFFER_BYTES });
    this.headLeft = Math.floor(capBytes / 2);
    this.tailLimit = capBytes - this.headLeft;
  }

  /** What was cut, once the log is finished (undefined: nothing). */
  cut(): LogCut | undefined {
    return this.result;
  }

  private segmentPath(i: number): string {
    return `${this.path}.tail-${i}`;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'a').then((fh) => {
      this.log = fh;
      callback();
    }, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.take(chunk).then(() => callback(), callback);
  }

  /** Chunks that queued up while the last write was under way: one pass over them all. */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.take(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk))).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finishTail().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handles = [this.log, ...this.segments].filter((h): h is FileHandle => h !== undefined);
    Promise.all(handles.map((h) => h.close().catch(() => undefined)))
      .then(() => Promise.all([0, 1].map((i) => rm(this.segmentPath(i), { force: true }))))
      .then(() => callback(error), () => callback(error));
  }

  private async take(chunk: Buffer): Promise<void> {
    let rest = chunk;
    if (this.headLeft > 0) {
      const head = rest.subarray(0, this.headLeft);
      await this.log!.write(head);
      this.headLeft -= head.length;
      rest = rest.subarray(head.length);
    }
    while (rest.length > 0) {
      if (this.segmentSize[this.current]! >= this.tailLimit) await this.switchSegment();
      const room = this.tailLimit - this.segmentSize[this.current]!;
      const part = rest.subarray(0, room);
      this.segments[this.current] ??= await open(this.segmentPath(this.current), 'w+');
      // At an explicit position: after a truncate the handle's own offset still points past the end.
      await this.segments[this.current]!.write(part, 0, part.length, this.segmentSize[this.current]);
      this.segmentSize[this.current]! += part.length;
      this.tailTotal += part.length;
      rest = rest.subarray(part.length);
    }
  }

  /** The current segment is full: the other one (older than it) is emptied and becomes current. */
  private async switchSegment(): Promise<void> {
    this.current = 1 - this.current;
    const segment = this.segments[this.current];
    if (segment) await segment.truncate(0);
    this.segmentSize[this.current] = 0;
  }

  /** Append the kept tail — the end of the older segment, then the current one — after the note. */
  private async finishTail(): Promise<void> {
    if (this.tailTotal === 0) return;
    const older = 1 - this.current;
    const fromOlder = Math.min(this.segmentSize[older]!, this.tailLimit - this.segmentSize[this.current]!);
    const kept = fromOlder + this.segmentSize[this.current]!;
    if (this.tailTotal > kept) {
      this.result = { capBytes: this.capBytes, cutBytes: this.tailTotal - kept, cutAt: this.capBytes - this.tailLimit };
      await this.log!.write(cutNote(this.result));
    }
    await this.copy(older, this.segmentSize[older]! - fromOlder, fromOlder);
    await this.copy(this.current, 0, this.segmentSize[this.current]!);
  }

  private async copy(index: number, from: number, length: number): Promise<void> {
    const segment = this.segments[index];
    if (!segment || length <= 0) return;
    const buffer = Buffer.alloc(Math.min(length, MIB));
    for (let done = 0; done < length; ) {
      const { bytesRead } = await segment.read(buffer, 0, Math.min(buffer.length, length - done), from + done);
      if (bytesRead === 0) break;
      await this.log!.write(buffer.subarray(0, bytesRead));
      done += bytesRead;
    }
  }
}
