/**
 * Part of `npm run bench`: how long `restoreWorktree` takes next to the raw
 * `git fetch` + `git worktree add` it wraps, on the same repository (a bare remote over file://
 * with a few thousand files and two hundred commits). Prints one table.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreWorktree } from '../src/git';
import { time, type Bench, type BenchRow } from './harness';

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@example.invalid', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@example.invalid' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

function makeRepo(root: string, files: number, commits: number): string {
  const bare = join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  const seed = join(root, 'seed');
  git(root, 'clone', '--quiet', bare, seed);
  git(seed, 'checkout', '--quiet', '-b', 'main');
  for (let i = 0; i < files; i++) {
    mkdirSync(join(seed, `dir${i % 50}`), { recursive: true });
    writeFileSync(join(seed, `dir${i % 50}`, `file${i}.ts`), `export const value${i} = ${i};\n`.repeat(20));
  }
  writeFileSync(join(seed, 'dir0', 'churn.txt'), 'start\n');
  git(seed, 'add', '--all');
  git(seed, 'commit', '--quiet', '-m', 'base');
  for (let i = 0; i < commits; i++) {
    writeFileSync(join(seed, 'dir0', 'churn.txt'), `${i}\n`);
    git(seed, 'commit', '--quiet', '-am', `churn ${i}`);
  }
  git(seed, 'push', '--quiet', 'origin', 'main');
  git(seed, 'checkout', '--quiet', '-b', 'agent/attempt');
  writeFileSync(join(seed, 'fix.txt'), 'fix\n');
  git(seed, 'add', 'fix.txt');
  git(seed, 'commit', '--quiet', '-m', 'attempt');
  git(seed, 'push', '--quiet', 'origin', 'agent/attempt');
  const user = join(root, 'user');
  git(root, 'clone', '--quiet', `file://${bare}`, user);
  return user;
}

async function run(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'revise-bench-git-'));
  Object.assign(process.env, { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
  try {
    const user = makeRepo(root, 3000, 200);
    let n = 0;
    const raw = (): void => {
      const id = `raw-${n++}`;
      git(user, 'fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/agent/attempt:refs/bench/${id}`);
      git(user, 'worktree', 'add', '--quiet', '-b', `bench-${id}`, join(root, 'wt', id), `refs/bench/${id}`);
    };
    const probed = (): void => {
      git(user, 'ls-remote', '--exit-code', 'origin', 'refs/heads/agent/attempt', 'refs/heads/main');
      raw();
    };
    const revise = (baseUpdate: 'merge' | 'none') => async (): Promise<void> => {
      await restoreWorktree({ repoDir: user, runId: `run-${n++}`, remote: 'origin', priorBranch: 'agent/attempt', baseBranch: 'main', strategy: 'restore', baseUpdate, worktreeRoot: join(root, 'wt') });
    };
    const baseline = { label: 'git fetch + git worktree add', value: await time(raw, { runs: 7 }) };
    const rows: BenchRow[] = [
      { id: 'restore.none', measure: 'restoreWorktree (probe + fetch + worktree add, base update none)', unit: 'ms', value: await time(revise('none'), { runs: 7 }), baseline },
      { id: 'restore.merge', measure: 'restoreWorktree (base up to date, merge check)', unit: 'ms', value: await time(revise('merge'), { runs: 7 }), baseline },
      { id: 'restore.probed-raw', measure: 'git ls-remote + git fetch + git worktree add', unit: 'ms', value: await time(probed, { runs: 7 }), baseline },
    ];
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export const gitRestoreBench: Bench = { name: 'git restore', run };
