import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Engine } from '../../../src/engine';
import { sameJson } from '../../../src/core/sameJson';
import { RunStore } from '../../../src/store/runStore';
import { RunsState } from '../../../src/extension/runsState';
import { followRuns, type FollowedRuns } from '../../helpers/runsEchoes';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/**
 * The real engine and store watcher on a real repository: each write reaches the state as the
 * engine's announcement and as the watcher's echo; the Runs view must hear of it once.
 */
describe('RunsState: one change per run write', () => {
  let engine: Engine;
  let followed: FollowedRuns;
  let repo: string;

  beforeEach(async () => {
    repo = makeTempDir();
    execFileSync('git', ['init', '--quiet', repo]);
    await new RunStore(join(repo, '.git')).create(makeRun({ id: 'run-a', findings: [makeFinding({ id: 'B1' })] }));
    engine = await Engine.open(repo);
    followed = await followRuns(engine);
  });
  afterEach(() => {
    followed.dispose();
    engine.dispose();
    cleanupTempDirs();
  });

  it("tells of this window's write once, though the watcher echoes it", async () => {
    const echoed = followed.echoOf('run-a');
    const written = await engine.setFindingStatus('run-a', 'B1', 'dismissed', 'not a bug');
    await echoed;
    assert.equal(followed.changes.length, 1);
    assert.ok(sameJson(followed.changes[0], written));
    assert.equal(followed.state.get('run-a')?.findings[0]?.status, 'dismissed');
    assert.equal(followed.relists(), 0);
  });

  it('tells of a write by another process once, through the watcher', async () => {
    const echoed = followed.echoOf('run-a');
    await new RunStore(join(repo, '.git')).update('run-a', (run) => {
      run.title = 'written by the CLI';
    });
    await echoed;
    assert.equal(followed.changes.length, 1);
    assert.equal(followed.changes[0]?.title, 'written by the CLI');
  });

  it('compares runs as their JSON: a key holding undefined is absent, any other difference counts', () => {
    const run = makeRun({ findings: [makeFinding()] });
    assert.ok(sameJson(run, JSON.parse(JSON.stringify(run))));
    assert.ok(sameJson({ ...run, pushBlockedReason: undefined }, run));
    assert.ok(!sameJson(run, { ...run, findings: [makeFinding({ status: 'resolved' })] }));
    assert.ok(!sameJson(run, { ...run, findings: [] }));
    assert.ok(!sameJson({ a: [1] }, { a: { 0: 1 } }));
  });
});

describe('RunsState: a listing that settles late', () => {
  it('keeps a run read after the listing was, and takes the listing for every other run', () => {
    const state = new RunsState(() => undefined);
    const older = makeRun({ id: 'run-a', updatedAt: '2026-01-01T00:00:01.000Z', findings: [] });
    const newer = { ...older, updatedAt: '2026-01-01T00:00:02.000Z', findings: [makeFinding({ id: 'B1' })] };
    const other = makeRun({ id: 'run-b', updatedAt: '2026-01-01T00:00:01.000Z' });
    state.put(newer);
    state.put({ ...other, title: 'held, then changed on disk' });
    state.setListing({ runs: [older, other], quarantined: [], newer: [], notices: [] });
    assert.deepEqual(state.get('run-a')?.findings.map((f) => f.id), ['B1'], 'the newer run stays');
    assert.equal(state.get('run-b')?.title, other.title, 'a run not newer than the listing is replaced');
    state.setListing({ runs: [other], quarantined: [], newer: [], notices: [] });
    assert.equal(state.get('run-a'), undefined, 'a run the listing no longer has is gone');
  });
});
