/**
 * Abort: stop any agent, back up the worktree's work (commits and uncommitted changes), remove the
 * worktree, and keep the run (status `aborted`) with its backups listed.
 */
import type { Run } from '../core/model';
import { removeWorktree } from '../git';
import type { EngineContext } from './engine';
import { killRecordedRound } from './recovery';

export async function abortRun(ctx: EngineContext, run: Run): Promise<Run> {
  const controller = ctx.running.get(run.id);
  if (controller) controller.abort();
  else await killRecordedRound(ctx, run.id);
  const { backup } = await removeWorktree(ctx.topLevel, run.id, run.worktree);
  return ctx.update(run.id, (r) => {
    if (backup) r.backups.push(backup);
  });
}
