/**
 * Reliability trials for the repositories people really have and agents that misbehave: history
 * rewritten by the agent (reset, amend, detached HEAD, a switch to the user's branch), commits made
 * on the run branch from another checkout, a sparse checkout edited outside its cone, submodule work
 * at abort, an abort whose cleanup fails and is retried, and a start that fails after its first git
 * step. After each trial every commit the run ever saw must still be reachable.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Run } from '../../../src/core/model';
import { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { commitFiles, makeShallowClone, remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { agentCommit, scriptedAgent } from '../../helpers/scriptedAgent';
import { ensureGitLfs } from '../../helpers/gitLfs';
import { makeTempDir } from '../../helpers/tempDir';
import { recordScenario } from '../report';
import { assertNothingLost, CommitLedger } from '../reachability';

describe('reliability: repository conditions and misbehaving agents', function () {
  this.timeout(180_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));
  afterEach(() => delete process.env.FIXTURE_AGENT_SCRIPT);

  const decide = async (run: Run, option: Parameters<Engine['decide']>[1]['option']) => (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option })).run;
  const noted = (ledger: CommitLedger, run: Run) => {
    ledger.addRun(run);
    ledger.addWorktree(run.worktree);
    return run;
  };
  const checked = (ledger: CommitLedger) => assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });

  /** A run whose round 1 committed work, queued for round 2. */
  async function afterRoundOne(ledger: CommitLedger): Promise<Run> {
    ledger.add(fx.priorSha, 'prior attempt');
    let run = await decide(await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' }), 'request-changes');
    run = noted(ledger, await engine.runRound(run.id, scriptedAgent([{ write: 'round1.txt', content: 'one\n' }, { git: ['add', '-A'] }, { git: agentCommit('agent: round 1') }, { write: 'loose1.txt', content: 'uncommitted\n' }])));
    return decide(run, 'request-changes');
  }

  const REWRITES: Array<{ name: string; steps: () => unknown[]; then: 'keep-rewrite' | 'restore-previous-head' | 'abort' }> = [
    { name: 'git reset --hard to the base', steps: () => [{ git: ['reset', '--hard', fx.baseSha] }, { write: 'again.txt', content: 'x\n' }], then: 'restore-previous-head' },
    { name: 'git commit --amend of round 1', steps: () => [{ write: 'round1.txt', content: 'amended\n' }, { git: [...agentCommit('amended').slice(0, 4), 'commit', '--quiet', '--amend', '-am', 'amended'] }], then: 'keep-rewrite' },
    { name: 'detached HEAD~1 with new work', steps: () => [{ git: ['checkout', '--quiet', '--detach', 'HEAD~1'] }, { write: 'detached.txt', content: 'd\n' }], then: 'abort' },
    { name: "switch to the user's feature branch and commit there", steps: () => [{ git: ['checkout', '--quiet', 'feature'] }, { write: 'f.txt', content: 'f\n' }, { git: ['add', 'f.txt'] }, { git: agentCommit('on feature') }], then: 'keep-rewrite' },
  ];

  it('agent rewrites the run history: every case raises history-rewritten, and whatever is decided loses nothing', async () => {
    let commits = 0;
    for (const c of REWRITES) {
      sh(fx.user, ['branch', '--force', 'feature', 'origin/main']);
      const feature = sh(fx.user, ['rev-parse', 'feature']);
      const ledger = new CommitLedger();
      let run = await afterRoundOne(ledger);
      const remoteBefore = remoteTip(fx, fx.priorBranch);
      ledger.add(remoteBefore, 'remote tip before the trial');
      run = noted(ledger, await engine.runRound(run.id, scriptedAgent(c.steps())));
      assert.equal(run.pendingDecision?.kind, 'history-rewritten', c.name);
      assert.equal(remoteTip(fx, fx.priorBranch), remoteBefore, `${c.name}: nothing pushed before the decision`);
      assert.equal(sh(fx.user, ['rev-parse', 'feature']), feature, `${c.name}: the user's branch is unchanged`);
      run = noted(ledger, await decide(run, c.then));
      if (c.then === 'keep-rewrite') {
        run = noted(ledger, await decide(run, 'approve'));
        assert.equal(remoteTip(fx, fx.priorBranch), run.leaseSha, `${c.name}: the kept rewrite is pushed after the decision`);
      }
      commits += checked(ledger);
    }
    recordScenario({ scenario: 'agent rewrites the run history', trials: REWRITES.length, commitsChecked: commits, lost: 0, outcome: `history-rewritten raised every time (${REWRITES.map((c) => `${c.name} → ${c.then}`).join('; ')}); nothing pushed before the decision; the user's branch untouched` });
  });

  it('commits on the run branch from another checkout are built on, never reverted', async () => {
    const ledger = new CommitLedger();
    let run = await afterRoundOne(ledger);
    sh(fx.user, ['checkout', '--quiet', '--ignore-other-worktrees', run.localBranch]);
    const mine = commitFiles(fx.user, 'my fix on the run branch', { 'mine.txt': 'mine\n' });
    sh(fx.user, ['checkout', '--quiet', 'main']);
    ledger.add(mine, "the user's commit");
    run = noted(ledger, await engine.runRound(run.id, scriptedAgent([{ write: 'round2.txt', content: 'two\n' }])));
    assert.equal(sh(fx.user, ['show', `${run.rounds[2]!.headAfter!}:mine.txt`]), 'mine');
    recordScenario({ scenario: 'user commits on the run branch elsewhere', trials: 1, commitsChecked: checked(ledger), lost: 0, outcome: 'the next round brought the worktree up to the branch and built on the commit' });
  });

  it('sparse checkout: edits outside the cone are committed, and abort backs them up', async () => {
    const ledger = new CommitLedger();
    let run = await decide(await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' }), 'request-changes');
    sh(run.worktree, ['sparse-checkout', 'set', 'nowhere']);
    run = noted(ledger, await engine.runRound(run.id, scriptedAgent([{ write: 'README.md', content: '# fixed outside the cone\n' }, { write: 'docs/new.md', content: 'new\n' }])));
    const head = run.rounds[1]!.headAfter!;
    assert.equal(sh(fx.user, ['show', `${head}:README.md`]), '# fixed outside the cone');
    assert.equal(sh(fx.user, ['show', `${head}:docs/new.md`]), 'new');
    writeFileSync(join(run.worktree, 'shared.txt'), 'left uncommitted outside the cone\n');
    run = noted(ledger, await decide(run, 'abort'));
    assert.equal(run.status, 'aborted');
    assert.equal(sh(fx.user, ['show', `${run.backups.at(-1)!.ref}:shared.txt`]), 'left uncommitted outside the cone');
    recordScenario({ scenario: 'sparse checkout edited outside the cone', trials: 1, commitsChecked: checked(ledger), lost: 0, outcome: 'a fix and a new file outside the cone were committed; abort backed up an uncommitted one' });
  });

  it('submodule work survives abort; an abort whose cleanup fails is not an abort and can be retried', async () => {
    const ledger = new CommitLedger();
    let run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    const subRepo = join(makeTempDir('revise-sub-'), 'lib');
    sh(fx.root, ['init', '--quiet', subRepo]);
    commitFiles(subRepo, 'lib v1', { 'lib.txt': 'v1\n' });
    sh(run.worktree, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', subRepo, 'lib']);
    const subCommit = commitFiles(join(run.worktree, 'lib'), 'lib work that was never pushed', { 'lib.txt': 'v2\n' });
    sh(fx.user, ['worktree', 'lock', run.worktree]);
    await assert.rejects(decide(run, 'abort'));
    run = await engine.get(run.id);
    assert.equal(run.status, 'awaiting-decision');
    sh(fx.user, ['worktree', 'unlock', run.worktree]);
    run = noted(ledger, await decide(run, 'abort'));
    assert.equal(run.status, 'aborted');
    ledger.add(subCommit, 'submodule commit');
    recordScenario({ scenario: 'abort: cleanup fails, then retried; submodule work kept', trials: 1, commitsChecked: checked(ledger), lost: 0, outcome: 'the failed abort left the run awaiting a decision with the error; the retry backed up the submodule commit into the repository' });
  });

  it("Git LFS: approve uploads the round's LFS files, so a teammate's clone checks them out", async function () {
    this.timeout(600_000);
    if (!ensureGitLfs()) throw new Error('git-lfs is needed and could not be installed (apt-get install git-lfs)');
    for (const dir of [fx.seed, fx.user]) sh(dir, ['lfs', 'install', '--local']);
    sh(fx.seed, ['checkout', '--quiet', fx.priorBranch]);
    sh(fx.seed, ['lfs', 'track', '*.bin']);
    commitFiles(fx.seed, 'track binaries with LFS', {});
    sh(fx.seed, ['push', '--quiet', 'origin', fx.priorBranch]);
    const ledger = new CommitLedger();
    let run = await decide(await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' }), 'request-changes');
    run = noted(ledger, await engine.runRound(run.id, scriptedAgent([{ write: 'weights.bin', content: 'the real weights\n' }])));
    run = noted(ledger, await decide(run, 'approve'));
    assert.equal(remoteTip(fx, fx.priorBranch), run.rounds[1]!.headAfter);
    const teammate = join(makeTempDir('revise-teammate-'), 'clone');
    sh(fx.root, ['clone', '--quiet', '--no-checkout', `file://${fx.bare}`, teammate]);
    sh(teammate, ['lfs', 'install', '--local']);
    sh(teammate, ['checkout', '--quiet', fx.priorBranch]);
    assert.equal(readFileSync(join(teammate, 'weights.bin'), 'utf8'), 'the real weights\n');
    recordScenario({ scenario: 'Git LFS files pushed by approve', trials: 1, commitsChecked: checked(ledger), lost: 0, outcome: "approve ran git lfs push before the branch push; a teammate's clone of the pushed branch smudged the file" });
  });

  it('a start that fails after its first git step leaves nothing behind', async () => {
    const shallow = makeShallowClone(fx);
    const other = await Engine.open(shallow);
    try {
      await assert.rejects(other.start({ priorBranch: fx.priorBranch, baseUpdate: 'merge' }), /shallow/);
      assert.deepEqual(await other.leftovers(), []);
    } finally {
      other.dispose();
    }
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    recordScenario({ scenario: 'start fails after git worktree add (shallow clone)', trials: 1, commitsChecked: checked(ledger), lost: 0, outcome: 'shallow-clone error with `git fetch --unshallow`; worktree, branch and run refs rolled back; no leftovers' });
  });
});
