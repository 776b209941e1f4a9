import { strict as assert } from 'node:assert';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviseError } from '../../../src/core/errors';
import { Engine } from '../../../src/engine';
import { restoreWorktree } from '../../../src/git';
import { useEngineFixture } from '../../helpers/engineFixture';
import { makeShallowClone, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { storeOf } from '../../../src/engine/testSeam';

const gitState = (dir: string) => ({
  refs: sh(dir, ['for-each-ref', '--format=%(refname)', 'refs/heads/revise/', 'refs/revise/prior/', 'refs/revise/base/', 'refs/revise/rounds/']),
  worktrees: sh(dir, ['worktree', 'list', '--porcelain']).split('\n').filter((l) => l.startsWith('worktree ')).length,
});

describe('engine: start and abort change state only after their git work succeeded', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it('rolls a start in a shallow clone back and names the cause with the next step', async () => {
    const shallow = makeShallowClone(fx);
    const shallowEngine = await Engine.open(shallow);
    try {
      await assert.rejects(shallowEngine.start({ priorBranch: fx.priorBranch, baseUpdate: 'merge' }), (e: unknown) => e instanceof ReviseError && e.code === 'shallow-clone' && /git fetch --unshallow/.test(e.message));
      assert.deepEqual(gitState(shallow), { refs: '', worktrees: 1 }, 'no worktree, branch or run ref is left behind');
      assert.deepEqual((await shallowEngine.list()).runs, []);
    } finally {
      shallowEngine.dispose();
    }
  });

  it('lists leftovers of a start that never became a run, and removes them (backing up work found there)', async () => {
    const orphan = await restoreWorktree({ repoDir: fx.user, runId: 'orphan-1', remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore', baseUpdate: 'none' });
    const run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    writeFileSync(join(orphan.worktree, 'work.txt'), 'typed into the orphan\n');
    const found = await engine.leftovers();
    assert.deepEqual(found.map((l) => l.runId), ['orphan-1'], "the real run's branch and worktree are not leftovers");
    assert.equal(found[0]!.worktree, orphan.worktree);
    assert.ok(found[0]!.refs.includes('refs/heads/revise/orphan-1'));
    const { removed, backups } = await engine.removeLeftovers();
    assert.deepEqual(removed.map((l) => l.runId), ['orphan-1']);
    assert.ok(!existsSync(orphan.worktree));
    assert.equal(sh(fx.user, ['show', `${backups[0]!.ref}:work.txt`]), 'typed into the orphan');
    assert.deepEqual(await engine.leftovers(), []);
    assert.ok(existsSync(run.worktree), "the real run's worktree stays");
  });

  it("keeps a round's commit when removing the pins of a run whose folder and branch were deleted by hand", async () => {
    let run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, { agent: { preset: 'custom', command: [process.execPath, '-e', "require('fs').writeFileSync('r1.txt', '1')"], timeoutMs: 30_000 } });
    const round1 = run.rounds[1]!.headAfter!;
    sh(fx.user, ['worktree', 'remove', '--force', run.worktree]);
    sh(fx.user, ['branch', '--quiet', '-D', run.localBranch]);
    rmSync(storeOf(engine).runDir(run.id), { recursive: true, force: true });
    const [leftover] = await engine.leftovers();
    assert.ok(leftover?.refs.includes(`refs/revise/rounds/${run.id}/1`));
    const { backups } = await engine.removeLeftovers();
    assert.ok(backups.some((b) => b.sha === round1), 'the round head became a backup before its pin went');
    assert.equal(sh(fx.user, ['for-each-ref', '--format=%(refname)', `refs/revise/rounds/${run.id}/`]), '');
  });

  it('leaves the run not aborted when the cleanup fails, with the error, and a second abort finishes it', async () => {
    const run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    writeFileSync(join(run.worktree, 'draft.txt'), 'uncommitted\n');
    // A locked worktree cannot be removed with a single --force.
    sh(fx.user, ['worktree', 'lock', '--reason', 'on a removable disk', run.worktree]);
    await assert.rejects(engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'abort' }), (e: unknown) => e instanceof ReviseError && e.code === 'worktree-failed');
    let after = await engine.get(run.id);
    assert.equal(after.status, 'awaiting-decision');
    assert.equal(after.pendingDecision?.kind, 'round-review');
    assert.match(after.pendingDecision?.reason ?? '', /Abort did not finish: .*locked/);
    assert.ok(existsSync(join(run.worktree, 'draft.txt')));
    sh(fx.user, ['worktree', 'unlock', run.worktree]);
    after = (await engine.decide(run.id, { decisionId: after.pendingDecision.id, option: 'abort' })).run;
    assert.equal(after.status, 'aborted');
    assert.ok(!existsSync(run.worktree));
    const kept = after.backups.at(-1)!;
    assert.equal(sh(fx.user, ['show', `${kept.ref}:draft.txt`]), 'uncommitted', 'the uncommitted file is in the backup');
  });
});
