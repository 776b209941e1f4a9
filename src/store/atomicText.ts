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

/** Write `pieces` (in order) to `file` atomically; throws the file system's error and leaves no temporary file. */
export async function writeTextAtomic(file: string, pieces: Iterable<string>): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx');
    for (const piece of pieces) if (piece.length > 0) await handle.write(piece, null, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
