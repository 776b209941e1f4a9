import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { main } from '../../../src/cli/main';
import { ReviseError } from '../../../src/core/errors';
import { Engine, type StartOptions } from '../../../src/engine';
import { refNameProblem } from '../../../src/git';
import { reviseCli } from '../../helpers/cli';
import { isolateGitEnv, makeRemoteFixture, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { makeGitSpy, type GitSpy } from '../../helpers/gitServer';
import { cleanupTempDirs } from '../../helpers/tempDir';
import { recordScenario } from '../report';
import { generateNames, type GeneratedName } from './hostileNames';

const SEED = 20_240_610;
const positions = ['priorBranch', 'baseBranch', 'remote'] as const;
type Position = (typeof positions)[number];

function expectedSafe(n: GeneratedName, at: Position): boolean {
  return at === 'remote' ? n.safeRemote : n.safeBranch;
}

/** The error a call threw (the call must throw). */
async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to be refused');
}

/** Whether any recorded argument carries the name's token (or, without one, is the name itself). */
function reached(argvs: readonly string[][], n: GeneratedName): boolean {
  return argvs.some((argv) => argv.some((arg) => (n.token !== null ? arg.includes(n.token) : arg === n.name)));
}

describe('reliability: hostile names', function () {
  this.timeout(300_000);
  let undo: () => void;
  let fx: RemoteFixture;
  let spy: GitSpy;
  let engine: Engine;
  const names = generateNames(1000, SEED);

  before(async () => {
    undo = isolateGitEnv();
    fx = makeRemoteFixture();
    spy = makeGitSpy();
    spy.install();
    engine = await Engine.open(fx.user);
  });
  after(() => {
    engine.dispose();
    spy.uninstall();
    undo();
    cleanupTempDirs();
  });

  it('the generated set covers every family, and git itself accepts every name the set calls safe', () => {
    const unsafe = names.filter((n) => !n.safeBranch);
    const safe = names.filter((n) => n.safeBranch);
    assert.equal(names.length, 1000);
    assert.ok(safe.length >= 100 && unsafe.length >= 600, `${safe.length} safe, ${unsafe.length} unsafe`);
    assert.ok(new Set(names.map((n) => n.family)).size >= 24);
    // An oracle independent of Revise: git's own ref rules (run outside the spy).
    for (const n of safe) {
      const check = spawnSync('/usr/bin/git', ['check-ref-format', `refs/heads/${n.name}`]);
      assert.equal(check.status, 0, `git refuses the "safe" name ${JSON.stringify(n.name)}`);
    }
  });

  it('1,000 generated names through the engine and the CLI: no unsafe name reaches a git process, each is refused as unsafe-ref, safe names work', async () => {
    const started = Date.now();
    let trials = 0;
    const refusal = async (options: StartOptions): Promise<unknown> => thrown(() => engine.start(options));

    // 1. Engine start, each name in each position. A refused name starts no process at all. Every
    // safe name passes the filter; a seeded sample of them goes on to git (each costs real processes).
    for (const [i, n] of names.entries()) {
      for (const at of positions) {
        const safe = expectedSafe(n, at);
        if (safe) assert.equal(refNameProblem(n.name, at === 'remote' ? 'remote' : 'branch'), null, `${JSON.stringify(n.name)} at ${at}`);
        // Safe base names would restore a whole worktree each; a sample below covers them end to end.
        if (safe && (at === 'baseBranch' || i % 5 !== 0)) continue;
        spy.reset();
        const options: StartOptions = { priorBranch: fx.priorBranch, baseBranch: 'main', remote: 'origin', [at]: n.name };
        const error = await refusal(options);
        trials++;
        assert.ok(error instanceof ReviseError, `${n.family} at ${at}: ${String(error)}`);
        if (safe) {
          // Absent branch / unconfigured remote: git was asked, and said so.
          assert.equal(error.code, at === 'remote' ? 'remote-not-found' : 'remote-branch-missing', `${n.family} ${JSON.stringify(n.name)} at ${at}: ${error.message}`);
          if (at === 'priorBranch') assert.ok(reached(spy.argvs(), n), `the safe name ${JSON.stringify(n.name)} should reach ls-remote`);
        } else {
          assert.equal(error.code, 'unsafe-ref', `${n.family} ${JSON.stringify(n.name)} at ${at}: ${error.message}`);
          assert.equal(error.exitCode, 2);
          assert.match(error.message, /Nothing was run\.$/);
          assert.deepEqual(spy.argvs(), [], `${n.family} at ${at} started git`);
        }
      }
    }

    // 2. The CLI's argument path (in process), each name through one of its three flags, `--flag=value`
    // form so an option-shaped value is taken as a value. Only the repository probe may run.
    let said = '';
    const io = { stdout: (t: string) => void (said += t), stderr: (t: string) => void (said += t), isTTY: false, env: process.env };
    const flagOf: Record<Position, string> = { priorBranch: 'branch', baseBranch: 'base', remote: 'remote' };
    const viaCli = names.filter((_, i) => i < 24 || i % 8 === 0);
    for (const [i, n] of viaCli.entries()) {
      const at = positions[i % 3]!;
      if (expectedSafe(n, at)) continue;
      spy.reset();
      said = '';
      const args = ['start', '--branch', fx.priorBranch, `--${flagOf[at]}=${n.name}`, '--repo', fx.user, '--json'];
      const code = await main(args, io);
      trials++;
      // An empty --branch is a usage error (1); everything else is refused input (2).
      assert.equal(code, n.name === '' && at === 'priorBranch' ? 1 : 2, `${n.family} ${JSON.stringify(n.name)} via --${flagOf[at]}: ${said}`);
      for (const argv of spy.argvs()) assert.equal(argv[0], 'rev-parse', `only the repository probe may run, saw git ${argv.join(' ')}`);
      // Space-separated form: an option-shaped value is a usage error before anything runs.
      if (n.name.startsWith('-')) {
        assert.equal(await main(['start', `--${flagOf[at]}`, n.name, '--repo', fx.user, '--json'], io), 1);
        trials++;
      }
    }

    // 3. The real command line, one process per dangerous family.
    for (const family of ['option-shaped upload-pack', 'control character']) {
      const n = names.find((x) => x.family === family)!;
      spy.reset();
      const result = reviseCli(fx.user, ['start', `--branch=${n.name}`]);
      trials++;
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.equal(result.json.error?.code, 'unsafe-ref');
      assert.ok(!reached(spy.argvs(), n));
    }

    // 4. Safe names work end to end: pushed as prior attempts, as bases, and configured as remotes.
    const sample = names.filter((n) => n.safeBranch).slice(0, 6);
    for (const n of sample) sh(fx.seed, ['push', '--quiet', 'origin', `${fx.priorSha}:refs/heads/${n.name}`]);
    for (const n of sample.slice(0, 3)) {
      const run = await engine.start({ priorBranch: n.name, baseBranch: 'main' });
      trials++;
      assert.equal(run.restoredSha, fx.priorSha);
      assert.equal(run.priorBranch, n.name);
    }
    for (const n of sample.slice(3)) {
      const run = await engine.start({ priorBranch: fx.priorBranch, baseBranch: n.name });
      trials++;
      assert.equal(run.baseBranch, n.name);
    }
    const remotes = names.filter((n) => n.safeRemote).slice(0, 2);
    for (const n of remotes) {
      sh(fx.user, ['remote', 'add', n.name, `file://${fx.bare}`]);
      spy.reset();
      const run = await engine.start({ priorBranch: fx.priorBranch, remote: n.name });
      trials++;
      assert.equal(run.remote, n.name);
      assert.ok(reached(spy.argvs(), n), 'the configured remote reached git');
    }

    const unsafeCount = names.filter((n) => !n.safeBranch).length;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    recordScenario({
      scenario: '1,000 generated names never reach git',
      trials,
      commitsChecked: 0,
      lost: 0,
      outcome: `${names.length} names (seed ${SEED}, ${unsafeCount} unsafe in ${new Set(names.map((n) => n.family)).size} families) as prior/base/remote through the engine and the CLI: every unsafe one refused as unsafe-ref (exit 2) with no git process started; safe ones reached git and ${sample.length + remotes.length} started real runs (${seconds} s)`,
    });
  });
});
