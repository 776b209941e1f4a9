import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Engine } from '../../../src/engine';
import type { Run } from '../../../src/core/model';
import { reviseCli } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { storeOf } from '../../../src/engine/testSeam';

const MISBEHAVING = join(__dirname, '..', '..', 'reliability', 'faults', 'misbehavingAgent.mjs');

describe('run store: the last-good copy of run.json', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  async function queuedRun(): Promise<Run> {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    return (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'go' })).run;
  }

  it('keeps the copy outside the repository and its worktrees, with a checksum', async () => {
    const run = await queuedRun();
    const copy = storeOf(engine).lastGood.file(run.id);
    for (const inside of [fx.root, run.worktree]) assert.ok(relative(inside, copy).startsWith('..'), `${copy} is not under ${inside}`);
    const saved = JSON.parse(readFileSync(copy, 'utf8')) as { sha256: string; text: string };
    assert.equal(saved.text, readFileSync(join(storeOf(engine).runDir(run.id), 'run.json'), 'utf8'), 'the copy is the run as last written');
    assert.match(saved.sha256, /^[0-9a-f]{64}$/);
  });

  it('finishes the round of an agent that overwrote run.json with garbage, from the last-good copy', async () => {
    const run = await queuedRun();
    const agent = { preset: 'custom' as const, command: [process.execPath, MISBEHAVING, 'clobber-run-json'], timeoutMs: 60_000 };
    const after = await engine.runRound(run.id, { agent });
    const round = after.rounds.at(-1)!;
    assert.equal(round.status, 'succeeded');
    assert.equal(after.status, 'awaiting-decision');
    const dir = storeOf(engine).runDir(run.id);
    const kept = readdirSync(dir).filter((f) => f.startsWith('run.json.corrupt-'));
    assert.equal(kept.length, 1, 'the damaged file is kept aside');
    assert.match(readFileSync(join(dir, kept[0]!), 'utf8'), /garbage written by the agent/);
    const status = reviseCli(fx.user, ['status']);
    assert.equal(status.code, 0, status.stderr);
    const notices = status.json.result?.notices as Array<{ runId: string; kind: string; message: string }>;
    assert.deepEqual(notices.map((n) => [n.runId, n.kind]), [[run.id, 'restored']]);
    assert.match(notices[0]!.message, /last-good copy/);
    // Deleting the note is how the user says they have looked.
    rmSync(join(dir, 'RESTORED.txt'));
    assert.equal(reviseCli(fx.user, ['status']).json.result?.notices, undefined);
  });

  it('restores a deleted run.json from the copy', async () => {
    const run = await queuedRun();
    rmSync(join(storeOf(engine).runDir(run.id), 'run.json'));
    const got = await engine.get(run.id);
    assert.equal(got.id, run.id);
    assert.equal(got.rounds.at(-1)!.status, 'queued');
    assert.ok(existsSync(join(storeOf(engine).runDir(run.id), 'run.json')));
  });

  it('does not trust a copy that fails its checksum: the damaged run is quarantined as before', async () => {
    const run = await queuedRun();
    const copy = storeOf(engine).lastGood.file(run.id);
    const saved = JSON.parse(readFileSync(copy, 'utf8')) as { sha256: string; text: string };
    const edited = saved.text.replace('"title": "agent/fix-parser"', '"title": "edited"');
    assert.notEqual(edited, saved.text);
    writeFileSync(copy, JSON.stringify({ ...saved, text: edited }));
    writeFileSync(join(storeOf(engine).runDir(run.id), 'run.json'), 'garbage');
    const listing = await engine.list();
    assert.deepEqual(listing.runs, []);
    assert.deepEqual(listing.quarantined.map((q) => q.runId), [run.id]);
  });
});
