import { strict as assert } from 'node:assert';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OffThreadCopy } from '../../../src/store/copyWorker';
import { LastGoodCopies, sha256 } from '../../../src/store/lastGood';
import { RunStore } from '../../../src/store/runStore';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

describe('last-good copy hashed and escaped on a worker thread', () => {
  afterEach(cleanupTempDirs);

  // Quotes, backslashes, control characters, line separators and characters of every UTF-8 length.
  const pieces = Array.from({ length: 40 }, (_, i) => `{\n  "n": ${i},\n  "text": "línea \\"${i}\\" \\\\ tab\\t 中文 😀"\n}\u2028\u0001${'x'.repeat(i * 97)}\n`);
  const text = pieces.join('');

  async function written(offThread: boolean, home: string): Promise<{ copies: LastGoodCopies; file: string }> {
    const copies = new LastGoodCopies(makeTempDir(), home);
    const writer = await copies.begin('run-a', offThread);
    for (const piece of pieces) await writer.write(piece);
    await writer.commit();
    return { copies, file: copies.file('run-a') };
  }

  it('writes the same copy as the main thread does: the text, escaped, with its checksum', async () => {
    const home = makeTempDir();
    const { copies, file } = await written(true, home);
    const found = copies.read('run-a');
    assert.equal(found.kind, 'copy');
    assert.equal(found.kind === 'copy' && found.copy.text, text);
    assert.equal(copies.writtenChecksum('run-a'), sha256(text));
    const here = await written(false, makeTempDir());
    // The same bytes but the time of saving and the repository's path.
    const strip = (f: string): string => readFileSync(f, 'utf8').replace(/"savedAt":"[^"]*","repository":"[^"]*"/, '');
    assert.equal(strip(file), strip(here.file));
    assert.deepEqual(readdirSync(copies.dir), ['run-a.json'], 'no temporary file is left');
  });

  it('reports a failed write when the text is ended', async () => {
    const dir = makeTempDir();
    // A descriptor open for reading only: every write of the worker fails.
    const fd = openSync(join(dir, 'read-only'), 'w+');
    closeSync(fd);
    const readOnly = openSync(join(dir, 'read-only'), 'r');
    try {
      const copy = new OffThreadCopy(readOnly);
      let failed: unknown;
      try {
        for (const piece of pieces) await copy.write(piece);
        await copy.end();
      } catch (error) {
        failed = error;
      }
      assert.ok(failed instanceof Error, 'the failure is reported');
      assert.match(failed.message, /EBADF|bad file descriptor/i);
      await copy.abort();
    } finally {
      closeSync(readOnly);
    }
  });

  it('is how the store writes the copy of a run of 20,000 findings, which then verifies against run.json', async function () {
    this.timeout(60_000);
    const commonDir = makeTempDir();
    const store = new RunStore(commonDir);
    const findings = Array.from({ length: 20_000 }, (_, i) => makeFinding({ id: `B${i + 1}`, message: `Finding ${i}: "quoted" \\ 😀` }));
    await store.create(makeRun({ id: 'run-big', findings }));
    const found = store.lastGood.read('run-big');
    assert.equal(found.kind, 'copy');
    assert.equal(found.kind === 'copy' && found.copy.text, readFileSync(join(store.runDir('run-big'), 'run.json'), 'utf8'));
    assert.equal((await store.get('run-big')).findings.length, 20_000);
  });
});
