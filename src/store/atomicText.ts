/**
 * Atomic writes of large text without a second copy of it in memory: a run.json of 100,000
 * findings is 80 MB, and handing it to a file write as one string costs its 80 MB Buffer (twice
 * that for the last-good copy, whose text is escaped into a JSON string first). Here the text is
 * written in chunks to a temporary file beside the target, flushed to disk and renamed over it, so
 * a reader sees the old file or the new one, never a torn one (the guarantee write-file-atomic gives).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';

/** Characters per chunk: 1 MiB of ASCII. */
const CHUNK = 1 << 20;

/**
 * The concatenation of `parts` in chunks of about `size` characters. A chunk never ends between the
 * two halves of a surrogate pair, so each chunk encodes (to UTF-8, or as a JSON string) exactly as
 * its part of the whole text does.
 */
export function* textChunks(parts: readonly string[], size = CHUNK): Generator<string> {
  for (const part of parts) {
    for (let start = 0; start < part.length; ) {
      let end = Math.min(start + size, part.length);
      const last = part.charCodeAt(end - 1);
      // A cut after a pair's first half moves before it (or, for a one-character chunk, past the pair).
      if (end < part.length && last >= 0xd800 && last <= 0xdbff) end += end - start > 1 ? -1 : 1;
      yield part.slice(start, end);
      start = end;
    }
  }
}

/** `text` escaped as the inside of a JSON string, chunk by chunk (what `JSON.stringify` puts between the quotes). */
export function* jsonStringChunks(parts: readonly string[]): Generator<string> {
  for (const chunk of textChunks(parts)) yield JSON.stringify(chunk).slice(1, -1);
}

/** A file written in pieces to a temporary file beside it, then flushed and renamed over it. */
export class AtomicTextFile {
  private constructor(
    readonly file: string,
    private readonly temp: string,
    private handle: FileHandle | undefined,
  ) {}

  /** Create the temporary file; throws the file system's error. */
  static async open(file: string): Promise<AtomicTextFile> {
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    return new AtomicTextFile(file, temp, await open(temp, 'wx'));
  }

  async write(text: string): Promise<void> {
    if (text.length > 0) await this.handle!.write(text, null, 'utf8');
  }

  /** The temporary file's descriptor, for writes at its position from elsewhere (see copyWorker.ts). */
  get fd(): number {
    return this.handle!.fd;
  }

  /** Overwrite the bytes at `position` (before the file is committed, so no reader sees either state). */
  async writeAt(text: string, position: number): Promise<void> {
    await this.handle!.write(text, position, 'utf8');
  }

  /** Flush to disk and close, not yet in place; on failure the temporary file is removed and the error thrown. */
  async flush(): Promise<void> {
    try {
      await this.handle!.sync();
      await this.handle!.close();
      this.handle = undefined;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Flush (unless done) and rename over the target; on failure the temporary file is removed and the error thrown. */
  async commit(): Promise<void> {
    if (this.handle) await this.flush();
    try {
      await rename(this.temp, this.file);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Give up: the target is left as it was and no temporary file remains. */
  async abort(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await unlink(this.temp).catch(() => undefined);
  }
}

/** Write `pieces` (in order) to `file` atomically; throws the file system's error and leaves no temporary file. */
export async function writeTextAtomic(file: string, pieces: Iterable<string>): Promise<void> {
  const out = await AtomicTextFile.open(file);
  try {
    for (const piece of pieces) await out.write(piece);
  } catch (error) {
    await out.abort();
    throw error;
  }
  await out.commit();
}

/**
 * `pieces` joined into strings of at least `size` characters (the last may be shorter): a file
 * written a finding at a time would wait on the disk 100,000 times.
 */
export function* batched(pieces: Iterable<string>, size = CHUNK): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}
