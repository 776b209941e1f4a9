/**
 * A file's bytes read forward through a window of a few megabytes (see sarifStream.ts), checked to
 * be UTF-8 as they come when asked to.
 */
import { isUtf8 } from 'node:buffer';

/** Bytes read at a time, and the room below which the window makes room before a read. */
const WINDOW = 4 << 20;
const MIN_READ = 64 << 10;

/** Reads the file's bytes at `position` into `into` (as `fs.readSync`); 0 at its end. */
export type ReadAt = (into: Uint8Array, position: number) => number;

/** Thrown when the bytes are not what the reader reads (or cannot be read); never leaves the SARIF reader. */
export class GiveUp extends Error {}

/** The file's bytes, read forward a window at a time. */
export class ByteWindow {
  bytes: Buffer = Buffer.alloc(0);
  /** File offsets of `bytes[0]` and of the end of what it holds. */
  base: number;
  end: number;
  /** Bytes before this offset were checked to be UTF-8. */
  private checked: number;
  /** Whether the end of the file was read. */
  done = false;

  constructor(
    private readonly readAt: ReadAt,
    from: number,
    /** Whether to check that the bytes are UTF-8 (the first pass does, for both). */
    private readonly check: boolean,
  ) {
    this.base = this.end = this.checked = from;
  }

  /** Read on, keeping the bytes from `keep` (and any not yet checked); false at the end of the file. */
  more(keep: number): boolean {
    if (this.done) return false;
    if (this.bytes.length - (this.end - this.base) < MIN_READ) {
      // Move what is kept to the front, or into a larger window when it fills most of this one.
      const from = Math.min(keep, this.end, this.check ? this.checked : Infinity);
      const kept = this.end - from;
      const target = this.bytes.length < kept + WINDOW ? Buffer.allocUnsafe(Math.max(WINDOW, 2 * kept) + WINDOW) : this.bytes;
      this.bytes.copy(target, 0, from - this.base, this.end - this.base);
      this.bytes = target;
      this.base = from;
    }
    let read: number;
    try {
      read = this.readAt(this.bytes.subarray(this.end - this.base), this.end);
    } catch {
      // The whole read reports the file's error in its usual words.
      throw new GiveUp();
    }
    this.end += read;
    if (read === 0) this.done = true;
    if (this.check) this.checkUtf8();
    return read > 0;
  }

  /** Read on, keeping the bytes from `keep`, until the bytes up to `upTo` are here (or the file ends). */
  fill(keep: number, upTo: number): void {
    while (this.end < upTo && this.more(keep));
  }

  /** The byte at file offset `pos` (read on to it, keeping the bytes from `keep`); -1 at the end of the file. */
  byteAt(pos: number, keep = pos): number {
    this.fill(Math.min(keep, this.end), pos + 1);
    return pos < this.end ? this.bytes[pos - this.base]! : -1;
  }

  /** The bytes from `start` to `end` as text, read on as far as needed. */
  text(start: number, end: number): string {
    if (start >= this.end) {
      // Nothing before `start` is needed again: the next read begins there.
      this.base = this.end = start;
    }
    while (this.end < end) if (!this.more(start)) throw new GiveUp();
    return this.bytes.toString('utf8', start - this.base, end - this.base);
  }

  /** Check the complete characters read since the last check (the rest waits for the next read). */
  private checkUtf8(): void {
    let upTo = this.end;
    if (!this.done) {
      // Back over the continuation bytes at the end to the lead byte of a possibly incomplete character.
      let lead = this.end - 1;
      while (lead > this.checked && this.end - lead < 4 && (this.at(lead) & 0xc0) === 0x80) lead--;
      const first = this.at(lead);
      const length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
      if (lead >= this.checked && this.end - lead < length) upTo = lead;
    }
    if (!isUtf8(this.bytes.subarray(this.checked - this.base, upTo - this.base))) throw new GiveUp();
    this.checked = upTo;
  }

  private at(pos: number): number {
    return this.bytes[pos - this.base]!;
  }
}
