/**
 * Real git repositories for tests: a bare remote, a seeded history (base `main` and a prior attempt
 * branch), and a user clone whose path has spaces and non-ASCII characters. The machine's git
 * config is shut out so the tests behave the same everywhere.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cleanupTempDirs, makeTempDir } from './tempDir';

export const TEST_IDENTITY = { name: 'Test Person', email: 'test@example.invalid' };

const isolated: Record<string, string> = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
const cleared = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE'];

/** Shut out the machine's git config for the code under test too; returns the undo. */
export function isolateGitEnv(): () => void {
  const saved = new Map<string, string | undefined>();
  for (const key of [...Object.keys(isolated), ...cleared]) saved.set(key, process.env[key]);
  Object.assign(process.env, isolated);
  for (const key of cleared) delete process.env[key];
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Run git for test setup (not the code under test); returns trimmed stdout. */
export function sh(cwd: string, args: string[], env: Record<string, string> = {}): string {
  const identity = { GIT_AUTHOR_NAME: TEST_IDENTITY.name, GIT_AUTHOR_EMAIL: TEST_IDENTITY.email, GIT_COMMITTER_NAME: TEST_IDENTITY.name, GIT_COMMITTER_EMAIL: TEST_IDENTITY.email };
  return execFileSync('git', args, { cwd, env: { ...process.env, ...isolated, ...identity, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Write `files` (path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Write `files`, stage everything and commit; returns the new HEAD. */
export function commitFiles(dir: string, message: string, files: Record<string, string | Buffer>): string {
  writeFiles(dir, files);
  sh(dir, ['add', '--all']);
  sh(dir, ['commit', '--quiet', '-m', message]);
  return sh(dir, ['rev-parse', 'HEAD']);
}

export interface RemoteFixture {
  root: string;
  /** Bare repository acting as the remote. */
  bare: string;
  /** A clone used to play teammates and the earlier agent. */
  seed: string;
  /** The user's checkout (path with spaces and non-ASCII), remote `origin` = `bare` over file://. */
  user: string;
  baseSha: string;
  priorSha: string;
  priorBranch: string;
}

/**
 * `main` with README.md and shared.txt; `agent/fix-parser` forked from it adding fix.txt. The user
 * clone has no identity configured (Revise must supply one for its merges).
 */
export function makeRemoteFixture(extraBase: Record<string, string | Buffer> = {}, parent?: string): RemoteFixture {
  const root = makeTempDir('revise-git-', parent);
  const bare = join(root, 'remote.git');
  sh(root, ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  const seed = join(root, 'seed');
  sh(root, ['clone', '--quiet', bare, seed]);
  sh(seed, ['checkout', '--quiet', '-b', 'main']);
  const baseSha = commitFiles(seed, 'base', { 'README.md': '# demo\n', 'shared.txt': 'one\ntwo\nthree\n', ...extraBase });
  sh(seed, ['push', '--quiet', 'origin', 'main']);
  const priorBranch = 'agent/fix-parser';
  sh(seed, ['checkout', '--quiet', '-b', priorBranch]);
  const priorSha = commitFiles(seed, 'attempt: fix the parser', { 'fix.txt': 'the fix\n' });
  sh(seed, ['push', '--quiet', 'origin', priorBranch]);
  sh(seed, ['checkout', '--quiet', 'main']);
  const user = join(root, 'user checkout — ü ß');
  sh(root, ['clone', '--quiet', `file://${bare}`, user]);
  return { root, bare, seed, user, baseSha, priorSha, priorBranch };
}

/** Commit on `branch` in the seed clone and push it (a teammate or the base moving on). */
export function pushFromSeed(fx: RemoteFixture, branch: string, message: string, files: Record<string, string | Buffer>): string {
  sh(fx.seed, ['checkout', '--quiet', branch]);
  sh(fx.seed, ['pull', '--quiet', '--ff-only', 'origin', branch]);
  const sha = commitFiles(fx.seed, message, files);
  sh(fx.seed, ['push', '--quiet', 'origin', branch]);
  return sha;
}

/** A `--depth 1` clone of the remote after `main` moved on, so a restore that merges needs history it lacks. */
export function makeShallowClone(fx: RemoteFixture): string {
  pushFromSeed(fx, 'main', 'base moves on', { 'later.txt': 'later\n' });
  const shallow = join(makeTempDir('revise-shallow-'), 'clone');
  sh(fx.root, ['clone', '--quiet', '--depth', '1', `file://${fx.bare}`, shallow]);
  return shallow;
}

/** The tip of `branch` in the bare remote, or '' when absent. */
export function remoteTip(fx: RemoteFixture, branch: string): string {
  try {
    return sh(fx.bare, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
  } catch {
    return '';
  }
}

function hashTree(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    if (dir === base && name === '.git') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(path, base, out);
    else out[relative(base, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

function fileHash(path: string): string | null {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
}

/** Everything about the user's checkout that Revise must never change. */
export function snapshotCheckout(dir: string): Record<string, unknown> {
  const gitDir = join(dir, '.git');
  let symbolic: string;
  try {
    symbolic = sh(dir, ['symbolic-ref', '--quiet', 'HEAD']);
  } catch {
    symbolic = '(detached)';
  }
  return {
    head: sh(dir, ['rev-parse', 'HEAD']),
    symbolic,
    index: fileHash(join(gitDir, 'index')),
    fetchHead: fileHash(join(gitDir, 'FETCH_HEAD')),
    files: hashTree(dir),
    stash: sh(dir, ['stash', 'list']),
    // The run-local branches revise/<runId> are the one expected addition.
    branches: sh(dir, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/stash'])
      .split('\n')
      .filter((line) => !line.startsWith('refs/heads/revise/')),
    status: sh(dir, ['status', '--porcelain=v1', '--untracked-files=all']),
  };
}

/**
 * Mocha wiring shared by the git-backed suites: git isolated from the machine's config for the
 * suite, a fresh remote fixture handed to `onEach` before each test, temp folders removed after.
 */
export function useRemoteFixture(onEach: (fx: RemoteFixture) => void, extraBase: Record<string, string | Buffer> = {}): void {
  let undo: () => void = () => undefined;
  before(() => (undo = isolateGitEnv()));
  after(() => undo());
  beforeEach(() => onEach(makeRemoteFixture(extraBase)));
  afterEach(() => cleanupTempDirs());
}
