import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../../src/store/lastGood';
import { RunStore } from '../../../src/store/runStore';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/** A listing trusts run.json without a second schema check only when its text is the one Revise wrote. */
describe('RunStore: loading the text Revise wrote', () => {
  let store: RunStore;
  let file: string;

  beforeEach(async () => {
    store = new RunStore(makeTempDir());
    await store.create(makeRun({ id: 'run-a', findings: [makeFinding({ id: 'B1' }), makeFinding({ id: 'B2', include: false })] }));
    file = join(store.runDir('run-a'), 'run.json');
  });
  afterEach(cleanupTempDirs);

  it('keeps the checksum of the written text at the head of the last-good copy', async () => {
    assert.equal(store.lastGood.writtenChecksum('run-a'), sha256(readFileSync(file, 'utf8')));
    const updated = await store.update('run-a', (run) => {
      run.title = 'changed';
    });
    assert.equal(store.lastGood.writtenChecksum('run-a'), sha256(readFileSync(file, 'utf8')));
    assert.deepEqual((await store.list()).runs, [updated]);
    assert.deepEqual(await store.get('run-a'), updated);
  });

  it('still checks a well-formed file edited outside Revise, and puts the written one back', async () => {
    const written = await store.get('run-a');
    const edited = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    edited.maxRounds = -5;
    writeFileSync(file, JSON.stringify(edited, null, 2));
    const listing = await store.list();
    assert.deepEqual(listing.runs, [written]);
    assert.equal(listing.notices[0]?.kind, 'restored');
    assert.match(listing.notices[0]?.message ?? '', /maxRounds/);
  });

  it('checks the file in full when the copy has no readable head', async () => {
    writeFileSync(store.lastGood.file('run-a'), 'not a copy');
    assert.equal(store.lastGood.writtenChecksum('run-a'), undefined);
    assert.equal((await store.get('run-a')).findings[1]?.include, false);
  });
});
