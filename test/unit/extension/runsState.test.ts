import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Engine } from '../../../src/engine';
import { sameJson } from '../../../src/core/sameJson';
import { RunStore } from '../../../src/store/runStore';
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
