import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../../../src/agent';
import type { IncidentKind } from '../../../src/core/incidents';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { reviseCliAsync } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import { useStrayProcessCleanup } from '../../helpers/strayProcesses';
import { remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { recordScenario } from '../report';
import { AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';
import { misbehavingAgentCommand as agentArgv, SOAK } from './faultKit';


describe('faults: an agent that misbehaves beyond its worktree', function () {
  this.timeout(300_000);
  let fx: RemoteFixture;
  let engine: Engine;
  const daemons = useStrayProcessCleanup();
  useEngineFixture((made) => ({ fx, engine } = made));

  /** One more round of `run` by `revise round` (a real process) with the misbehaving agent doing `args`. */
  async function round(run: Run, ledger: CommitLedger, args: string[], extra: string[] = []): Promise<Run> {
    const current = await engine.get(run.id);
    await engine.decide(run.id, { decisionId: current.pendingDecision!.id, option: 'request-changes', feedback: args[0] });
    const result = await reviseCliAsync(fx.user, ['round', '--run', run.id, '--agent-command', agentArgv(...args), ...extra]);
    assert.equal(result.code, 0, result.stderr);
    const after = await engine.get(run.id);
    assert.equal(after.rounds.at(-1)!.status, 'succeeded', after.rounds.at(-1)!.error?.message);
    ledger.addRun(after);
    ledger.addWorktree(after.worktree);
    return after;
  }

  async function started(ledger: CommitLedger): Promise<Run> {
    ledger.add(fx.priorSha, 'prior attempt');
    return engine.start({ priorBranch: fx.priorBranch, maxRounds: 10 });
  }

  const kindsOf = (run: Run): IncidentKind[] => (run.rounds.at(-1)!.incidents ?? []).map((i) => i.kind);

  it('setsid daemon: stopped when the round ends, so approve pushes exactly the round reviewed', async () => {
    const ledger = new CommitLedger();
    let run = await started(ledger);
    const trials = 2 * SOAK;
    for (let i = 0; i < trials; i++) {
      run = await round(run, ledger, ['setsid-daemon', `daemon-${i}.txt`]);
      const pid = Number(readFileSync(join(run.worktree, `daemon-${i}.txt.pid`), 'utf8'));
      daemons.push(pid);
      assert.equal(isProcessAlive(pid), false, 'the daemon was stopped');
      assert.deepEqual(kindsOf(run), ['leftover-processes']);
      assert.equal(sh(run.worktree, ['status', '--porcelain']), '', 'nothing kept writing after the commit');
    }
    const head = run.rounds.at(-1)!.headAfter!;
    const approved = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'approve' })).run;
    assert.equal(approved.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), head, 'the remote holds the reviewed head, nothing later');
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'setsid daemon outlives the agent', trials, commitsChecked: checked, lost: 0, outcome: 'each daemon stopped at the end of its round and recorded (leftover-processes); worktree clean; approve pushed the reviewed head' });
  });

  it('agent writes to the user\'s checkout, .git/config and hooks: each shown on the round', async () => {
    const ledger = new CommitLedger();
    let run = await started(ledger);
    const readmeBefore = readFileSync(join(fx.user, 'README.md'), 'utf8');
    run = await round(run, ledger, ['write-checkout']);
    assert.deepEqual(kindsOf(run), ['user-checkout-changed']);
    run = await round(run, ledger, ['write-config']);
    assert.deepEqual(kindsOf(run), ['repo-config-changed', 'hooks-changed']);
    assert.ok(readFileSync(join(fx.user, 'README.md'), 'utf8') !== readmeBefore, 'the agent really wrote there');
    // What a person reads: `revise status` without --json.
    const text = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts'), 'status', '--repo', fx.user], { encoding: 'utf8' });
    for (const kind of ['user-checkout-changed', 'repo-config-changed', 'hooks-changed']) assert.match(text, new RegExp(`round \\d ${kind}: `), `revise status shows ${kind}`);
    await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'agent writes to the user\'s checkout / .git/config / hooks', trials: 2, commitsChecked: checked, lost: 0, outcome: 'user-checkout-changed, repo-config-changed (keys only) and hooks-changed recorded on the rounds and printed by revise status' });
  });

  it('agent pushes to the remote\'s main itself: shown on the round, nothing lost', async () => {
    const ledger = new CommitLedger();
    let run = await started(ledger);
    const before = remoteTip(fx, 'main');
    ledger.add(before, 'remote main before');
    run = await round(run, ledger, ['push-main']);
    const after = remoteTip(fx, 'main');
    assert.notEqual(after, before);
    ledger.add(after, 'what the agent pushed to main');
    assert.deepEqual(kindsOf(run), ['agent-pushed']);
    assert.deepEqual(run.rounds.at(-1)!.incidents![0]!.items, [`refs/remotes/origin/main ${before.slice(0, 12)} → ${after.slice(0, 12)}`]);
    await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'agent pushes to the remote\'s main', trials: 1, commitsChecked: checked, lost: 0, outcome: 'agent-pushed recorded with the ref and both SHAs; the run awaits a decision' });
  });

  it('1 GiB of log output: the log keeps the default 64 MiB cap, the cut noted in it and on the round', async () => {
    const ledger = new CommitLedger();
    let run = await started(ledger);
    const total = 1024 * 1024 * 1024;
    run = await round(run, ledger, ['flood', String(total)]);
    const log = run.rounds.at(-1)!.logPath!;
    const size = statSync(log).size;
    assert.ok(size <= 64 * 1024 * 1024 + 4096, `the log is ${size} bytes`);
    assert.deepEqual(kindsOf(run), ['log-capped']);
    const note = `[revise: log capped at 64 MiB: ${total - 64 * 1024 * 1024} bytes of output cut here, after byte ${32 * 1024 * 1024};`;
    const fd = readFileSync(log).subarray(32 * 1024 * 1024, 32 * 1024 * 1024 + 400).toString();
    assert.ok(fd.includes(note), 'the note sits where the cut is');
    await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: '1 GiB of log output (capped)', trials: 1, commitsChecked: checked, lost: 0, outcome: `log kept at ${size} bytes (64 MiB cap: head and tail, the cut noted); log-capped on the round` });
  });
});
