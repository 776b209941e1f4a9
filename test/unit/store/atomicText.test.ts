import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonStringChunks, textChunks, writeTextAtomic } from '../../../src/store/atomicText';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

describe('atomic text writes', () => {
  afterEach(cleanupTempDirs);

  // Emoji are surrogate pairs: every chunk size lands some cut between the two halves of one.
  const text = 'línea "uno"\n\t😀x😀😀 \\ end\u2028';

  it('cuts text into chunks that never split a surrogate pair and join back to the text', () => {
    for (let size = 1; size <= 6; size++) {
      const chunks = [...textChunks(['', text, '😀'], size)];
      assert.equal(chunks.join(''), `${text}😀`);
      for (const chunk of chunks) assert.equal(Buffer.from(chunk, 'utf8').toString('utf8'), chunk, `chunk ${JSON.stringify(chunk)} of size ${size} is whole`);
    }
  });

  it('escapes text chunk by chunk exactly as JSON.stringify escapes it whole', () => {
    assert.equal(`"${[...jsonStringChunks([text.slice(0, 5), text.slice(5)])].join('')}"`, JSON.stringify(text));
  });

  it('replaces a file with the pieces written, and on a failure leaves the old file and no temporary file', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'run.json');
    writeFileSync(file, 'old');
    await writeTextAtomic(file, textChunks([text, 'more'], 3));
    assert.equal(readFileSync(file, 'utf8'), `${text}more`);
    function* failing(): Generator<string> {
      yield 'partial';
      throw new Error('the producer failed');
    }
    await assert.rejects(writeTextAtomic(file, failing()), /the producer failed/);
    assert.equal(readFileSync(file, 'utf8'), `${text}more`);
    assert.deepEqual(readdirSync(dir), ['run.json']);
    mkdirSync(join(dir, 'gone'));
    await assert.rejects(writeTextAtomic(join(dir, 'gone', 'missing', 'run.json'), ['x']), { code: 'ENOENT' });
  });
});
