import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { restoreWorktree } from '../../../src/git';
import { FIXTURE_BIN, reviseCli, type CliResult } from '../../helpers/cli';
import { sh, useRemoteFixture, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';

function ok(result: CliResult): CliResult['json'] {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stdout}${result.stderr}`);
  return result.json;
}

describe('revise CLI: leftovers, and a history-rewritten decision shown and decided like any other', function () {
  this.timeout(180_000);
  let fx: RemoteFixture;
  useRemoteFixture((made) => (fx = made));

  it('lists the leftovers of a start that never became a run and removes them with --remove', async () => {
    const orphan = await restoreWorktree({ repoDir: fx.user, runId: 'orphan-9', remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore', baseUpdate: 'none' });
    const listed = ok(reviseCli(fx.user, ['leftovers'])) as { leftovers: Array<{ runId: string; worktree?: string }> };
    assert.deepEqual(listed.leftovers.map((l) => [l.runId, l.worktree]), [['orphan-9', orphan.worktree]]);
    ok(reviseCli(fx.user, ['leftovers', '--remove']));
    assert.ok(!existsSync(orphan.worktree));
    assert.deepEqual((ok(reviseCli(fx.user, ['leftovers'])) as { leftovers: unknown[] }).leftovers, []);
  });

  it('offers keep-rewrite / restore-previous-head / abort after an agent reset, and restores on request', () => {
    const script = join(makeTempDir('revise-script-'), 'script.json');
    writeFileSync(script, JSON.stringify({ 1: [{ write: 'one.txt', content: '1\n' }], 2: [{ git: ['reset', '--hard', fx.baseSha] }] }));
    const env = { PATH: `${FIXTURE_BIN}:${process.env.PATH ?? ''}`, FIXTURE_AGENT_SCRIPT: script };
    type RunDoc = { run: { id: string; worktree: string; pendingDecision: { id: string; kind: string; options: string[] } } };
    // `start` prints the run itself; `decide` and `round` print `{ run, … }`.
    let doc = { run: ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch, '--base-update', 'none'], env)) } as unknown as RunDoc;
    const id = doc.run.id;
    for (let round = 1; round <= 2; round++) {
      ok(reviseCli(fx.user, ['decide', '--run', id, '--decision', doc.run.pendingDecision.id, 'request-changes'], env));
      doc = ok(reviseCli(fx.user, ['round', '--run', id, '--agent', 'claude'], env)) as RunDoc;
    }
    assert.equal(doc.run.pendingDecision.kind, 'history-rewritten');
    assert.deepEqual(doc.run.pendingDecision.options, ['keep-rewrite', 'restore-previous-head', 'abort']);
    const pushed = reviseCli(fx.user, ['push', '--run', id], env);
    assert.equal(pushed.json.error?.code, 'push-not-allowed');
    doc = ok(reviseCli(fx.user, ['decide', '--run', id, '--decision', doc.run.pendingDecision.id, 'restore-previous-head'], env)) as RunDoc;
    assert.equal(doc.run.pendingDecision.kind, 'round-review');
    assert.equal(sh(doc.run.worktree, ['show', 'HEAD:one.txt']), '1', "round 1's work is back");
  });
});
