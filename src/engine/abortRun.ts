/**
 * Abort: stop any agent, back up the worktree's work (commits and uncommitted changes), remove the
 * worktree, and keep the run (status `aborted`) with its backups listed.
 */
import { reopenAfterFailedAbort } from '../core/decisions';
import { toReviseError } from '../core/errors';
import type { Run } from '../core/model';
import { removeWorktree } from '../git';
import type { EngineContext } from './engineContext';
import { killRecordedRound } from './recovery';

export async function abortRun(ctx: EngineContext, run: Run): Promise<Run> {
  const controller = ctx.running.get(run.id);
  if (controller) controller.abort();
  else await killRecordedRound(ctx, run.id);
  let removed: Awaited<ReturnType<typeof removeWorktree>>;
  try {
    removed = await removeWorktree(ctx.topLevel, run.id, run.worktree);
  } catch (error) {
    // Not aborted until the cleanup is done: the decision is offered again, and abort can be retried.
    const reason = `Abort did not finish: ${toReviseError(error).message} Nothing of the run was removed past that point; abort again to retry.`;
    await ctx.update(run.id, (r) => reopenAfterFailedAbort(r, { id: ctx.newId(), now: ctx.now() }, reason)).catch(() => undefined);
    throw error;
  }
  return ctx.update(run.id, (r) => {
    for (const backup of [...(removed.submoduleBackups ?? []), ...(removed.backup ? [removed.backup] : [])]) {
      if (!r.backups.some((b) => b.ref === backup.ref)) r.backups.push(backup);
    }
  });
}
