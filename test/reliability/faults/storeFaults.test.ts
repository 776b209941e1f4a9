import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { reviseCliAsync, type CliResult } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { useSmallDisks, type SmallDisk } from '../../helpers/smallDisk';
import { recordScenario } from '../report';
import { AFTER_FAILURE, AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';
import { MISBEHAVING_AGENT, misbehavingAgentCommand as agentArgv, SOAK } from './faultKit';
import { storeOf } from '../../../src/engine/testSeam';


describe('faults: the run store against a misbehaving agent, a read-only and a full disk', function () {
  this.timeout(180_000);
  let fx: RemoteFixture;
  let engine: Engine;
  const disks = useSmallDisks();
  useEngineFixture((made) => ({ fx, engine } = made));

  async function started(ledger: CommitLedger): Promise<Run> {
    ledger.add(fx.priorSha, 'prior attempt');
    return engine.start({ priorBranch: fx.priorBranch });
  }

  async function requestChanges(run: Run): Promise<Run> {
    const current = await engine.get(run.id);
    return (await engine.decide(run.id, { decisionId: current.pendingDecision!.id, option: 'request-changes', feedback: 'again' })).run;
  }

  function cliRound(run: Run, argv: string, extra: string[] = []): Promise<CliResult> {
    return reviseCliAsync(fx.user, ['round', '--run', run.id, '--agent-command', argv, ...extra]);
  }

  /** The queued round runs to success once the disk is usable; the run is whole. Returns the commits checked. */
  async function lastRoundSucceeds(queued: Run, ledger: CommitLedger): Promise<number> {
    const result = await cliRound(queued, agentArgv('flood', '10'));
    assert.equal(result.code, 0, result.stderr);
    const run = await engine.get(queued.id);
    ledger.addRun(run);
    ledger.addWorktree(run.worktree);
    await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
    return assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
  }

  /** The store on a real small tmpfs. Without root there is none: the row says the scenario did not run, and the test is skipped. */
  function mountStore(ctx: Mocha.Context, scenario: string): SmallDisk {
    const disk = disks.mount(join(fx.user, '.git', 'revise'));
    if (!disk) {
      recordScenario({ scenario, trials: 0, commitsChecked: 0, lost: 0, outcome: 'NOT RUN: mounting a tmpfs needs root (CI runs as root)' });
      ctx.skip();
    }
    return disk;
  }

  it('agent overwrites run.json (garbage, or a well-formed edit): every round finishes from the last-good copy, the edit undone and shown, damaged files kept', async () => {
    const ledger = new CommitLedger();
    let run = await started(ledger);
    const trials = 3 * SOAK;
    for (let i = 0; i < trials; i++) {
      run = await requestChanges(run);
      const result = await cliRound(run, agentArgv(i % 2 === 0 ? 'clobber-run-json' : 'edit-run-json'));
      assert.equal(result.code, 0, result.stderr);
      run = await engine.get(run.id);
      assert.equal(run.rounds.at(-1)!.status, 'succeeded');
      assert.deepEqual(run.rounds.at(-1)!.incidents?.map((x) => x.kind), ['run-state-edited']);
      assert.equal(run.pushUrl, undefined, 'an edit of the push target is undone');
      ledger.addRun(run);
      ledger.addWorktree(run.worktree);
    }
    const kept = readdirSync(storeOf(engine).runDir(run.id)).filter((f) => f.startsWith('run.json.corrupt-'));
    assert.equal(kept.length, trials, 'each damaged file is kept aside');
    await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW, ['extra-round', 'approve', 'abort']]);
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'agent overwrites run.json', trials, commitsChecked: checked, lost: 0, outcome: `garbage and well-formed edits (push redirected) alternated: every round succeeded from the last-good copy with run-state-edited on the round; ${kept.length} edited files kept aside; run awaits a decision` });
  });

  it('read-only store dir: writes fail at once with the cause, status still lists the run, work resumes once writable', async function () {
    const ledger = new CommitLedger();
    let run = await requestChanges(await started(ledger));
    run = await engine.runRound(run.id, { agent: { preset: 'custom', command: [process.execPath, MISBEHAVING_AGENT, 'flood', '10'], timeoutMs: 60_000 } });
    ledger.addRun(run);
    const small = mountStore(this, 'read-only store dir');
    small.readOnly();
    const attempts: Array<[string, () => Promise<CliResult>]> = [
      ['add a finding', () => reviseCliAsync(fx.user, ['findings', 'add', '--run', run.id, '--message', 'late'])],
      ['decide', () => reviseCliAsync(fx.user, ['decide', 'request-changes', '--run', run.id, '--decision', run.pendingDecision!.id, '--feedback', 'x'])],
    ];
    for (const [what, attempt] of attempts) {
      const result = await attempt();
      assert.equal(result.code, 3, `${what}: ${result.stderr}`);
      assert.equal(result.json.error?.code, 'store-io', what);
      assert.match(result.json.error?.message ?? '', /read-only: remount it read-write/, what);
    }
    const status = await reviseCliAsync(fx.user, ['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual((status.json.runs as Run[]).map((r) => r.id), [run.id]);
    small.writable();
    run = await requestChanges(run);
    const checked = await lastRoundSucceeds(run, ledger);
    recordScenario({ scenario: 'read-only store dir', trials: attempts.length + 1, commitsChecked: checked, lost: 0, outcome: 'writes refused at once with store-io (read-only, remount); status listed the run; the next round ran once writable' });
  });

  it('disk full (ENOSPC): a round that fills the disk is reported with that cause, a full disk refuses the next before the agent runs', async function () {
    const ledger = new CommitLedger();
    let run = await requestChanges(await started(ledger));
    const small = mountStore(this, 'disk full (ENOSPC) on a real tmpfs');
    // Trial 1: the agent fills the disk mid-round; `revise round` exits, its result unsaved.
    const filled = await cliRound(run, agentArgv('fill-disk', small.dir));
    assert.equal(filled.code, 3, `${filled.stderr}\n${filled.stdout.slice(0, 3000)}`);
    assert.equal(filled.json.error?.code, 'store-io');
    assert.match(filled.json.error?.message ?? '', /disk \(or your quota\) is full/);
    small.free();
    const status = await reviseCliAsync(fx.user, ['status', '--run', run.id]);
    const round = (status.json.runs as Run[])[0]!.rounds.at(-1)!;
    assert.equal(round.status, 'interrupted');
    assert.match(round.error?.message ?? '', /could not be saved: .*full/);
    assert.doesNotMatch(round.error?.message ?? '', /window reload/);
    run = await engine.get(run.id);
    ledger.addWorktree(run.worktree);
    await assertRunRecoverable(fx.user, run.id, [AFTER_FAILURE]);
    // Trial 2: the disk is full when the next round starts: refused before the agent runs, still queued.
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'retry-round' })).run;
    small.fill();
    const refused = await cliRound(run, agentArgv('flood', '10'));
    assert.equal(refused.code, 3, refused.stderr);
    assert.equal(refused.json.error?.code, 'store-io');
    small.free();
    assert.equal((await engine.get(run.id)).rounds.at(-1)!.status, 'queued');
    const checked = await lastRoundSucceeds(run, ledger);
    recordScenario({ scenario: 'disk full (ENOSPC) on a real tmpfs', trials: 2, commitsChecked: checked, lost: 0, outcome: 'round that filled the disk: store-io, later shown as "could not be saved: disk full" (not a crash); full at start: refused, round still queued; retry succeeded' });
  });
});
