/**
 * A large, deterministic repository for the restore bench, written by one `git fast-import` from a
 * generated stream (seeded, fixed dates, so the same inputs give the same commit ids). The bare
 * repository is cached under the OS temp folder keyed by the generator version and shape; a cached
 * copy is only reused when the tips recorded after a complete generation still match.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeded } from '../test/helpers/seeded';

/** Bump when the stream below changes: a cached repository of another version is never reused. */
const GENERATOR_VERSION = 1;

export interface RepoShape {
  files: number;
  /** Commits on the base branch (the first adds every file). */
  commits: number;
  /** Commits of the prior attempt on top of the base. */
  attemptCommits: number;
  seed: number;
}

export interface GeneratedRepo {
  /** The bare repository (the "remote"). */
  bare: string;
  baseBranch: string;
  priorBranch: string;
  baseTip: string;
  priorTip: string;
  /** Whether it came from the cache. */
  cached: boolean;
}

/** Git with no user or system config, fixed identity: the same stream gives the same repository. */
export const benchGitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

/** Run git synchronously with the bench environment; returns trimmed stdout. */
export function benchGit(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, env: benchGitEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(input === undefined ? {} : { input }) }).trim();
}

function filePath(i: number): string {
  // 50 packages × 20 folders × n files: a tree shaped like a real source tree, not one flat folder.
  return `src/pkg${i % 50}/mod${Math.floor(i / 50) % 20}/file${i}.ts`;
}

function fileBody(i: number, version: number, next: () => number): string {
  const lines = [`// file ${i}, version ${version}`];
  const count = 4 + Math.floor(next() * 12);
  for (let l = 0; l < count; l++) lines.push(`export const v${l} = ${Math.floor(next() * 1e9)};`);
  return `${lines.join('\n')}\n`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** The fast-import stream: base branch with `commits` commits, then the attempt branch on top. */
function stream(shape: RepoShape, baseBranch: string, priorBranch: string): string {
  const next = seeded(shape.seed).next;
  const parts: string[] = [];
  const epoch = 1_700_000_000;
  let mark = 0;
  const commit = (branch: string, message: string, changes: string[], from?: number): number => {
    mark += 1;
    parts.push(`commit refs/heads/${branch}\nmark :${mark}\ncommitter Bench <bench@example.invalid> ${epoch + mark * 60} +0000\n${data(message)}`);
    if (from !== undefined) parts.push(`from :${from}\n`);
    parts.push(...changes, '\n');
    return mark;
  };
  const modify = (path: string, body: string): string => `M 100644 inline ${path}\n${data(body)}`;

  const all: string[] = [];
  for (let i = 0; i < shape.files; i++) all.push(modify(filePath(i), fileBody(i, 0, next)));
  let tip = commit(baseBranch, 'initial import', all);
  for (let c = 1; c < shape.commits; c++) {
    const changes: string[] = [];
    const touched = 1 + Math.floor(next() * 3);
    for (let t = 0; t < touched; t++) {
      const i = Math.floor(next() * shape.files);
      changes.push(modify(filePath(i), fileBody(i, c, next)));
    }
    tip = commit(baseBranch, `change ${c}`, changes, tip);
  }
  for (let a = 0; a < shape.attemptCommits; a++) {
    const i = Math.floor(next() * shape.files);
    tip = commit(priorBranch, `attempt ${a + 1}`, [modify(filePath(i), fileBody(i, shape.commits + a, next))], tip);
  }
  return parts.join('');
}

/** Generate (or reuse from the cache) the bare repository of `shape`. */
export function generateRepo(shape: RepoShape): GeneratedRepo {
  const baseBranch = 'main';
  const priorBranch = 'agent/attempt';
  const key = `v${GENERATOR_VERSION}-f${shape.files}-c${shape.commits}-a${shape.attemptCommits}-s${shape.seed}`;
  const cacheDir = join(tmpdir(), 'revise-bench-repos');
  const bare = join(cacheDir, `${key}.git`);
  const marker = join(cacheDir, `${key}.json`);

  if (existsSync(marker) && existsSync(bare)) {
    const recorded = JSON.parse(readFileSync(marker, 'utf8')) as { baseTip: string; priorTip: string };
    try {
      const baseTip = benchGit(bare, ['rev-parse', '--verify', `refs/heads/${baseBranch}`]);
      const priorTip = benchGit(bare, ['rev-parse', '--verify', `refs/heads/${priorBranch}`]);
      if (baseTip === recorded.baseTip && priorTip === recorded.priorTip) return { bare, baseBranch, priorBranch, baseTip, priorTip, cached: true };
    } catch {
      // Unreadable cache: generate again below.
    }
  }

  mkdirSync(cacheDir, { recursive: true });
  rmSync(marker, { force: true });
  const building = `${bare}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  benchGit(cacheDir, ['init', '--quiet', '--bare', `--initial-branch=${baseBranch}`, building]);
  benchGit(building, ['fast-import', '--quiet'], stream(shape, baseBranch, priorBranch));
  // One pack, as a served repository would have; keeps the fetch side realistic.
  benchGit(building, ['repack', '-a', '-d', '-q']);
  rmSync(bare, { recursive: true, force: true });
  renameSync(building, bare);
  const baseTip = benchGit(bare, ['rev-parse', `refs/heads/${baseBranch}`]);
  const priorTip = benchGit(bare, ['rev-parse', `refs/heads/${priorBranch}`]);
  const count = Number(benchGit(bare, ['rev-list', '--count', `refs/heads/${priorBranch}`]));
  if (count !== shape.commits + shape.attemptCommits) throw new Error(`generated ${count} commits, expected ${shape.commits + shape.attemptCommits}`);
  writeFileSync(marker, JSON.stringify({ baseTip, priorTip }));
  return { bare, baseBranch, priorBranch, baseTip, priorTip, cached: false };
}
