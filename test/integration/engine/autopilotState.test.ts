/**
 * The autopilot's record in run.json with real git and the real store: refused twice at once or
 * resumed without a record (nothing written), stopped as interrupted once its process is gone,
 * handing over before any round when nothing blocking is left, and taking no round past its budget.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { useEngineFixture } from '../../helpers/engineFixture';
import { deadPid } from '../../helpers/strayProcesses';
import { contextOfEngine } from '../../../src/engine/testSeam';

const NO_AGENT = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', 'process.exit(3)'], timeoutMs: 30_000 } };

describe('engine: the autopilot record', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  async function blockedRun(): Promise<Run> {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    return (await engine.addFinding(run.id, { file: 'README.md', line: 1, severity: 'blocking', message: 'Fix the readme' })).run;
  }

  it('hands over at once, with no round, when no blocking finding is open', async () => {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    const { stop, run: after } = await engine.autopilot(run.id, { round: NO_AGENT, budget: {} });
    assert.equal(stop.reason, 'all-fixed');
    assert.equal(after.rounds.length, 1, 'no round was queued');
    assert.deepEqual(after.autopilot?.rounds, []);
    assert.equal(after.autopilot?.budget.maxRounds, 3, 'the default round budget is what is left under the run\'s cap');
  });

  it('refuses a resume without a record, and a second autopilot while one is alive; nothing is written', async () => {
    const run = await blockedRun();
    await assert.rejects(engine.autopilot(run.id, { round: NO_AGENT, budget: {}, resume: true }), (e: unknown) => e instanceof ReviseError && e.code === 'no-autopilot');
    assert.equal((await engine.get(run.id)).autopilot, undefined);
    const owner = { pid: process.pid };
    await contextOfEngine(engine).update(run.id, (r) => {
      r.autopilot = { status: 'active', startedAt: contextOfEngine(engine).now(), by: 'someone', budget: { maxRounds: 1 }, spent: { rounds: 0, costUsd: 0, tokens: 0, elapsedMs: 0, unpricedRounds: 0 }, rounds: [], checks: [], push: false, owner };
    });
    const before = (await engine.get(run.id)).updatedAt;
    await assert.rejects(engine.autopilot(run.id, { round: NO_AGENT, budget: {} }), (e: unknown) => e instanceof ReviseError && e.code === 'autopilot-active' && e.exitCode === 5);
    assert.equal((await engine.get(run.id)).updatedAt, before);
  });

  it('stops an autopilot whose process died as interrupted when the run is read; resume keeps its spend', async () => {
    const run = await blockedRun();
    const pid = await deadPid();
    await contextOfEngine(engine).update(run.id, (r) => {
      r.autopilot = { status: 'active', startedAt: contextOfEngine(engine).now(), by: 'cli', budget: { maxRounds: 2 }, spent: { rounds: 2, costUsd: 0.5, tokens: 100, elapsedMs: 1000, unpricedRounds: 0 }, rounds: [], checks: [], push: false, owner: { pid } };
    });
    const read = await engine.get(run.id);
    assert.equal(read.autopilot?.status, 'stopped');
    assert.equal(read.autopilot?.stop?.reason, 'interrupted');
    assert.equal(read.autopilot?.owner, undefined);
    // Resumed with its recorded budget: both rounds are spent, so no round starts.
    const { stop, run: after } = await engine.autopilot(run.id, { round: NO_AGENT, budget: {}, resume: true });
    assert.deepEqual([stop.reason, stop.limit], ['budget', 'rounds']);
    assert.equal(after.rounds.length, 1);
    assert.equal(after.autopilot?.spent.costUsd, 0.5);
  });

  it('ends with the error, once, when the round cannot start (bad agent settings); the round stays queued', async () => {
    const run = await blockedRun();
    const bad = { agent: { preset: 'custom' as const, command: [process.execPath, '{nope}'], timeoutMs: 30_000 } };
    await assert.rejects(engine.autopilot(run.id, { round: bad, budget: { maxRounds: 3 } }), (e: unknown) => e instanceof ReviseError && e.exitCode === 2);
    const after = await engine.get(run.id);
    assert.equal(after.rounds[1]?.status, 'queued');
    assert.equal(after.rounds.length, 2);
    assert.deepEqual([after.autopilot?.status, after.autopilot?.stop?.reason], ['stopped', 'round-failed']);
  });

  it('stops with round-failed when the agent fails, and the run offers retry', async () => {
    const run = await blockedRun();
    const { stop, run: after } = await engine.autopilot(run.id, { round: NO_AGENT, budget: { maxRounds: 3 } });
    assert.equal(stop.reason, 'round-failed');
    assert.equal(after.rounds[1]?.status, 'failed');
    assert.equal(after.pendingDecision?.kind, 'round-failed');
    assert.deepEqual(after.autopilot?.rounds, [1]);
    assert.equal(after.history.at(-1)?.by, 'revise autopilot');
  });

  it('stops with cancelled when it is stopped while its agent runs: the agent is stopped, the round cancelled and the run handed over', async () => {
    const run = await blockedRun();
    const hangs = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', 'console.log("working"); setInterval(() => {}, 1000)'], timeoutMs: 60_000 } };
    const controller = new AbortController();
    const printed = engine.onRoundOutput((o) => {
      if (o.stream === 'stdout' && o.text.includes('working')) controller.abort();
    });
    const { stop, run: after } = await engine.autopilot(run.id, { round: hangs, budget: { maxRounds: 2 }, signal: controller.signal }).finally(() => printed.dispose());
    assert.equal(stop.reason, 'cancelled', stop.message);
    assert.equal(after.rounds[1]?.status, 'cancelled');
    assert.deepEqual([after.autopilot?.status, after.autopilot?.rounds], ['stopped', [1]]);
  });

  it('stops with cancelled when it is stopped as its round is about to start: the round starts cancelled, no agent runs', async () => {
    const run = await blockedRun();
    const marker = join(fx.root, 'agent-ran');
    const hangs = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', 'require("fs").writeFileSync(process.argv[1], ""); setInterval(() => {}, 1000)', marker], timeoutMs: 60_000 } };
    const controller = new AbortController();
    const { stop, run: after } = await engine.autopilot(run.id, {
      round: hangs,
      budget: { maxRounds: 2 },
      signal: controller.signal,
      onProgress: (event) => {
        if (event.kind === 'round-started') controller.abort();
      },
    });
    assert.equal(stop.reason, 'cancelled', stop.message);
    assert.equal(after.rounds[1]?.status, 'cancelled');
    assert.equal(existsSync(marker), false, 'no agent ran');
  });
});
