/**
 * Unpack a workflow artifact's zip archive (as GitHub serves it) into a folder, refusing entries
 * that would land outside it (absolute paths, `..`), so a crafted archive cannot write elsewhere.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { InputError } from '../core/errors';

/** Extract `zip` into `dir` (created); returns the relative paths written. */
export async function unzipArtifact(zip: Buffer, dir: string): Promise<string[]> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => (error ? reject(new InputError('actions-record-invalid', `The artifact is not a zip archive: ${error.message}`)) : resolve(file))));
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        archive.once('entry', resolve);
        archive.once('end', () => resolve(undefined));
        archive.once('error', reject);
        archive.readEntry();
      });
      if (!entry) break;
      archive.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      const name = normalize(entry.fileName);
      if (isAbsolute(entry.fileName) || name.split(sep).includes('..')) throw new InputError('actions-record-invalid', `The artifact holds an entry outside its folder (${entry.fileName}); nothing of it was used.`);
      if (entry.fileName.endsWith('/')) continue;
      const target = join(dir, name);
      await mkdir(dirname(target), { recursive: true });
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => archive.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
      await pipeline(stream, createWriteStream(target));
      written.push(name);
    }
  } finally {
    archive.close();
  }
  return written;
}
