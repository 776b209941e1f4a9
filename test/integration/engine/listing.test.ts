import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mayNeedRecovery } from '../../../src/core/runFacts';
import { Engine } from '../../../src/engine';
import { quickListing } from '../../../src/engine/listing';
import { RunStore } from '../../../src/store/runStore';
import { sh } from '../../helpers/gitFixture';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { makeTempDir } from '../../helpers/tempDir';

describe("revise status's listing without the engine", () => {
  let repo: string;
  let store: RunStore;

  beforeEach(async () => {
    repo = makeTempDir('revise-listing-');
    sh(repo, ['init', '--quiet', '--initial-branch=main']);
    store = new RunStore(join(repo, '.git'));
    for (let i = 0; i < 3; i++) await store.create(makeRun({ id: `run-000${i}`, findings: [makeFinding()], createdAt: `2026-01-0${i + 1}T00:00:00.000Z` }));
  });

  it('lists what the engine lists, a run.json edited by hand (so checked against the schema) included', async () => {
    const file = join(store.runDir('run-0001'), 'run.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Fix the parser"', '"Edited by hand"'));
    const engineList = await (await Engine.open(repo)).list();
    const quick = await quickListing(repo);
    assert.deepEqual(quick, engineList);
    assert.deepEqual(quick?.runs.map((r) => [r.id, r.title]), [['run-0002', 'Fix the parser'], ['run-0001', 'Edited by hand'], ['run-0000', 'Fix the parser']]);
  });

  it('leaves the listing to the engine for a run that may need recovery, and for a folder git must find', async () => {
    mkdirSync(join(repo, 'sub'));
    assert.equal(await quickListing(join(repo, 'sub')), undefined);
    assert.notEqual(await quickListing(repo), undefined);
    await store.update('run-0000', (run) => void (run.status = 'pushing'));
    assert.equal(await quickListing(repo), undefined);
  });

  it('takes a round running, a push under way and an active autopilot as states recovery may change, and no other', () => {
    const run = makeRun();
    assert.equal(mayNeedRecovery(run), false);
    for (const status of ['running', 'pushing'] as const) assert.equal(mayNeedRecovery({ ...run, status }), true, status);
    for (const status of ['approved', 'aborted', 'awaiting-decision'] as const) assert.equal(mayNeedRecovery({ ...run, status }), false, status);
    assert.equal(mayNeedRecovery({ status: 'awaiting-decision', autopilot: { status: 'active' } as NonNullable<typeof run.autopilot> }), true);
    assert.equal(mayNeedRecovery({ status: 'awaiting-decision', autopilot: { status: 'stopped' } as NonNullable<typeof run.autopilot> }), false);
  });
});
