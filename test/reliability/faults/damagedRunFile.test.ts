import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import { Engine } from '../../../src/engine';
import { reviseCliAsync } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { recordScenario } from '../report';
import { AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';
import { storeOf } from '../../../src/engine/testSeam';

const writer = { agent: { preset: 'custom' as const, command: [process.execPath, '-e', "require('fs').writeFileSync('work.txt', 'round work\\n')"], timeoutMs: 60_000 } };

/** Ways a run.json gets damaged: by a crash of something other than Revise, a bad edit, a newer Revise. */
const DAMAGE: Array<{ name: string; damage: (text: string) => string; expect: 'quarantined' | 'newer'; code: string }> = [
  { name: 'corrupt (not JSON)', damage: () => '\u0000\u0000{{ garbage', expect: 'quarantined', code: 'store-corrupt' },
  { name: 'truncated mid-write', damage: (text) => text.slice(0, Math.floor(text.length / 2)), expect: 'quarantined', code: 'store-corrupt' },
  { name: 'from a future version', damage: (text) => JSON.stringify({ ...(JSON.parse(text) as object), version: 99, fieldFromTheFuture: { x: 1 } }), expect: 'newer', code: 'store-newer-version' },
];

describe('faults: a corrupt, truncated or future-version run.json', function () {
  this.timeout(120_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  async function runWithOneRound(): Promise<Run> {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    const queued = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'go' })).run;
    return engine.runRound(queued.id, writer);
  }

  it('reports each damaged file clearly, keeps its bytes, still lists the other runs and loses no commit', async () => {
    // Without a usable last-good copy (here: one that fails its checksum); restoring from a good copy is the next test.
    const tamper = (runId: string) => {
      const copy = storeOf(engine).lastGood.file(runId);
      writeFileSync(copy, readFileSync(copy, 'utf8').replace('"text":"{', '"text":"{ '));
    };
    const damaged = await runWithOneRound();
    const healthy = await runWithOneRound();
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    for (const run of [damaged, healthy]) ledger.addRun(run);
    const file = join(storeOf(engine).runDir(damaged.id), 'run.json');
    const original = readFileSync(file, 'utf8');
    const outcomes: string[] = [];

    for (const c of DAMAGE) {
      const bad = c.damage(original);
      tamper(damaged.id);
      writeFileSync(file, bad);
      const fresh = await Engine.open(fx.user);
      try {
        const listing = await fresh.list();
        assert.deepEqual(listing.runs.map((r) => r.id), [healthy.id], `${c.name}: the other run is still listed`);
        if (c.expect === 'quarantined') {
          const [q] = listing.quarantined;
          assert.equal(q?.runId, damaged.id);
          assert.match(q.file, /run\.json\.corrupt-\d+$/);
          assert.equal(readFileSync(q.file, 'utf8'), bad, `${c.name}: the damaged bytes are kept aside`);
          assert.ok(!existsSync(file), 'the damaged file no longer stands in for the run');
        } else {
          assert.deepEqual(listing.newer.map((n) => [n.runId, n.version]), [[damaged.id, 99]]);
          assert.equal(readFileSync(file, 'utf8'), bad, `${c.name}: the file is left exactly as the newer Revise wrote it`);
        }
        // A read and a write of the damaged run are refused with a code and a next step.
        const read = await reviseCliAsync(fx.user, ['status', '--run', damaged.id]);
        assert.equal(read.code, 2, read.stderr);
        assert.equal(read.json.error?.code, c.code);
        assert.match(read.json.error?.message ?? '', c.expect === 'newer' ? /update Revise/ : /moved to/);
        const again = await fresh.list();
        assert.deepEqual([...again.quarantined, ...again.newer].map((x) => x.runId), [damaged.id], `${c.name}: every later listing still reports it`);
        await assert.rejects(fresh.addFinding(damaged.id, { severity: 'nit', message: 'late note' }), (e: unknown) => e instanceof ReviseError && (e.code === c.code || e.code === 'run-not-found'));
        if (c.expect === 'newer') assert.equal(readFileSync(file, 'utf8'), bad, 'a refused write leaves a newer file alone');
      } finally {
        fresh.dispose();
      }
      outcomes.push(`${c.name}: ${c.code}${c.expect === 'quarantined' ? ', moved aside' : ', kept read-only'}`);
      await assertRunRecoverable(fx.user, healthy.id, [AFTER_REVIEW]);
      assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
      // The user puts the good file back (from the copy Revise kept, or by hand): the run is whole again.
      writeFileSync(file, original);
      await assertRunRecoverable(fx.user, damaged.id, [AFTER_REVIEW]);
    }
    assert.ok(readdirSync(storeOf(engine).runDir(damaged.id)).includes('QUARANTINED.txt'), 'the move aside is written down beside the run');
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'corrupt / truncated / future-version run.json', trials: DAMAGE.length, commitsChecked: checked, lost: 0, outcome: `${outcomes.join('; ')} (no usable last-good copy); the other run still listed and decidable` });
  });

  it('loads the last-good copy in place of a damaged run.json, keeping the damaged bytes aside', async () => {
    const run = await runWithOneRound();
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    ledger.addRun(run);
    const file = join(storeOf(engine).runDir(run.id), 'run.json');
    const original = readFileSync(file, 'utf8');
    const outcomes: string[] = [];
    for (const c of DAMAGE.filter((d) => d.expect === 'quarantined')) {
      const bad = c.damage(original);
      writeFileSync(file, bad);
      const fresh = await Engine.open(fx.user);
      try {
        const listing = await fresh.list();
        assert.deepEqual(listing.runs.map((r) => r.id), [run.id], `${c.name}: the run is listed from its last-good copy`);
        assert.deepEqual(listing.quarantined, []);
        const notice = listing.notices.find((n) => n.runId === run.id && n.kind === 'restored');
        assert.ok(notice, `${c.name}: the listing says the run was restored`);
        const kept = notice.file;
        assert.ok(kept && readFileSync(kept, 'utf8') === bad, `${c.name}: the damaged bytes are kept aside (${notice.message})`);
        assert.equal(readFileSync(file, 'utf8'), original, 'run.json is the last good state again');
      } finally {
        fresh.dispose();
      }
      await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
      outcomes.push(`${c.name}: restored from the last-good copy, damaged file kept aside`);
    }
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({ scenario: 'damaged run.json restored from its last-good copy', trials: outcomes.length, commitsChecked: checked, lost: 0, outcome: outcomes.join('; ') });
  });
});
