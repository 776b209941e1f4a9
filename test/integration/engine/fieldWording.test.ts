import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hintFor } from '../../../src/cli/hints';
import { Engine } from '../../../src/engine';
import { RunStore } from '../../../src/store/runStore';
import { rejection } from '../../helpers/reviseErrors';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/**
 * Bad input to the engine is refused in the engine's own terms, the fields of its input, so the
 * extension (which has no flags) and the CLI (which checks its flags first) both read it right;
 * nothing is written.
 */
describe('the engine refuses bad input naming its fields, not a front end\'s flags', () => {
  let engine: Engine;
  let store: RunStore;

  beforeEach(async () => {
    const repo = makeTempDir('revise-fields-');
    execFileSync('git', ['init', '--quiet', repo]);
    store = new RunStore(join(repo, '.git'));
    await store.create(makeRun({ id: 'run-a', worktree: repo, findings: [makeFinding({ id: 'B1', status: 'resolved' })] }));
    engine = await Engine.open(repo);
  });
  afterEach(() => {
    engine.dispose();
    cleanupTempDirs();
  });

  it('refuses a finding with a bad line range, a line without a file, or a dismissal without a reason', async () => {
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [engine.addFinding('run-a', { file: 'a.ts', line: 0, severity: 'nit', message: 'm' }), /^A finding's line must be a line number ≥ 1 \(got 0\)\.$/],
      [engine.addFinding('run-a', { file: 'a.ts', line: 3, endLine: 2, severity: 'nit', message: 'm' }), /^A finding's endLine \(2\) is before its line \(3\)\.$/],
      [engine.addFinding('run-a', { line: 3, severity: 'nit', message: 'm' }), /^A finding with a line needs a file\.$/],
      [engine.setFindingStatus('run-a', 'B1', 'dismissed', ' '), /^Dismissing B1 needs a reason\.$/],
    ];
    for (const [attempt, message] of cases) {
      const error = await rejection(attempt);
      assert.equal(error.code, 'bad-input');
      assert.match(error.message, message);
    }
    const run = await engine.get('run-a');
    assert.deepEqual(run.findings.map((f) => [f.id, f.status]), [['B1', 'resolved']], 'nothing was written');
  });

  it('refuses a round cap below 0 as maxRounds, naming the field in its details', async () => {
    const error = await rejection(engine.start({ priorBranch: 'agent/x', maxRounds: -1 }));
    assert.equal(error.code, 'bad-input');
    assert.equal(error.message, 'maxRounds must be a whole number ≥ 0 (got -1).');
    assert.equal(error.details?.field, 'maxRounds');
  });

  it('says a finding that is not open must be reopened first, the finding and its state in the details', async () => {
    const error = await rejection(engine.acceptFinding('run-a', 'B1'));
    assert.equal(error.message, 'B1 is already resolved; reopen it first.');
    assert.deepEqual(error.details, { runId: 'run-a', findingId: 'B1', status: 'resolved', situation: 'finding-not-open' });
    assert.equal(hintFor(error, undefined), '`revise findings reopen --run run-a B1` reopens it.', 'the CLI names its command, with the run from the details');
  });
});
