import { strict as assert } from 'node:assert';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { commitFiles, pushFromSeed, remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { recordScenario } from '../report';
import { assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';

/** A custom agent that writes one file named after its round. */
const writer = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', "require('fs').writeFileSync(`round-${process.env.REVISE_ROUND}.txt`, 'ours\\n')"], timeoutMs: 60_000 } };

type Teammate = (fx: RemoteFixture) => string;

/** How the teammate moves the branch: on top of it, or rewriting it (a force-push that drops the prior tip). */
const TEAMMATES: Array<{ name: string; push: Teammate }> = [
  { name: 'pushes on top', push: (fx) => pushFromSeed(fx, fx.priorBranch, 'teammate: hotfix', { 'teammate.txt': 'theirs\n' }) },
  {
    name: 'force-pushes a rewrite',
    push: (fx) => {
      sh(fx.seed, ['checkout', '--quiet', '-B', 'rewrite', fx.baseSha]);
      const sha = commitFiles(fx.seed, 'teammate: start over', { 'teammate.txt': 'rewritten\n' });
      sh(fx.seed, ['push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${fx.priorBranch}`]);
      return sha;
    },
  },
];

describe('faults: a teammate pushes to the attempt branch while the run works on it', function () {
  this.timeout(120_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  async function round(run: Run, ledger: CommitLedger): Promise<Run> {
    const queued = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'go' })).run;
    const done = await engine.runRound(queued.id, writer);
    ledger.addRun(done);
    return done;
  }

  /** The lease refuses, both sides' commits stay, a decision is raised; refetch-and-update then pushes both. */
  async function raceAndRecover(run: Run, teammate: string, ledger: CommitLedger): Promise<void> {
    const ours = sh(run.worktree, ['rev-parse', 'HEAD']);
    await assert.rejects(engine.push(run.id), (e: unknown) => e instanceof ReviseError && e.code === 'lease-refused' && /someone pushed/.test(e.message));
    assert.equal(remoteTip(fx, fx.priorBranch), teammate, "the teammate's push is not overwritten");
    assert.equal(sh(run.worktree, ['rev-parse', 'HEAD']), ours, 'the run keeps its own commits');
    assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    let current = await assertRunRecoverable(fx.user, run.id, [['refetch-and-update', 'abort']]);
    current = (await engine.decide(run.id, { decisionId: current.pendingDecision!.id, option: 'refetch-and-update' })).run;
    ledger.addRun(current);
    current = (await engine.decide(run.id, { decisionId: current.pendingDecision!.id, option: 'approve' })).run;
    assert.equal(current.status, 'approved');
    const tip = remoteTip(fx, fx.priorBranch);
    for (const sha of [teammate, ours]) assert.equal(sh(fx.bare, ['merge-base', '--is-ancestor', sha, tip]), '', `${sha} is in the pushed result`);
    ledger.addRun(current);
  }

  let total = 0;
  let trials = 0;
  for (const teammate of TEAMMATES) {
    it(`refuses to push over a teammate who ${teammate.name} between restore and push, and keeps both sides`, async () => {
      const ledger = new CommitLedger();
      ledger.add(fx.priorSha, 'prior attempt');
      let run = await engine.start({ priorBranch: fx.priorBranch });
      ledger.addRun(run);
      run = await round(run, ledger);
      const theirs = teammate.push(fx);
      ledger.add(theirs, 'teammate push');
      await raceAndRecover(run, theirs, ledger);
      total += assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
      trials++;
    });
  }
  it('records the restore-then-push race', () => {
    assert.equal(trials, TEAMMATES.length);
    recordScenario({ scenario: 'lease race: push between restore and push', trials, commitsChecked: total, lost: 0, outcome: 'push refused (lease-refused), remote kept the teammate’s tip, refetch-and-update/abort raised; after refetch-and-update the approve pushed both sides' });
    total = 0;
    trials = 0;
  });

  for (const teammate of TEAMMATES) {
    it(`refuses to push over a teammate who ${teammate.name} between two rounds, and keeps both sides`, async () => {
      const ledger = new CommitLedger();
      ledger.add(fx.priorSha, 'prior attempt');
      let run = await engine.start({ priorBranch: fx.priorBranch });
      ledger.addRun(run);
      run = await round(run, ledger);
      run = await engine.push(run.id);
      assert.equal(remoteTip(fx, fx.priorBranch), run.leaseSha, 'round 1 is pushed and becomes the lease');
      const theirs = teammate.push(fx);
      ledger.add(theirs, 'teammate push');
      run = await round(run, ledger);
      await raceAndRecover(run, theirs, ledger);
      total += assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
      trials++;
    });
  }
  it('records the race between two rounds', () => {
    assert.equal(trials, TEAMMATES.length);
    recordScenario({ scenario: 'lease race: push between two rounds', trials, commitsChecked: total, lost: 0, outcome: 'second push refused (lease pinned to our own first push), teammate’s commits kept on the remote, refetch-and-update/abort raised; after refetch-and-update the approve pushed both sides' });
  });
});
