import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { processGroupAlive } from '../../../src/agent/processInfo';
import type { Engine } from '../../../src/engine';
import { reviseCliAsync } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import { sh, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';
import { recordScenario } from '../report';
import { AFTER_FAILURE, AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';
import { agentPid, announcedCommits, committingAgentArgv, groupEnded, killGroup, readEvents, waitForEvents } from './faultKit';

const root = join(__dirname, '..', '..', '..');

/** `revise round` as a real child process; resolves its exit once killed. */
function startRoundProcess(repo: string, runId: string, env: Record<string, string>) {
  const argv = ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'round', '--run', runId, '--agent-command', committingAgentArgv().join(' '), '--repo', repo, '--json'];
  const child = spawn(process.execPath, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: string | null }>((ok) => child.on('exit', (code, signal) => ok({ code, signal })));
  return { child, exited, stderr: () => stderr };
}

/** Where, among the agent's events, each trial kills `revise round`: at its start, between commits, while it idles. */
const KILL_POINTS: Array<{ name: string; reached: (lines: string[]) => boolean }> = [
  { name: 'as the agent started', reached: (l) => l.some((x) => x.includes(' started ')) },
  { name: 'after its first commit', reached: (l) => l.some((x) => x.includes(' committed 1 ')) },
  { name: 'while it idles after its last step', reached: (l) => l.some((x) => x.endsWith(' hanging')) },
];

describe('faults: the `revise round` process is SIGKILLed mid-round', function () {
  this.timeout(180_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it('comes back interrupted in a fresh process with retry offered, the orphaned agent stopped and no commit lost', async () => {
    const events = makeTempDir('revise-fault-events-');
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    let run = await engine.start({ priorBranch: fx.priorBranch, maxRounds: KILL_POINTS.length + 2 });
    ledger.addRun(run);
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'go' })).run;
    let orphansSeen = 0;
    for (const [trial, point] of KILL_POINTS.entries()) {
      const round = run.rounds.at(-1)!.index;
      const file = join(events, `trial-${trial}.events`);
      const cli = startRoundProcess(fx.user, run.id, { FAULT_EVENTS: file, FAULT_COMMITS: '3', FAULT_CHUNKS: '2', FAULT_HANG: '1' });
      let cliEnded = false;
      void cli.exited.then(() => (cliEnded = true));
      await waitForEvents(file, point.reached, () => cliEnded).catch((error: Error) => assert.fail(`${point.name}: ${error.message}; stderr: ${cli.stderr()}`));
      cli.child.kill('SIGKILL');
      assert.equal((await cli.exited).signal, 'SIGKILL');
      const pid = agentPid(readEvents(file), round)!;
      // The agent has its own process group: the CLI's death does not take it along.
      if (processGroupAlive(pid)) orphansSeen++;

      // A fresh process looks at the run: the round is interrupted and the orphan is stopped.
      const status = await reviseCliAsync(fx.user, ['status', '--run', run.id]);
      assert.equal(status.code, 0, status.stderr);
      const seen = (status.json.runs as Array<{ rounds: Array<{ status: string }>; pendingDecision: { options: string[] } }>)[0]!;
      assert.equal(seen.rounds[round]!.status, 'interrupted', point.name);
      assert.deepEqual(seen.pendingDecision.options, AFTER_FAILURE);
      // Nothing may keep writing into the worktree once the run says interrupted.
      const stopped = await groupEnded(pid);
      killGroup(pid);
      assert.ok(stopped, `${point.name}: the orphaned agent (pid ${pid}) is still running after recovery`);

      for (const sha of announcedCommits(readEvents(file))) ledger.add(sha, `trial ${trial} agent commit`);
      ledger.addWorktree(run.worktree, `trial ${trial} worktree`);
      run = await assertRunRecoverable(fx.user, run.id, [AFTER_FAILURE]);
      ledger.addRun(run);
      assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
      run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'retry-round' })).run;
    }

    // The retry runs to the end and commits what the interrupted rounds left behind.
    const file = join(events, 'retry.events');
    const retried = startRoundProcess(fx.user, run.id, { FAULT_EVENTS: file, FAULT_COMMITS: '1', FAULT_CHUNKS: '1' });
    assert.equal((await retried.exited).code, 0, retried.stderr());
    for (const sha of announcedCommits(readEvents(file))) ledger.add(sha, 'retry agent commit');
    run = await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
    assert.equal(run.rounds.at(-1)!.status, 'succeeded');
    assert.equal(sh(run.worktree, ['status', '--porcelain']), '', 'leftovers of the killed rounds are committed by the retry');
    ledger.addRun(run);
    ledger.addWorktree(run.worktree);
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({
      scenario: 'revise round process SIGKILLed mid-round',
      trials: KILL_POINTS.length,
      commitsChecked: checked,
      lost: 0,
      outcome: `a fresh process finds each round interrupted with retry-round/request-changes/abort; the agent's own process group outlived the CLI ${orphansSeen}/${KILL_POINTS.length} times and recovery SIGKILLed it; the retry succeeds`,
    });
  });
});
