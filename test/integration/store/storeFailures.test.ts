import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { reviseCli } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import { sh, type RemoteFixture } from '../../helpers/gitFixture';
import { useSmallDisks, type SmallDisk } from '../../helpers/smallDisk';
import { storeOf } from '../../../src/engine/testSeam';

const MISBEHAVING = join(__dirname, '..', '..', 'reliability', 'faults', 'misbehavingAgent.mjs');
const writer = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', "require('fs').writeFileSync('work.txt', 'round work\\n')"], timeoutMs: 60_000 } };

function storeError(error: unknown, cause: string): boolean {
  return error instanceof ReviseError && error.code === 'store-io' && error.details?.cause === cause;
}

describe('run store on a full or read-only disk (a real tmpfs)', function () {
  // Shorter than the ≈49 s the old lock spent retrying a full or read-only disk: a retry fails the test.
  this.timeout(25_000);
  let fx: RemoteFixture;
  let engine: Engine;
  const disks = useSmallDisks();
  useEngineFixture((made) => ({ fx, engine } = made));

  async function queuedRun(): Promise<Run> {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    return (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'go' })).run;
  }

  function mountStore(this: Mocha.Context): SmallDisk {
    const disk = disks.mount(join(fx.user, '.git', 'revise'));
    if (!disk) this.skip(); // needs root to mount a tmpfs
    return disk;
  }

  it('fails a write at once naming a full disk, keeps run.json intact, and still lists every run', async function () {
    const first = await queuedRun();
    const second = await queuedRun();
    const small = mountStore.call(this);
    const file = join(storeOf(engine).runDir(first.id), 'run.json');
    const before = readFileSync(file, 'utf8');
    small.fill();
    await assert.rejects(engine.addFinding(first.id, { severity: 'nit', message: 'a note' }), (e: unknown) => storeError(e, 'disk-full') && /disk .*is full/.test((e as Error).message));
    assert.equal(readFileSync(file, 'utf8'), before, 'the failed write left run.json as it was');
    const status = reviseCli(fx.user, ['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual((status.json.runs as Run[]).map((r) => r.id).sort(), [first.id, second.id].sort());
    small.free();
    await engine.addFinding(first.id, { severity: 'nit', message: 'a note' });
  });

  it('fails a write at once naming a read-only file system, and status lists the runs with a notice for one it cannot update', async function () {
    const healthy = await queuedRun();
    const orphan = await queuedRun();
    // A round whose process died: status would mark it interrupted, which needs a write.
    await storeOf(engine).update(orphan.id, (r) => {
      const round = r.rounds.find((x) => x.status === 'queued')!;
      round.status = 'running';
      round.ownerPid = 2 ** 22 + 17; // above pid_max's default: no such process
      r.status = 'running';
      r.pendingDecision = null;
    });
    const small = mountStore.call(this);
    small.readOnly();
    await assert.rejects(engine.addFinding(healthy.id, { severity: 'nit', message: 'x' }), (e: unknown) => storeError(e, 'read-only') && /read-only: remount/.test((e as Error).message));
    const status = reviseCli(fx.user, ['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual((status.json.runs as Run[]).map((r) => r.id).sort(), [healthy.id, orphan.id].sort());
    const notices = status.json.result?.notices as Array<{ runId: string; kind: string; message: string }>;
    assert.deepEqual(notices.map((n) => [n.runId, n.kind]), [[orphan.id, 'not-saved']]);
    assert.match(notices[0]!.message, /read-only/);
    const one = reviseCli(fx.user, ['status', '--run', orphan.id]);
    assert.equal(one.code, 0, `a single run reads on a read-only disk too: ${one.stderr}`);
    small.writable();
    const recovered = (await engine.list()).runs.find((r) => r.id === orphan.id)!;
    assert.equal(recovered.rounds.at(-1)!.status, 'interrupted');
  });

  it('reports a round whose result could not be saved (the agent filled the disk) with that cause, not as a crash', async function () {
    const run = await queuedRun();
    const small = mountStore.call(this);
    const agent = { preset: 'custom' as const, command: [process.execPath, MISBEHAVING, 'fill-disk', small.dir], timeoutMs: 60_000 };
    await assert.rejects(engine.runRound(run.id, { agent }), (e: unknown) => storeError(e, 'disk-full'));
    small.free();
    const after = await engine.get(run.id);
    const round = after.rounds.at(-1)!;
    assert.equal(round.status, 'interrupted');
    assert.equal(round.error?.code, 'store-io');
    assert.match(round.error.message, /could not be saved: .*disk .*is full/);
    assert.doesNotMatch(round.error.message, /window reload|crash/);
    assert.equal(after.status, 'awaiting-decision');
    assert.ok(after.pendingDecision?.options.includes('retry-round'));
    // The agent's work was committed before the write failed: nothing is lost.
    assert.equal(sh(fx.user, ['show', `${after.localBranch}:work-r${round.index}.txt`]), `round ${round.index} work`);
  });

  it('refuses to start a round on a full disk before the agent runs, and runs it once there is room', async function () {
    const run = await queuedRun();
    const small = mountStore.call(this);
    small.fill();
    await assert.rejects(engine.runRound(run.id, writer), (e: unknown) => storeError(e, 'disk-full'));
    small.free();
    const after = await engine.get(run.id);
    assert.equal(after.rounds.at(-1)!.status, 'queued', 'the round was never claimed, so it is still queued');
    const done = await engine.runRound(run.id, writer);
    assert.equal(done.rounds.at(-1)!.status, 'succeeded');
  });
});
