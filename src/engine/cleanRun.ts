/**
 * Cleaning up a finished run (approved or aborted): its worktree and run-local branch go, its
 * backup refs stay and are listed (docs/architecture.md, Run lifecycle). Nothing is lost: the
 * worktree's work that is on no remote is pinned in a backup ref before it is removed, and the
 * branch is only deleted once its commits are on a remote or in a backup.
 */
import { existsSync } from 'node:fs';
import { DecisionError } from '../core/errors';
import { type Backup, type Run } from '../core/model';
import { isSettled } from '../core/runFacts';
import { listBackups, removeWorktree, resolveCommit } from '../git';
import type { EngineContext } from './engineContext';

/** What a clean-up removed and kept. */
export interface CleanResult {
  run: Run;
  /** The worktree folder removed, or null when it was already gone. */
  removedWorktree: string | null;
  /** The run-local branch deleted, or null when it was already gone. */
  removedBranch: string | null;
  /** The branch kept because some of its commits are on no remote and in no backup. */
  keptBranch: string | null;
  /** Every backup ref of the run, after the clean-up (including one it may have made). */
  backups: Backup[];
}

export async function cleanRun(ctx: EngineContext, run: Run): Promise<CleanResult> {
  if (!isSettled(run)) {
    throw new DecisionError('run-not-finished', `Run ${run.id} is ${run.status}; only an approved or aborted run can be cleaned up.`, { details: { status: run.status } });
  }
  const branchRef = `refs/heads/${run.localBranch}`;
  const hadWorktree = existsSync(run.worktree);
  const hadBranch = (await resolveCommit(ctx.topLevel, branchRef)) !== null;
  const { backup } = await removeWorktree(ctx.topLevel, run.id, run.worktree);
  const branchLeft = (await resolveCommit(ctx.topLevel, branchRef)) !== null;
  const updated = await ctx.update(run.id, (r) => {
    if (backup) r.backups.push(backup);
  });
  return {
    run: updated,
    removedWorktree: hadWorktree && !existsSync(run.worktree) ? run.worktree : null,
    removedBranch: hadBranch && !branchLeft ? run.localBranch : null,
    keptBranch: branchLeft ? run.localBranch : null,
    backups: await listBackups(ctx.topLevel, run.id),
  };
}
