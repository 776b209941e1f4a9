import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, processStartTime, runAgent, runVerify, type SpawnInfo } from '../../../src/agent';
import { AgentError } from '../../../src/core/errors';
import { cleanupTempDirs } from '../../helpers/tempDir';
import { makeAgentSandbox, outputWatcher, type AgentSandbox } from './agentFixtures';

const CLAUDE = ['claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits'];

describe('agent process control', () => {
  let sb: AgentSandbox;
  const started: number[] = [];
  beforeEach(() => {
    sb = makeAgentSandbox();
  });
  afterEach(() => {
    // Belt and braces: never leave a process behind, even when an assertion failed.
    for (const pid of started.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    cleanupTempDirs();
  });

  /** Start the fixture with a grandchild and `hang`; resolves with the grandchild pid once it is reported. */
  function hangingAgent(opts: { timeoutMs: number; signal?: AbortSignal; ignoreSigterm?: boolean }) {
    const watch = outputWatcher(/grandchild (\d+)\n/);
    let spawned: SpawnInfo | undefined;
    const done = runAgent({
      argv: CLAUDE,
      stdin: 'prompt',
      cwd: sb.worktree,
      env: sb.env(sb.script([{ spawnGrandchild: true, ignoreSigterm: opts.ignoreSigterm ?? false }, { hang: true, ignoreSigterm: opts.ignoreSigterm ?? false }])),
      logPath: join(sb.runDir, 'round-1.log'),
      timeoutMs: opts.timeoutMs,
      killGraceMs: 300,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onOutput: watch.onOutput,
      onSpawn: (info) => {
        spawned = info;
        started.push(info.pid);
      },
    });
    const grandchild = watch.seen.then((m) => {
      const pid = Number(m[1]);
      started.push(pid);
      return pid;
    });
    return { done, grandchild, spawned: () => spawned };
  }

  it('stops a hanging agent at the timeout and kills its whole process tree', async () => {
    const run = hangingAgent({ timeoutMs: 1500 });
    const grandchild = await run.grandchild;
    assert.ok(isProcessAlive(grandchild), 'the grandchild runs while the agent hangs');
    const result = await run.done;
    assert.equal(result.status, 'timed-out');
    assert.equal(isProcessAlive(run.spawned()!.pid), false, 'the agent is gone');
    assert.equal(isProcessAlive(grandchild), false, 'the grandchild is gone');
  });

  it('cancels through the AbortSignal and kills the tree, escalating to SIGKILL when SIGTERM is ignored', async () => {
    const controller = new AbortController();
    const run = hangingAgent({ timeoutMs: 60_000, signal: controller.signal, ignoreSigterm: true });
    const grandchild = await run.grandchild;
    controller.abort();
    const result = await run.done;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.signal, 'SIGKILL');
    assert.equal(isProcessAlive(grandchild), false);
  });

  it('does not start an agent whose round was cancelled before it began', async () => {
    const controller = new AbortController();
    controller.abort();
    let spawned = false;
    const result = await runAgent({ argv: CLAUDE, stdin: 'x', cwd: sb.worktree, env: sb.env(), logPath: join(sb.runDir, 'r.log'), timeoutMs: 10_000, signal: controller.signal, onSpawn: () => (spawned = true) });
    assert.equal(result.status, 'cancelled');
    assert.equal(spawned, false);
    assert.deepEqual(sb.records(), []);
  });

  it('ends what the agent left running once the agent itself has exited', async () => {
    const watch = outputWatcher(/grandchild (\d+)\n/);
    const result = await runAgent({
      argv: CLAUDE,
      stdin: 'x',
      cwd: sb.worktree,
      env: sb.env(sb.script([{ spawnGrandchild: true }, { say: 'done' }])),
      logPath: join(sb.runDir, 'r.log'),
      timeoutMs: 20_000,
      killGraceMs: 300,
      onOutput: watch.onOutput,
    });
    const grandchild = Number((await watch.seen)[1]);
    started.push(grandchild);
    assert.equal(result.status, 'succeeded');
    assert.equal(isProcessAlive(grandchild), false);
  });

  it('reports the pid and start time of the agent, which identify it while it lives and not after', async () => {
    const controller = new AbortController();
    const run = hangingAgent({ timeoutMs: 60_000, signal: controller.signal });
    await run.grandchild;
    const info = run.spawned()!;
    assert.ok(info.startTime, 'a start time was read');
    assert.equal(processStartTime(info.pid), info.startTime);
    assert.equal(isProcessAlive(info.pid, info.startTime), true);
    assert.equal(isProcessAlive(info.pid, 'proc:1'), false, 'another start time means another process');
    controller.abort();
    await run.done;
    assert.equal(isProcessAlive(info.pid, info.startTime), false);
  });

  it('knows the current process is alive and a pid that cannot exist is not', () => {
    assert.equal(isProcessAlive(process.pid, processStartTime(process.pid)), true);
    assert.equal(isProcessAlive(0), false);
    assert.equal(isProcessAlive(2 ** 22 + 1), false);
  });

  it('runs the verify command with its own log and exit code', async () => {
    const logPath = join(sb.runDir, 'round-1.verify.log');
    const ok = await runVerify({ argv: [process.execPath, '-e', 'console.log("tests pass in", process.cwd(), process.env.REVISE_ROUND)'], cwd: sb.worktree, env: { REVISE_ROUND: '1' }, logPath, timeoutMs: 10_000 });
    assert.deepEqual([ok.status, ok.exitCode, ok.logPath], ['succeeded', 0, logPath]);
    assert.match(readFileSync(logPath, 'utf8'), new RegExp(`tests pass in ${sb.worktree} 1`));
    const failing = await runVerify({ argv: [process.execPath, '-e', 'process.exit(3)'], cwd: sb.worktree, env: {}, logPath, timeoutMs: 10_000 });
    assert.deepEqual([failing.status, failing.exitCode], ['failed', 3]);
  });

  it('fails clearly, naming the verify command as the option to fix, when the verify program does not exist', async () => {
    await assert.rejects(
      runVerify({ argv: ['no-such-verify-xyz'], cwd: sb.worktree, env: {}, logPath: join(sb.runDir, 'v.log'), timeoutMs: 10_000 }),
      (e: unknown) => e instanceof AgentError && e.code === 'verify-failed' && /verify command "no-such-verify-xyz" was not found on PATH/.test(e.message) && e.details?.field === 'verifyCommand',
    );
  });
});
