import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { pushFromSeed, remoteTip, sh, snapshotCheckout, type RemoteFixture } from '../../helpers/gitFixture';
import { recordScenario } from '../report';
import { AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';
import { startKillableRemote, type KillableRemote } from './killableRemote';

/** An agent that adds 1 MiB of incompressible data: a push long enough to cut. */
const bigWriter = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', "require('fs').writeFileSync(`asset-${process.env.REVISE_ROUND}.bin`, require('crypto').randomBytes(1 << 20))"], timeoutMs: 60_000 } };

function isError(code: string, message: RegExp) {
  return (e: unknown) => e instanceof ReviseError && e.code === code && message.test(e.message);
}

describe('faults: the git server dies in the middle of a transfer', function () {
  this.timeout(180_000);
  let fx: RemoteFixture;
  let engine: Engine;
  let remote: KillableRemote;
  useEngineFixture((made) => ({ fx, engine } = made));
  beforeEach(async () => {
    remote = await startKillableRemote(fx.root);
    sh(fx.user, ['remote', 'set-url', 'origin', remote.url('remote.git')]);
  });
  afterEach(() => remote.stop());

  it('remote gone mid-fetch: start fails with fetch-failed and a next step, nothing half-made, and works once the server is back', async () => {
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    const cuts = [32 * 1024, 512 * 1024];
    for (const [trial, bytes] of cuts.entries()) {
      // 1 MiB of incompressible data the user does not have yet makes the restore's fetch long enough to cut.
      const tip = pushFromSeed(fx, fx.priorBranch, `attempt: big asset ${trial}`, { [`asset-${trial}.bin`]: randomBytes(1 << 20) });
      ledger.add(tip, `prior attempt tip ${trial}`);
      const before = snapshotCheckout(fx.user);
      const runsBefore = (await engine.list()).runs.length;
      const killed = remote.killAfter('to-client', bytes);
      // The transfer broke and the server is gone: either is a true account, each with what to do next.
      await assert.rejects(engine.start({ priorBranch: fx.priorBranch }), (e: unknown) => isError('fetch-failed', /try again/)(e) || isError('remote-unreachable', /no network/)(e));
      await killed;
      assert.ok(remote.down);
      // While it is down, a retry says the remote cannot be reached (not "branch missing", no fallback to base).
      await assert.rejects(engine.start({ priorBranch: fx.priorBranch }), isError('remote-unreachable', /./));
      assert.equal((await engine.list()).runs.length, runsBefore, 'no half-made run');
      assert.ok(!existsSync(`${fx.user}.revise`) || readdirSync(`${fx.user}.revise`).length === 0, 'no worktree left behind');
      assert.deepEqual(snapshotCheckout(fx.user), before, "the user's checkout is untouched");
      assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
      await remote.revive();
      const run = await engine.start({ priorBranch: fx.priorBranch });
      assert.equal(run.restoredSha, tip);
      ledger.addRun(run);
      await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
      await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'abort' });
    }
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'remote gone mid-fetch', trials: cuts.length, commitsChecked: checked, lost: 0, outcome: `server killed after ${cuts.map((b) => `${b / 1024} KiB`).join(' / ')} of the restore fetch: fetch-failed ("…try again") or remote-unreachable ("…no network"), remote-unreachable while down; no run, worktree or checkout change; restore works once it is back` });
  });

  it('remote gone mid-push: push-failed with a next step, remote and lease unchanged, decision still offered, push works once the server is back', async () => {
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    let run: Run = await engine.start({ priorBranch: fx.priorBranch });
    ledger.addRun(run);
    const ways: Array<{ name: string; push: (r: Run) => Promise<unknown> }> = [
      { name: 'revise push', push: (r) => engine.push(r.id) },
      { name: 'approve', push: (r) => engine.decide(r.id, { decisionId: r.pendingDecision!.id, option: 'approve' }) },
    ];
    for (const way of ways) {
      run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: way.name })).run;
      run = await engine.runRound(run.id, bigWriter);
      ledger.addRun(run);
      const onRemote = remoteTip(fx, fx.priorBranch);
      const killed = remote.killAfter('to-server', 64 * 1024);
      await assert.rejects(way.push(run), isError('push-failed', /nothing was overwritten/));
      await killed;
      assert.equal(remoteTip(fx, fx.priorBranch), onRemote, `${way.name}: the remote branch did not move`);
      const after = await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
      assert.equal(after.leaseSha, run.leaseSha, `${way.name}: the lease still pins what is on the remote`);
      assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
      await remote.revive();
      run = way.name === 'approve' ? (await engine.decide(run.id, { decisionId: after.pendingDecision!.id, option: 'approve' })).run : await engine.push(run.id);
      assert.equal(remoteTip(fx, fx.priorBranch), run.rounds.at(-1)!.headAfter, `${way.name}: the retry pushed the round`);
      ledger.addRun(run);
    }
    assert.equal(run.status, 'approved');
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'remote gone mid-push', trials: ways.length, commitsChecked: checked, lost: 0, outcome: 'server killed after 64 KiB of a 1 MiB push (via revise push, via approve): push-failed ("…nothing was overwritten"), remote branch and lease unchanged, approve/request-changes/abort still offered; the retry pushes once it is back' });
  });
});
