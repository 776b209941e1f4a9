/** Removing a run's worktree without losing anything: back up first, then remove and prune. */
import { existsSync } from 'node:fs';
import type { Backup } from '../core/model';
import { createBackup } from './backups';
import { isClean } from './commit';
import { gitOr, gitStatus } from './exec';
import { assertSafeRunId } from './refSafety';
import { backupSubmodules } from './submodules';

/** Whether `rev` has commits that no remote-tracking ref contains (true when unsure). */
async function hasUnpushedCommits(dir: string, rev: string): Promise<boolean> {
  const result = await gitStatus(dir, ['rev-list', '-n1', rev, '--not', '--remotes', '--']);
  return result.exitCode !== 0 || result.stdout.trim() !== '';
}

/**
 * Remove the run's worktree. When it holds commits or changes that are on no remote, they are
 * pinned in a backup ref first (returned); then `git worktree remove --force` and `prune`. Backup
 * refs stay; the run-local branch `revise/<runId>` is deleted once its commits are safe.
 */
export async function removeWorktree(repoDir: string, runId: string, worktree: string): Promise<{ backup?: Backup; submoduleBackups?: Backup[] }> {
  assertSafeRunId(runId);
  let backup: Backup | undefined;
  let submoduleBackups: Backup[] = [];
  if (existsSync(worktree) && (await gitStatus(worktree, ['rev-parse', '--verify', 'HEAD'])).exitCode === 0) {
    // The worktree's module store goes with it: unpushed submodule work is copied out first.
    submoduleBackups = await backupSubmodules(repoDir, runId, worktree);
    if (!(await isClean(worktree)) || (await hasUnpushedCommits(worktree, 'HEAD'))) {
      backup = await createBackup(repoDir, runId, 'HEAD', 'before removing the run worktree', { includeUncommittedFrom: worktree });
    }
    await gitOr('worktree-failed', `Could not remove the worktree ${worktree}`, repoDir, ['worktree', 'remove', '--force', '--end-of-options', worktree]);
  }
  await gitOr('worktree-failed', 'Could not prune worktrees', repoDir, ['worktree', 'prune']);
  const branch = `refs/heads/revise/${runId}`;
  if ((await gitStatus(repoDir, ['rev-parse', '--verify', '--quiet', branch])).exitCode === 0) {
    const safe = backup !== undefined || !(await hasUnpushedCommits(repoDir, branch));
    if (safe) await gitStatus(repoDir, ['update-ref', '-d', branch]);
  }
  return { ...(backup ? { backup } : {}), ...(submoduleBackups.length > 0 ? { submoduleBackups } : {}) };
}

