/**
 * Part of `npm run bench`: what `revise start` costs for a restore next to the raw
 * `git fetch` + `git worktree add` it wraps, on a generated repository of 20k files and 5k commits
 * (a bare remote over file://, a user clone with a checkout). Three ways are measured, interleaved
 * run by run so machine noise hits all of them alike: the raw pair, the engine's start in process
 * (restore, base check, run written to the store), and the whole `node cli.js start` process.
 * Every worktree is removed between runs, outside the measured time.
 *
 * The user clone and its worktrees live once in the temp folder (on disk) and, where `/dev/shm`
 * exists, once more on tmpfs. On disk, eighteen checkouts of 20k files in a row drive the kernel into
 * write-back throttling and each checkout takes seconds, with more noise than Revise's own work; on
 * tmpfs the checkout is CPU-bound, so the ratio there shows Revise's fixed cost in full.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Engine } from '../src/engine';
import { productionCli } from './buildCli';
import { benchGit, benchGitEnv, generateRepo } from './generateRepo';
import { sample, type Bench, type BenchRow } from './harness';

const SHAPE = { files: 20_000, commits: 5_000, attemptCommits: 3, seed: 9 };
const RUNS = 5;
const execFileAsync = promisify(execFile);

async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Where the clone and worktrees go: the temp folder, and tmpfs when the machine has a writable one.
 * `REVISE_BENCH_RESTORE_PLACES=tmpfs` (or `disk`) measures one of them only, e.g. while iterating
 * on the restore; unset, both are measured.
 */
function places(): { label: string; dir: string; id: string }[] {
  const out = [{ label: 'on disk', dir: tmpdir(), id: '' }];
  try {
    accessSync('/dev/shm', constants.W_OK);
    out.push({ label: 'on tmpfs', dir: '/dev/shm', id: '.tmpfs' });
  } catch {
    // No tmpfs: the disk rows alone.
  }
  const only = process.env.REVISE_BENCH_RESTORE_PLACES;
  if (!only) return out;
  const chosen = out.filter((place) => place.id === (only === 'disk' ? '' : `.${only}`));
  if (chosen.length === 0) throw new Error(`REVISE_BENCH_RESTORE_PLACES=${only}: no such place here (${out.map((p) => (p.id ? p.id.slice(1) : 'disk')).join(', ')})`);
  return chosen;
}

async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const place of places()) rows.push(...(await measureIn(place)));
  return rows;
}

async function measureIn(place: { label: string; dir: string; id: string }): Promise<BenchRow[]> {
  const generationStarted = performance.now();
  const repo = generateRepo(SHAPE);
  const generationMs = performance.now() - generationStarted;
  const root = mkdtempSync(join(place.dir, 'revise-bench-restore-'));
  // The engine passes these through to git: no user config may change what is measured.
  const saved = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
  Object.assign(process.env, { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
  try {
    const user = join(root, 'user');
    benchGit(root, ['clone', '--quiet', `file://${repo.bare}`, user]);
    const cli = productionCli();
    const engine = await Engine.open(user);
    const wtRoot = join(root, 'wt');
    let n = 0;

    /** Remove a worktree and everything pointing at it (outside the measured time). */
    const drop = (path: string, refs: string[]): void => {
      rmSync(path, { recursive: true, force: true });
      benchGit(user, ['worktree', 'prune']);
      for (const ref of refs) benchGit(user, ['update-ref', '-d', ref]);
    };

    const raw = async (): Promise<number> => {
      const id = `raw-${n++}`;
      const path = join(wtRoot, id);
      const ms = await elapsed(async () => {
        await execFileAsync('git', ['fetch', '--no-tags', '--quiet', 'origin', `+refs/heads/${repo.priorBranch}:refs/bench/${id}`], { cwd: user, env: benchGitEnv });
        await execFileAsync('git', ['worktree', 'add', '--quiet', '-b', `bench-${id}`, path, `refs/bench/${id}`], { cwd: user, env: benchGitEnv });
      });
      drop(path, [`refs/bench/${id}`, `refs/heads/bench-${id}`]);
      return ms;
    };

    const runRefs = (id: string): string[] => [`refs/heads/revise/${id}`, `refs/revise/prior/${id}`, `refs/revise/base/${id}`];

    const inProcess = async (): Promise<number> => {
      let started: { id: string; worktree: string; restoredSha: string } | undefined;
      const ms = await elapsed(async () => {
        started = await engine.start({ priorBranch: repo.priorBranch, baseBranch: repo.baseBranch, worktreeRoot: wtRoot });
      });
      if (started?.restoredSha !== repo.priorTip) throw new Error(`restored ${started?.restoredSha}, expected ${repo.priorTip}`);
      drop(started.worktree, runRefs(started.id));
      return ms;
    };

    const wholeCli = async (): Promise<number> => {
      const path = join(wtRoot, `cli-${n++}`);
      let stdout = '';
      const ms = await elapsed(async () => {
        ({ stdout } = await execFileAsync(process.execPath, [cli, 'start', '--branch', repo.priorBranch, '--base', repo.baseBranch, '--worktree', path, '--repo', user, '--json'], { env: { ...process.env, ...benchGitEnv } }));
      });
      const started = (JSON.parse(stdout) as { run: { id: string; restoredSha: string } }).run;
      if (started.restoredSha !== repo.priorTip) throw new Error(`the CLI restored ${started.restoredSha}, expected ${repo.priorTip}`);
      drop(path, runRefs(started.id));
      return ms;
    };

    // One warm-up of each, then the three interleaved.
    await raw();
    await inProcess();
    await wholeCli();
    const times = { raw: [] as number[], engine: [] as number[], cli: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      times.raw.push(await raw());
      times.engine.push(await inProcess());
      times.cli.push(await wholeCli());
    }
    const baseline = { label: `git fetch + git worktree add ${place.label}`, value: sample(times.raw) };
    const inputs = `${SHAPE.files} files, ${SHAPE.commits} commits + ${SHAPE.attemptCommits} on the attempt; repository ${repo.cached ? 'from the cache' : `generated in ${(generationMs / 1000).toFixed(1)} s`}`;
    return [
      {
        id: `restore.20k${place.id}`,
        measure: `\`revise start\` restore ${place.label} (engine, in process; base check, run written)`,
        unit: 'ms',
        value: sample(times.engine),
        baseline,
        goal: { on: 'ratio', max: 1.1 },
        note: `${inputs}. The worktree checkout dominates both sides.`,
      },
      {
        id: `restore.20k.cli${place.id}`,
        measure: `\`node cli.js start\` restore ${place.label} (whole process)`,
        unit: 'ms',
        value: sample(times.cli),
        baseline,
        note: 'Includes Node start-up and loading the CLI bundle.',
      },
    ];
  } finally {
    Object.assign(process.env, saved);
    for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
    rmSync(root, { recursive: true, force: true });
  }
}

export const gitRestoreBench: Bench = { name: 'restore', run };
