import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { commitFiles, remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { agentCommit, scriptedAgent } from '../../helpers/scriptedAgent';

describe('engine: a round keeps the run history and commits only on the run branch', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));
  afterEach(() => delete process.env.FIXTURE_AGENT_SCRIPT);

  async function queue(run: Run, feedback = 'go'): Promise<Run> {
    return (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback })).run;
  }

  /** A run with one reviewed round whose agent committed `round1.txt`. */
  async function runWithOneRound(): Promise<Run> {
    const run = await queue(await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' }));
    return engine.runRound(run.id, scriptedAgent([{ write: 'round1.txt', content: 'one\n' }, { say: 'Done.' }]));
  }

  const refExists = (dir: string, ref: string) => sh(dir, ['for-each-ref', '--format=%(objectname)', ref]);
  const branchOf = (dir: string) => sh(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);

  it('pins every round head and raises history-rewritten when the agent resets to main; nothing is pushed before the decision', async () => {
    let run = await runWithOneRound();
    const round1 = run.rounds[1]!.headAfter!;
    assert.equal(refExists(fx.user, `refs/revise/rounds/${run.id}/1`), round1, "round 1's head is pinned");
    run = await queue(run);
    run = await engine.runRound(run.id, scriptedAgent([{ git: ['reset', '--hard', fx.baseSha] }, { write: 'fresh.txt', content: 'from scratch\n' }]));
    assert.equal(run.pendingDecision?.kind, 'history-rewritten');
    assert.deepEqual(run.pendingDecision?.options, ['keep-rewrite', 'restore-previous-head', 'abort']);
    assert.match(run.pendingDecision?.reason ?? '', /does not contain the previous head/);
    const kept = run.backups.find((b) => b.sha === round1);
    assert.ok(kept, 'the previous head is kept by a backup ref');
    assert.equal(refExists(fx.user, kept.ref), round1);
    await assert.rejects(engine.push(run.id), (e: unknown) => e instanceof ReviseError && e.code === 'push-not-allowed');
    assert.equal(remoteTip(fx, fx.priorBranch), fx.priorSha, 'the remote was not touched');
    // Restoring puts the run branch back; the rewritten head is backed up too.
    const rewritten = run.rounds[2]!.headAfter!;
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'restore-previous-head' })).run;
    assert.equal(sh(run.worktree, ['rev-parse', 'HEAD']), round1);
    assert.equal(run.rounds[2]!.headAfter, round1);
    assert.ok(run.backups.some((b) => b.sha === rewritten), 'the rewritten head is in a backup');
    assert.equal(run.pendingDecision?.kind, 'round-review');
  });

  it('keeps a rewrite when told to, and then pushes it with the lease', async () => {
    let run = await queue(await runWithOneRound());
    run = await engine.runRound(run.id, scriptedAgent([{ git: ['reset', '--hard', 'HEAD~1'] }, { write: 'fix.txt', content: 'rewritten\n' }, { git: agentCommit('amend by the agent') }]));
    assert.equal(run.pendingDecision?.kind, 'history-rewritten');
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'keep-rewrite' })).run;
    assert.equal(run.pendingDecision?.kind, 'round-review');
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'approve' })).run;
    assert.equal(run.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), run.rounds[2]!.headAfter);
  });

  it("commits an agent's work from the user's branch onto the run branch and puts that branch back", async () => {
    // The user's own branch `feature`, not checked out anywhere.
    sh(fx.user, ['branch', 'feature', 'origin/main']);
    const feature = sh(fx.user, ['rev-parse', 'feature']);
    let run = await queue(await runWithOneRound());
    run = await engine.runRound(run.id, scriptedAgent([{ git: ['checkout', '--quiet', 'feature'] }, { write: 'feature.txt', content: 'x\n' }, { git: ['add', 'feature.txt'] }, { git: agentCommit('work on the wrong branch') }, { write: 'loose.txt', content: 'uncommitted\n' }]));
    assert.equal(sh(fx.user, ['rev-parse', 'feature']), feature, 'the user branch is where it was');
    assert.equal(branchOf(run.worktree), run.localBranch, 'the worktree is back on the run branch');
    const head = run.rounds[2]!.headAfter!;
    assert.equal(sh(fx.user, ['rev-parse', run.localBranch]), head);
    assert.equal(sh(run.worktree, ['status', '--porcelain']), '', 'everything the agent left is committed');
    assert.equal(sh(fx.user, ['show', `${head}:loose.txt`]), 'uncommitted');
    assert.equal(sh(fx.user, ['show', `${head}:feature.txt`]), 'x');
    assert.equal(run.pendingDecision?.kind, 'history-rewritten', "feature does not contain round 1's head");
  });

  it('takes a detour through a new branch without a decision when the result still descends, and deletes that branch', async () => {
    let run = await queue(await runWithOneRound());
    run = await engine.runRound(run.id, scriptedAgent([{ git: ['checkout', '--quiet', '-b', 'agent-side'] }, { write: 'side.txt', content: 's\n' }]));
    assert.equal(run.pendingDecision?.kind, 'round-review');
    assert.equal(branchOf(run.worktree), run.localBranch);
    assert.equal(sh(fx.user, ['branch', '--list', 'agent-side']), '', 'the branch the agent made is gone; its work is on the run branch');
    assert.equal(sh(fx.user, ['show', `${run.rounds[2]!.headAfter!}:side.txt`]), 's');
  });

  it('approve pushes the run branch even when the worktree was switched to another branch by hand', async () => {
    sh(fx.user, ['branch', 'feature', 'origin/main']);
    const run = await runWithOneRound();
    sh(run.worktree, ['switch', '--quiet', 'feature']);
    const approved = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'approve' })).run;
    assert.equal(approved.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), run.rounds[1]!.headAfter, "the run's head, not feature's");
  });

  it('catches a detached HEAD~1 that would drop a commit from the remote', async () => {
    let run = await queue(await runWithOneRound());
    const round1 = run.rounds[1]!.headAfter!;
    run = await engine.runRound(run.id, scriptedAgent([{ git: ['checkout', '--quiet', '--detach', 'HEAD~1'] }, { write: 'detached.txt', content: 'd\n' }]));
    assert.equal(run.pendingDecision?.kind, 'history-rewritten');
    assert.equal(branchOf(run.worktree), run.localBranch);
    assert.ok(run.backups.some((b) => b.sha === round1));
  });

  it('raises history-rewritten after the next round when the user amended in the worktree between rounds', async () => {
    let run = await queue(await runWithOneRound());
    const round1 = run.rounds[1]!.headAfter!;
    sh(run.worktree, ['commit', '--quiet', '--amend', '-m', 'squashed by the user']);
    run = await engine.runRound(run.id, scriptedAgent([{ write: 'round2.txt', content: '2\n' }]));
    assert.equal(run.pendingDecision?.kind, 'history-rewritten');
    assert.ok(run.backups.some((b) => b.sha === round1), 'the amended-away head is kept');
  });

  it('brings in commits the user made on the run branch from another checkout instead of reverting them', async () => {
    let run = await queue(await runWithOneRound());
    sh(fx.user, ['checkout', '--quiet', '--ignore-other-worktrees', run.localBranch]);
    const userCommit = commitFiles(fx.user, 'my own fix', { 'mine.txt': 'mine\n' });
    sh(fx.user, ['checkout', '--quiet', 'main']);
    run = await engine.runRound(run.id, scriptedAgent([{ write: 'agent.txt', content: 'a\n' }]));
    const head = run.rounds[2]!.headAfter!;
    assert.equal(sh(fx.user, ['merge-base', '--is-ancestor', userCommit, head]), '');
    assert.equal(sh(fx.user, ['show', `${head}:mine.txt`]), 'mine', "the user's file is still there");
    assert.equal(run.rounds[2]!.headBefore, userCommit);
    assert.equal(run.pendingDecision?.kind, 'round-review');
  });

  it('refuses the round with the next step when the moved branch cannot be brought in safely', async () => {
    let run = await queue(await runWithOneRound());
    const round1 = run.rounds[1]!.headAfter!;
    sh(fx.user, ['checkout', '--quiet', '--ignore-other-worktrees', run.localBranch]);
    const userCommit = commitFiles(fx.user, 'my own fix', { 'mine.txt': 'mine\n' });
    sh(fx.user, ['checkout', '--quiet', 'main']);
    // Work of its own in the worktree: bringing the branch in could clobber it.
    const local = join(run.worktree, 'README.md');
    writeFileSync(local, 'local edit\n');
    await assert.rejects(engine.runRound(run.id, scriptedAgent([{ write: 'agent.txt', content: 'a\n' }])), (e: unknown) => e instanceof ReviseError && e.code === 'branch-moved' && /reset --hard/.test(e.message));
    run = await engine.get(run.id);
    assert.equal(run.pendingDecision?.kind, 'round-failed');
    assert.equal(readFileSync(local, 'utf8'), 'local edit\n', 'the worktree was not touched');
    assert.equal(sh(fx.user, ['rev-parse', run.localBranch]), userCommit);
    assert.equal(refExists(fx.user, `refs/revise/rounds/${run.id}/1`), round1);
  });
});
