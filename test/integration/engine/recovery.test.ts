import { strict as assert } from 'node:assert';
import { hintFor } from '../../../src/cli/hints';
import { describeError } from '../../../src/extension/errorSteps';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDecision } from '../../../src/core/decisions';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { commitFiles, pushFromSeed, remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { useEngineFixture } from '../../helpers/engineFixture';
import { storeOf } from '../../../src/engine/testSeam';
import { deadPid } from '../../helpers/strayProcesses';

/** A custom agent that runs a snippet of JavaScript in the worktree. */
function nodeAgent(code: string, timeoutMs = 60_000) {
  return { agent: { preset: 'custom' as const, command: [process.execPath, '-e', code], timeoutMs } };
}

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof ReviseError && error.code === code);
}

describe('engine: failures, recovery and never losing work', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  async function startAndQueue(feedback = 'go'): Promise<Run> {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    return (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback })).run;
  }

  it('marks a round whose owner process died as interrupted, keeps its log, and offers retry', async () => {
    let run = await startAndQueue();
    const log = join(storeOf(engine).runDir(run.id), 'round-1.log');
    writeFileSync(log, 'partial output before the crash\n');
    const pid = await deadPid();
    await storeOf(engine).update(run.id, (r) => {
      const round = r.rounds[1]!;
      round.status = 'running';
      round.ownerPid = pid;
      round.logPath = log;
    });
    const changes: string[] = [];
    engine.onDidChangeRun((e) => changes.push(e.run.rounds[1]!.status));
    run = await engine.get(run.id);
    assert.equal(run.rounds[1]!.status, 'interrupted');
    assert.equal(run.pendingDecision?.kind, 'round-failed');
    assert.deepEqual(run.pendingDecision?.options, ['retry-round', 'request-changes', 'abort']);
    assert.equal(readFileSync(log, 'utf8'), 'partial output before the crash\n');
    assert.deepEqual(changes, ['interrupted'], 'the recovery is announced once');
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'retry-round' })).run;
    assert.equal(run.rounds[2]!.kind, 'retry');
    assert.equal(run.rounds[2]!.feedback, 'go');
  });

  it("stops an orphaned agent whose pid was never recorded, found by its round's REVISE_* environment", async function () {
    if (process.platform !== 'linux') this.skip();
    let run = await startAndQueue();
    const dead = await deadPid();
    await storeOf(engine).update(run.id, (r) => {
      r.rounds[1]!.status = 'running';
      r.rounds[1]!.ownerPid = dead;
    });
    // Its own process group, like an agent, and no pid in run.json: the owner died before writing it.
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore', env: { ...process.env, REVISE_RUN_ID: run.id, REVISE_ROUND: '1' } });
    const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore', env: { ...process.env, REVISE_RUN_ID: run.id, REVISE_ROUND: '2' } });
    const orphanExit = new Promise((resolve) => orphan.on('exit', (_code, signal) => resolve(signal)));
    const spawned = Promise.all([orphan, bystander].map((child) => new Promise((resolve) => child.on('spawn', resolve))));
    try {
      await spawned;
      run = await engine.get(run.id);
      assert.equal(run.rounds[1]!.status, 'interrupted');
      assert.equal(await orphanExit, 'SIGKILL');
      assert.deepEqual(run.rounds[1]!.incidents?.map((i) => [i.kind, i.items]), [['leftover-processes', [`${orphan.pid} ${process.execPath} -e setInterval(() => {}, 1000)`]]], 'the stopped process is recorded on the round');
      assert.equal(bystander.exitCode, null, "a process of another round's environment is left alone");
      assert.equal(bystander.signalCode, null);
    } finally {
      bystander.kill('SIGKILL');
      orphan.kill('SIGKILL');
    }
  });

  it('stops a hanging agent at the timeout, records timed-out and raises the failure decision', async () => {
    const run = await startAndQueue();
    const done = await engine.runRound(run.id, nodeAgent('setInterval(() => {}, 1000)', 300));
    assert.equal(done.rounds[1]!.status, 'timed-out');
    assert.equal(done.pendingDecision?.kind, 'round-failed');
  });

  it('records a failed round when the agent is not installed, naming the setting', async () => {
    const run = await startAndQueue();
    const error = await engine.runRound(run.id, { agent: { preset: 'custom', command: ['revise-no-such-agent-xyz'], timeoutMs: 5_000 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ReviseError && error.code === 'agent-not-found');
    // The engine names the option in details; each front end words it (a setting in the editor, a flag on the CLI).
    assert.equal(error.details?.field, 'agent.command');
    assert.match(describeError(error, { t: (message: string) => message }).message, /revise\.agent\.command/);
    assert.match(hintFor(error, run.id) ?? '', /--agent-command/);
    const after = await engine.get(run.id);
    assert.equal(after.rounds[1]!.status, 'failed');
    assert.deepEqual(after.rounds[1]!.error?.details, { field: 'agent.command' });
    assert.equal(after.pendingDecision?.kind, 'round-failed');
  });

  it('mends the worktree when the agent deletes its .git file, and still commits the round', async () => {
    const run = await startAndQueue();
    const done = await engine.runRound(run.id, nodeAgent("require('fs').writeFileSync('made.txt', 'x'); require('fs').rmSync('.git')"));
    assert.equal(done.rounds[1]!.status, 'succeeded');
    assert.ok(existsSync(join(run.worktree, '.git')));
    assert.equal(sh(run.worktree, ['log', '-1', '--format=%s']), 'revise: round 1');
    assert.equal(sh(run.worktree, ['show', 'HEAD:made.txt']), 'x');
  });

  it('keeps going with a warning when the dispositions file is garbage', async () => {
    const run = await startAndQueue();
    await engine.addFinding(run.id, { file: 'fix.txt', line: 1, severity: 'blocking', message: 'wrong fix' });
    const outputs: string[] = [];
    engine.onRoundOutput((e) => outputs.push(e.text));
    const done = await engine.runRound(run.id, nodeAgent("require('fs').writeFileSync(process.env.REVISE_DISPOSITIONS_FILE, '{not json')"));
    assert.equal(done.rounds[1]!.status, 'succeeded');
    assert.equal(done.findings[0]!.disposition, undefined);
    assert.ok(outputs.some((t) => t.startsWith('dispositions:')), 'the warning reaches the log view');
  });

  it('backs up uncommitted work before abort removes the worktree', async () => {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    writeFileSync(join(run.worktree, 'unsaved.txt'), 'precious\n');
    const aborted = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'abort' })).run;
    assert.equal(aborted.status, 'aborted');
    assert.ok(!existsSync(run.worktree), 'the worktree is removed');
    const backup = aborted.backups.at(-1)!;
    assert.match(backup.ref, new RegExp(`^refs/revise/backup/${run.id}/\\d+$`));
    assert.equal(sh(fx.user, ['show', `${backup.ref}:unsaved.txt`]), 'precious');
    const again = await engine.decide(run.id, { decisionId: 'whatever', option: 'abort' });
    assert.equal(again.effect.kind, 'abort', 'a second abort repeats the cleanup');
    assert.equal(again.run.status, 'aborted');
    assert.deepEqual(again.run.backups, aborted.backups, 'and is idempotent: nothing more to back up');
  });

  /** The state a process leaves when it dies mid-push: the approve is written, `pushOwner` names it. */
  async function diedWhilePushing(runId: string, pid: number): Promise<void> {
    await storeOf(engine).update(runId, (r) => {
      const { run } = applyDecision(r, { decisionId: r.pendingDecision!.id, option: 'approve', by: 'test', now: new Date().toISOString() });
      run.pushOwner = { pid };
      return run;
    });
  }

  it('offers approve again when the process pushing the run died, and the second approve pushes', async () => {
    const run = await startAndQueue();
    await engine.runRound(run.id, nodeAgent("require('fs').writeFileSync('ours.txt', 'ours\\n')"));
    await diedWhilePushing(run.id, process.pid);
    assert.equal((await engine.get(run.id)).status, 'pushing', 'a push whose process is alive is left alone');
    const dead = await deadPid();
    await storeOf(engine).update(run.id, (r) => {
      r.pushOwner = { pid: dead };
    });
    let current = await engine.get(run.id);
    assert.equal(current.status, 'awaiting-decision');
    assert.equal(current.pendingDecision?.kind, 'round-review');
    assert.ok(current.pendingDecision.options.includes('approve'));
    assert.match(current.pendingDecision.reason ?? '', /ended before it finished/);
    assert.equal(current.pushOwner, undefined);
    current = (await engine.decide(run.id, { decisionId: current.pendingDecision.id, option: 'approve' })).run;
    assert.equal(current.status, 'approved');
    assert.equal(sh(fx.bare, ['show', `${remoteTip(fx, fx.priorBranch)}:ours.txt`]), 'ours');
  });

  it('approves a push that landed before its process died without pushing anything else', async () => {
    const run = await startAndQueue();
    await engine.runRound(run.id, nodeAgent("require('fs').writeFileSync('ours.txt', 'ours\\n')"));
    const worktree = (await engine.get(run.id)).worktree;
    sh(worktree, ['push', 'origin', `HEAD:refs/heads/${fx.priorBranch}`]);
    const landed = remoteTip(fx, fx.priorBranch);
    await diedWhilePushing(run.id, await deadPid());
    let current = await engine.get(run.id);
    assert.equal(current.pendingDecision?.kind, 'round-review');
    current = (await engine.decide(run.id, { decisionId: current.pendingDecision.id, option: 'approve' })).run;
    assert.equal(current.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), landed, 'the remote already had the run; nothing else was pushed');
    assert.equal(current.leaseSha, landed);
  });

  it("refuses to overwrite a teammate's push, then merges it on refetch-and-update and pushes both", async () => {
    const run = await startAndQueue();
    await engine.runRound(run.id, nodeAgent("require('fs').writeFileSync('ours.txt', 'ours\\n')"));
    const teammate = pushFromSeed(fx, fx.priorBranch, 'teammate', { 'theirs.txt': 'theirs\n' });
    let current = await engine.get(run.id);
    await rejects(engine.decide(run.id, { decisionId: current.pendingDecision!.id, option: 'approve' }), 'lease-refused');
    assert.equal(remoteTip(fx, fx.priorBranch), teammate, 'the remote is untouched');
    current = await engine.get(run.id);
    assert.equal(current.pendingDecision?.kind, 'lease-refused');
    current = (await engine.decide(run.id, { decisionId: current.pendingDecision.id, option: 'refetch-and-update' })).run;
    assert.equal(current.pendingDecision?.kind, 'round-review');
    current = (await engine.decide(run.id, { decisionId: current.pendingDecision.id, option: 'approve' })).run;
    assert.equal(current.status, 'approved');
    const tip = remoteTip(fx, fx.priorBranch);
    assert.equal(sh(fx.bare, ['merge-base', '--is-ancestor', teammate, tip]), '');
    assert.equal(sh(fx.bare, ['show', `${tip}:ours.txt`]), 'ours');
  });

  it('raises continue-without-update / abort when the base conflicts, leaving the worktree clean at the prior tip', async () => {
    pushFromSeed(fx, 'main', 'base edits the same file', { 'fix.txt': 'the base version\n' });
    const run = await engine.start({ priorBranch: fx.priorBranch });
    assert.equal(run.pendingDecision?.kind, 'base-conflict');
    assert.match(run.pendingDecision?.reason ?? '', /fix\.txt/);
    assert.equal(sh(run.worktree, ['rev-parse', 'HEAD']), fx.priorSha);
    assert.equal(sh(run.worktree, ['status', '--porcelain']), '');
    const next = (await engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'continue-without-update' })).run;
    assert.equal(next.pendingDecision?.kind, 'round-review');
  });

  it('refuses a second runner for a round that is already running', async () => {
    const run = await startAndQueue();
    const first = engine.runRound(run.id, nodeAgent('setTimeout(() => {}, 1500)'));
    await new Promise<void>((resolve) => {
      const sub = engine.onDidChangeRun((e) => {
        if (e.run.rounds[1]?.status === 'running') {
          sub.dispose();
          resolve();
        }
      });
    });
    await rejects(engine.runRound(run.id, nodeAgent('')), 'run-busy');
    await first;
  });

  it('keeps commits the user made in the worktree between rounds', async () => {
    const run = await startAndQueue();
    const userCommit = commitFiles(run.worktree, 'my own tweak', { 'tweak.txt': 'mine\n' });
    const done = await engine.runRound(run.id, nodeAgent("require('fs').writeFileSync('agent.txt', 'a')"));
    assert.equal(sh(run.worktree, ['merge-base', '--is-ancestor', userCommit, done.rounds[1]!.headAfter!]), '');
  });
});
