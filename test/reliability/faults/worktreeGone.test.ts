import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { sh, type RemoteFixture } from '../../helpers/gitFixture';
import { recordScenario } from '../report';
import { AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';

const writer = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', "require('fs').writeFileSync(`round-${process.env.REVISE_ROUND}.txt`, 'work\\n')"], timeoutMs: 60_000 } };

describe('faults: the worktree folder or the run branch is deleted by hand between rounds', function () {
  this.timeout(120_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  /** A run with round 1 done and round 2 queued; its commits are in the ledger. */
  async function runBetweenRounds(ledger: CommitLedger): Promise<Run> {
    ledger.add(fx.priorSha, 'prior attempt');
    let run = await engine.start({ priorBranch: fx.priorBranch });
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'round 1' })).run;
    run = await engine.runRound(run.id, writer);
    assert.equal(run.rounds[1]!.status, 'succeeded');
    ledger.addRun(run);
    ledger.addWorktree(run.worktree);
    return (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'round 2' })).run;
  }

  /** The next round runs on the put-back checkout, on top of round 1, never from the base. */
  async function nextRoundBuildsOnRound1(run: Run, ledger: CommitLedger): Promise<number> {
    const round1 = run.rounds[1]!.headAfter!;
    const said: string[] = [];
    const sub = engine.onRoundOutput((e) => said.push(e.text));
    const done = await engine.runRound(run.id, writer).finally(() => sub.dispose());
    ledger.addRun(done);
    ledger.addWorktree(run.worktree);
    assert.equal(done.rounds[2]!.status, 'succeeded');
    assert.ok(said.some((t) => /had been deleted; re-created at/.test(t)), 'the round says what it put back');
    const head = sh(fx.user, ['rev-parse', `refs/heads/${run.localBranch}`]);
    assert.equal(head, done.rounds[2]!.headAfter);
    assert.equal(sh(fx.user, ['rev-parse', `${head}^`]), round1, 'round 2 sits on round 1, not on the base');
    assert.equal(sh(run.worktree, ['show', 'HEAD:round-1.txt']), 'work');
    await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
    return assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
  }

  const WORKTREE_GONE: Array<{ name: string; remove: (run: Run) => void }> = [
    { name: 'rm -rf of the folder', remove: (run) => rmSync(run.worktree, { recursive: true, force: true }) },
    {
      name: 'rm -rf, then git worktree prune',
      remove: (run) => {
        rmSync(run.worktree, { recursive: true, force: true });
        sh(fx.user, ['worktree', 'prune']);
      },
    },
  ];
  const BRANCH_GONE: Array<{ name: string; remove: (run: Run) => void }> = [
    { name: 'git update-ref -d with the worktree still there', remove: (run) => sh(fx.user, ['update-ref', '-d', `refs/heads/${run.localBranch}`]) },
    {
      name: 'worktree removed, pruned, then git branch -D',
      remove: (run) => {
        rmSync(run.worktree, { recursive: true, force: true });
        sh(fx.user, ['worktree', 'prune']);
        sh(fx.user, ['branch', '-D', run.localBranch]);
      },
    },
  ];

  for (const [scenario, cases] of [
    ['worktree folder deleted between rounds', WORKTREE_GONE],
    ['run branch deleted between rounds', BRANCH_GONE],
  ] as const) {
    it(`${scenario}: the next round puts it back at the run's last head and builds on it (${cases.map((c) => c.name).join('; ')})`, async () => {
      let checked = 0;
      for (const c of cases) {
        const ledger = new CommitLedger();
        const run = await runBetweenRounds(ledger);
        c.remove(run);
        checked += await nextRoundBuildsOnRound1(run, ledger);
      }
      recordScenario({ scenario, trials: cases.length, commitsChecked: checked, lost: 0, outcome: `next round re-created the ${scenario.startsWith('worktree') ? 'worktree' : 'branch'} at the last round's head (${cases.map((c) => c.name).join('; ')}), said so in the round log, and built on round 1; no fallback to base` });
    });
  }
});
