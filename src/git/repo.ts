/** Finding the repository a folder belongs to, and facts about a checkout. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { GitError } from '../core/errors';
import { gitOr, gitStatus, firstLine } from './exec';
import { plainRepoLayout, type RepoInfo } from './repoLayout';

export type { RepoInfo } from './repoLayout';

function notARepo(dir: string, detail: string): GitError {
  return new GitError('not-a-repo', `${dir} is not inside a git repository (${detail}).`, { details: { dir, field: 'repo' } });
}

/** The working tree and common git dir of the repository containing `dir` (`not-a-repo` otherwise). */
export async function openRepo(dir: string): Promise<RepoInfo> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw notARepo(dir, 'no such folder');
  const result = await gitStatus(dir, ['rev-parse', '--show-toplevel', '--git-common-dir']);
  if (result.exitCode !== 0) throw notARepo(dir, firstLine(result.stderr) || `git exited with ${result.exitCode}`);
  const [topLevel, commonDir] = result.stdout.split('\n').map((l) => l.trim());
  if (!topLevel || !commonDir) throw notARepo(dir, 'a bare repository has no working tree');
  return { topLevel, commonDir: isAbsolute(commonDir) ? commonDir : resolve(dir, commonDir) };
}

/** The repository of `dir`: read from the disk when the layout is plain (repoLayout.ts), else from git. */
export async function locateRepo(dir: string): Promise<RepoInfo> {
  return plainRepoLayout(dir) ?? openRepo(dir);
}

/** Absolute path of the git directory shared by every worktree of the repository at `dir`. */
export async function gitCommonDir(dir: string): Promise<string> {
  return (await openRepo(dir)).commonDir;
}

/** The branch checked out in `dir`, or `null` on a detached HEAD. */
export async function currentBranch(dir: string): Promise<string | null> {
  const result = await gitStatus(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (result.exitCode === 0) return result.stdout.trim() || null;
  if (result.exitCode === 1) return null;
  throw new GitError('git-failed', `Could not read the current branch of ${dir}: ${firstLine(result.stderr)}`);
}

/** Whether `rev` names a commit in the repository at `dir`. */
export async function resolveCommit(dir: string, rev: string): Promise<string | null> {
  const result = await gitStatus(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/**
 * Several revisions at once (one process when all resolve, the usual case); `null` for each that
 * names no commit.
 */
export async function resolveCommits(dir: string, revs: readonly string[]): Promise<(string | null)[]> {
  // `--verify` takes one revision only; the trailing `--` keeps these from being read as paths, and
  // an option-shaped name never gets here (names are checked before, and refused below anyway).
  if (revs.some((rev) => rev.startsWith('-'))) throw new GitError('unsafe-ref', `Refusing to resolve ${JSON.stringify(revs)}: a revision cannot start with "-".`);
  const all = await gitStatus(dir, ['rev-parse', ...revs.map((rev) => `${rev}^{commit}`), '--']);
  const shas = all.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40,64}$/.test(l));
  if (all.exitCode === 0 && shas.length === revs.length) return shas;
  return Promise.all(revs.map((rev) => resolveCommit(dir, rev)));
}

/** Whether `ancestor` is reachable from `descendant` (both commits); `git-failed` when git cannot tell. */
export async function isAncestor(dir: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await gitStatus(dir, ['merge-base', '--is-ancestor', '--end-of-options', ancestor, descendant]);
  if (result.exitCode === 0 || result.exitCode === 1) return result.exitCode === 0;
  throw new GitError('git-failed', `Could not tell whether ${ancestor} is in ${descendant}: ${firstLine(result.stderr)}`);
}

/** Mend the link between a worktree and its repository (after the folder or repository moved, or `.git` was deleted). */
export async function repairWorktree(repoDir: string, worktree: string): Promise<void> {
  await gitOr('worktree-failed', `Could not repair the worktree ${worktree}`, repoDir, ['worktree', 'repair', '--end-of-options', worktree]);
}
