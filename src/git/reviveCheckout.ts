/**
 * Between rounds a user may delete the run's worktree folder or its `revise/<runId>` branch by
 * hand. Running the next round as if nothing happened would fail obscurely (a missing cwd looks
 * like a missing agent) or, worse, commit onto an unborn branch and leave the earlier rounds
 * unreachable. Before a round, put back what is missing: the branch at the run's last recorded
 * head (never the base), and the worktree on that branch.
 */
import { existsSync } from 'node:fs';
import { GitError } from '../core/errors';
import { gitOr, gitStatus } from './exec';
import { assertSafeRefName, assertSafeRev } from './refSafety';

/** What had to be put back. */
export type Revived = Array<'branch' | 'worktree'>;

/**
 * Make sure `branch` exists (re-created at `lastHead` if it was deleted) and `worktree` is checked
 * out on it (re-added if its folder was deleted). `worktree-failed` when the commit is gone too.
 */
export async function reviveRunCheckout(topLevel: string, worktree: string, branch: string, lastHead: string): Promise<Revived> {
  assertSafeRefName(branch, 'branch');
  assertSafeRev(lastHead);
  const revived: Revived = [];
  const ref = `refs/heads/${branch}`;
  const present = await gitStatus(topLevel, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (present.exitCode !== 0) {
    const known = await gitStatus(topLevel, ['cat-file', '-e', `${lastHead}^{commit}`]);
    if (known.exitCode !== 0) {
      throw new GitError('worktree-failed', `The run branch ${branch} was deleted and its last commit ${lastHead} is no longer in the repository.`, { details: { branch, lastHead, situation: 'run-branch-lost' } });
    }
    // The empty old value: create only, never move a branch someone re-created meanwhile.
    await gitOr('worktree-failed', `Could not re-create the run branch ${branch}`, topLevel, ['update-ref', '-m', 'revise: re-create the deleted run branch', ref, lastHead, '']);
    revived.push('branch');
  }
  if (!existsSync(worktree)) {
    // The repository still lists the vanished folder; forget it before adding it again.
    await gitOr('worktree-failed', 'Could not prune stale worktrees', topLevel, ['worktree', 'prune']);
    await gitOr('worktree-failed', `Could not re-create the worktree ${worktree} on ${branch}`, topLevel, ['worktree', 'add', '--quiet', '--end-of-options', worktree, branch]);
    revived.push('worktree');
  }
  return revived;
}
