import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { sh, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';
import { recordScenario } from '../report';
import { AFTER_FAILURE, AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';
import { agentPid, announcedCommits, committingAgentArgv, groupEnded, seeded, SOAK, waitForEvents } from './faultKit';

const TRIALS = 30 * SOAK;
const ROUNDS_PER_RUN = 10;

describe('faults: the agent is SIGKILLed at a random moment of its round', function () {
  this.timeout(180_000 * SOAK);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['FAULT_EVENTS', 'FAULT_COMMITS', 'FAULT_CHUNKS']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it(`keeps every commit reachable and offers retry / request changes / abort after each of ${TRIALS} seeded kills`, async () => {
    const rng = seeded(0x5eed10);
    const events = makeTempDir('revise-fault-events-');
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    const outcomes = { killedMidRound: 0, finishedFirst: 0, roundErrors: 0 };
    let run: Run | undefined;
    for (let trial = 0; trial < TRIALS; trial++) {
      if (trial % ROUNDS_PER_RUN === 0) {
        run = await engine.start({ priorBranch: fx.priorBranch, maxRounds: ROUNDS_PER_RUN + 1 });
        ledger.addRun(run);
      }
      run = (await engine.decide(run!.id, { decisionId: run!.pendingDecision!.id, option: 'request-changes', feedback: `trial ${trial}` })).run;
      const round = run.rounds.at(-1)!.index;
      const commits = 1 + rng.int(4);
      const chunks = 1 + rng.int(6);
      // started + per commit (chunks written, committing, committed) + leftover
      const total = 1 + commits * (chunks + 2) + 1;
      const killAfter = 1 + rng.int(total);
      const file = join(events, `trial-${trial}.events`);
      Object.assign(process.env, { FAULT_EVENTS: file, FAULT_COMMITS: String(commits), FAULT_CHUNKS: String(chunks) });

      let ended = false;
      const running = engine.runRound(run.id, { agent: { preset: 'custom', command: committingAgentArgv(), timeoutMs: 60_000 } }).then(
        (r) => ({ ok: true as const, run: r }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      void running.then(() => (ended = true));
      const seen = await waitForEvents(file, (l) => l.length >= killAfter, () => ended).catch(() => [] as string[]);
      const pid = agentPid(seen, round);
      if (pid !== undefined && !ended) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // ESRCH: it finished between the event and the kill
        }
      }
      const result = await running;
      if (!result.ok) outcomes.roundErrors++;
      if (pid !== undefined) await groupEnded(pid);

      const after = await engine.get(run.id);
      const status = after.rounds[round]!.status;
      if (status === 'succeeded') outcomes.finishedFirst++;
      else outcomes.killedMidRound++;
      for (const sha of announcedCommits(seen)) ledger.add(sha, `trial ${trial} agent commit`);
      ledger.addWorktree(after.worktree, `trial ${trial} worktree`);
      ledger.addRun(after);
      assert.ok(existsSync(after.worktree), 'the worktree is still there');
      assert.equal(sh(after.worktree, ['status', '--porcelain']), '', 'what the killed agent left uncommitted was committed by Revise');
      assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
      run = await assertRunRecoverable(fx.user, run.id, [AFTER_FAILURE, AFTER_REVIEW]);
      assert.equal(run.pendingDecision?.round, round);
    }
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    assert.ok(outcomes.killedMidRound >= TRIALS / 2, `most kills land mid-round (${JSON.stringify(outcomes)})`);
    assert.equal(outcomes.roundErrors, 0, 'a killed agent never makes the round itself fail to record');
    recordScenario({
      scenario: 'agent SIGKILL at random moments',
      trials: TRIALS,
      commitsChecked: checked,
      lost: 0,
      outcome: `${outcomes.killedMidRound} rounds killed mid-work → failed, leftovers committed, retry-round/request-changes/abort offered; ${outcomes.finishedFirst} finished before the kill → round review`,
    });
  });
});
