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
    return { text: decodeText(inflated, fileName), fileName: fileName.replace(/\.gz$/i, '') };
  }
  return { text: decodeText(bytes, fileName), fileName };
}

function decodeText(bytes: Uint8Array, fileName: string): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return utf8(bytes.subarray(3), fileName);
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  for (const [magic, what] of magics) if (startsWith(bytes, magic)) throw notAReview(fileName, what);
  return utf8(bytes, fileName);
}

function utf8(bytes: Uint8Array, fileName: string): string {
  // A NUL in the first 8 KB is binary, whatever the rest decodes to.
  if (bytes.subarray(0, 8192).includes(0)) throw notAReview(fileName, 'a binary file (it contains NUL bytes)');
  if (!isUtf8(bytes)) throw notAReview(fileName, 'a binary file (it is not UTF-8 text)');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
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
