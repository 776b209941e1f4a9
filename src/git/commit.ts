/** Committing what an agent left behind, and reading the state of a worktree. */
import { GitError } from '../core/errors';
import { git, gitOr, gitStatus } from './exec';
import { identityEnv, type Identity } from './identity';
import { stageAll } from './stageAll';

/** The commit `HEAD` points at in `dir`. */
export async function headSha(dir: string): Promise<string> {
  return (await gitOr('git-failed', `Could not read HEAD of ${dir}`, dir, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
}

/** Whether `dir` has no staged, unstaged or untracked (non-ignored) changes. */
export async function isClean(dir: string): Promise<boolean> {
  const out = await gitOr('git-failed', `Could not read the status of ${dir}`, dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  return out.length === 0;
}

/**
 * Commit every change in `worktree` (untracked files included, ignored ones not) with `message`.
 * Returns the new commit, or `null` when there was nothing to commit. Project hooks are skipped:
 * this is a save point, and a failing hook must not leave the round's work uncommitted.
 */
export async function commitAll(worktree: string, message: string, identity?: Identity): Promise<string | null> {
  await stageAll(worktree);
  const staged = await gitStatus(worktree, ['diff', '--cached', '--quiet']);
  if (staged.exitCode === 0) return null;
  if (staged.exitCode !== 1) throw new GitError('git-failed', `Could not compare the index of ${worktree}: ${staged.stderr.trim()}`);
  const env = await identityEnv(worktree, identity);
  await gitOr('git-failed', `Could not commit the changes in ${worktree}`, worktree, ['commit', '--quiet', '--no-verify', '--no-gpg-sign', '-m', message], { env });
  return (await git(worktree, ['rev-parse', 'HEAD'])).trim();
}
