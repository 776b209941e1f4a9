import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../../../src/store/runStore';
import { reviseBundle } from '../../helpers/cliBundle';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { sh } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/**
 * `revise status` as the built CLI runs it: the launcher, the bundles through the code cache, and
 * the process ended by the command once its output is written (not when the event loop empties).
 */
describe('revise status as a process of the built CLI', function () {
  this.timeout(120_000);
  after(cleanupTempDirs);

  it('prints the whole listing through a pipe and writes the code cache of the bundles it loaded: not the engine nor zod, unless git or a recovery is needed', async () => {
    const cli = reviseBundle(makeTempDir('revise-bundle-'));
    const repo = makeTempDir('revise-status-');
    sh(repo, ['init', '--quiet', '--initial-branch=main']);
    // A state folder of this test alone: the runs' last-good copies, and the code cache the CLI writes.
    const home = makeTempDir('revise-state-');
    const saved = process.env.REVISE_STATE_HOME;
    process.env.REVISE_STATE_HOME = home;
    const store = new RunStore(join(repo, '.git'));
    process.env.REVISE_STATE_HOME = saved;
    // Well over a pipe's buffer (64 kB), so an exit before the output drained would cut it short.
    for (let i = 0; i < 60; i++) {
      const findings = Array.from({ length: 10 }, (_, n) => makeFinding({ id: `B${n + 1}`, message: `Finding ${n + 1} of run ${i}` }));
      await store.create(makeRun({ id: `run-${String(i).padStart(4, '0')}`, findings, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    }
    const status = () => spawnSync(process.execPath, [cli, 'status', '--json', '--repo', repo], { encoding: 'utf8', env: { ...process.env, REVISE_STATE_HOME: home }, maxBuffer: 64 * 1024 * 1024 });
    const first = status();
    assert.equal(first.status, 0, first.stderr);
    assert.ok(first.stdout.length > 128 * 1024, `${first.stdout.length} characters`);
    const listed = JSON.parse(first.stdout) as { ok: boolean; runs: Array<{ id: string; findings: unknown[] }> };
    assert.equal(listed.ok, true);
    assert.deepEqual(listed.runs.map((r) => r.findings.length), Array(60).fill(10));
    assert.equal(listed.runs[0]!.id, 'run-0059');
    // Only the bundles loaded have a cache written: the listing needed neither the engine nor zod.
    const cached = () => readdirSync(join(home, 'compile-cache')).map((name) => name.split('-')[0]).sort();
    assert.deepEqual(cached(), ['cliMain', 'listing']);
    const second = status();
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);

    // From a subfolder git finds the repository, and the engine lists: the same listing.
    mkdirSync(join(repo, 'sub'));
    const fromSub = spawnSync(process.execPath, [cli, 'status', '--json', '--repo', join(repo, 'sub')], { encoding: 'utf8', env: { ...process.env, REVISE_STATE_HOME: home }, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(fromSub.status, 0, fromSub.stderr);
    assert.equal(fromSub.stdout, first.stdout);
    assert.deepEqual(cached(), ['cliMain', 'engine', 'listing', 'zod']);

    // A round whose process died is recovered (the engine's work) before it is listed.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await store.update('run-0000', (run) => {
      run.status = 'running';
      run.pendingDecision = null;
      run.rounds[0]!.status = 'running';
      run.rounds[0]!.ownerPid = dead;
    });
    const recovered = status();
    assert.equal(recovered.status, 0, recovered.stderr);
    const run = (JSON.parse(recovered.stdout) as { runs: Array<{ id: string; status: string; rounds: Array<{ status: string }> }> }).runs.find((r) => r.id === 'run-0000')!;
    assert.equal(run.rounds[0]!.status, 'interrupted');
    assert.equal(run.status, 'awaiting-decision');
  });
});
