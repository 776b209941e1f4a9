/**
 * A review file's bytes as text: gzip is decompressed (`.sarif.gz`, as CI artefacts are often
 * stored), a UTF-8 byte-order mark is dropped, UTF-16 with a byte-order mark is decoded; anything
 * binary is refused with `bad-file` naming what it looks like, before any importer sees it.
 */
import { isUtf8 } from 'node:buffer';
import type * as Zlib from 'node:zlib';
import { InputError } from '../errors';

/** Decompressed size above which a gzip review is refused (a review is text, not a disk image). */
const MAX_GUNZIPPED = 1024 * 1024 * 1024;

const magics: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
  [[0x42, 0x5a, 0x68], 'a bzip2 archive'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'an xz archive'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd archive'],
];

/** The text of a review file, and its name without a `.gz` suffix when it was gzip. */
export function decodeReview(bytes: Uint8Array, fileName: string): { text: string; fileName: string } {
  const decoded = reviewBytes(bytes, fileName);
  return { text: decoded.text ?? decoded.utf8!.toString('utf8'), fileName: decoded.fileName };
}

/**
 * A review file as checked UTF-8 bytes (`utf8`: inflated, without a byte-order mark) or, for
 * UTF-16, as `text`; and its name without a `.gz` suffix when it was gzip. See `decodeReview`.
 */
export function reviewBytes(bytes: Uint8Array, fileName: string): { utf8?: Buffer; text?: string; fileName: string } {
  if (startsWith(bytes, [0x1f, 0x8b])) {
    let inflated: Buffer;
    try {
      // zlib loads here, for the rare gzip review: loading it costs every `revise` command ~6 ms.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { gunzipSync } = require('node:zlib') as typeof Zlib;
      inflated = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED });
    } catch (error) {
      throw notAReview(fileName, 'a gzip file that could not be decompressed', (error as Error).message);
    }
    if (startsWith(inflated, [0x1f, 0x8b])) throw notAReview(fileName, 'a gzip file inside a gzip file');
    return { ...decodeText(inflated, fileName), fileName: fileName.replace(/\.gz$/i, '') };
  }
  return { ...decodeText(bytes, fileName), fileName };
}

function decodeText(bytes: Uint8Array, fileName: string): { utf8?: Buffer; text?: string } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { utf8: utf8(bytes.subarray(3), fileName) };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  for (const [magic, what] of magics) if (startsWith(bytes, magic)) throw notAReview(fileName, what);
  return { utf8: utf8(bytes, fileName) };
}

function utf8(bytes: Uint8Array, fileName: string): Buffer {
  // A NUL in the first 8 KB is binary, whatever the rest decodes to.
  if (bytes.subarray(0, 8192).includes(0)) throw notAReview(fileName, 'a binary file (it contains NUL bytes)');
  if (!isUtf8(bytes)) throw notAReview(fileName, 'a binary file (it is not UTF-8 text)');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Bytes `plainTextStart` needs from the start of a file. */
export const HEAD_BYTES = 8192 + 3;

/**
 * Where the UTF-8 text of a file whose first `HEAD_BYTES` are `head` begins (after a byte-order
 * mark), or undefined when the head calls for more than reading it as UTF-8 (gzip, UTF-16, a
 * binary format, a NUL): then `decodeReview` must see the whole file.
 */
export function plainTextStart(head: Uint8Array): number | undefined {
  if (startsWith(head, [0x1f, 0x8b]) || startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return undefined;
  const start = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  if (start === 0 && magics.some(([magic]) => startsWith(head, magic))) return undefined;
  return head.subarray(start, start + 8192).includes(0) ? undefined : start;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** `bad-file`: the file is not a review; `looksLike` says what it is. Nothing was imported. */
export function notAReview(fileName: string, looksLike: string, detail?: string): InputError {
  return new InputError('bad-file', `${fileName} is not a review: it looks like ${looksLike}${detail ? ` (${detail})` : ''}. Nothing was imported; import a markdown review, a SARIF 2.1.0 log or Revise findings JSON.`, {
    details: { looksLike },
  });
}
