/**
 * Part of `npm run bench`: what watching a round costs — the snapshot of the user's checkout,
 * config, hooks and remote-tracking refs taken before and after every round, and the comparison —
 * on a clone of the generated 20k-file repository with 200 changed files. The baseline is the
 * least any such check needs: `git status --porcelain` twice.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compareSnapshots, snapshotRepo } from '../src/git/repoSnapshot';
import { benchGit, benchGitEnv, generateRepo } from './generateRepo';
import { time, type Bench, type BenchRow } from './harness';

const SHAPE = { files: 20_000, commits: 5_000, attemptCommits: 3, seed: 9 };
const CHANGED = 200;
const execFileAsync = promisify(execFile);

async function run(): Promise<BenchRow[]> {
  const repo = generateRepo(SHAPE);
  const root = mkdtempSync(join(tmpdir(), 'revise-bench-watch-'));
  try {
    const user = join(root, 'user');
    benchGit(root, ['clone', '--quiet', `file://${repo.bare}`, user]);
    const files = benchGit(user, ['ls-files']).split('\n').filter(Boolean);
    for (let i = 0; i < CHANGED; i++) appendFileSync(join(user, files[(i * 97) % files.length]!), '// changed\n');
    const common = join(user, '.git');
    let dirty = 0;
    const watch = await time(async () => {
      const before = await snapshotRepo(common, user);
      const after = await snapshotRepo(common, user);
      const changes = await compareSnapshots(common, before, after);
      if (changes.checkoutFiles.length > 0) throw new Error('an unchanged checkout compared as changed');
      dirty = before.checkoutFiles.size;
    });
    const status = await time(async () => {
      for (let i = 0; i < 2; i++) await execFileAsync('git', ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: user, env: benchGitEnv, maxBuffer: 64 * 1024 * 1024 });
    });
    return [
      {
        id: 'watch.round.20k',
        measure: `round watch (snapshot before + after + compare) of a 20k-file checkout with ${CHANGED} changed files`,
        unit: 'ms',
        value: watch,
        baseline: { label: 'git status --porcelain, twice', value: status },
        note: `${dirty} changed files hashed per snapshot; also reads the config keys, the hooks folders and the remote-tracking refs.`,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export const roundWatchBench: Bench = { name: 'watch', run };
