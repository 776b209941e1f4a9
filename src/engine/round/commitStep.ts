/**
 * After the agent: mend the worktree's link to the repository should the agent have broken it,
 * then commit the round's work on the run branch (../guardRoundHead.ts) — unless the run was
 * aborted meanwhile, in which case nothing more is done with the round's work.
 */
import { repairWorktree, restoreWorktreeLink } from '../../git';
import { settleAfterRound, type RoundGuard, type RoundResult } from '../guardRoundHead';
import type { RoundContext } from './roundContext';

/** The agent may have broken the worktree's link to the repository; mend it before committing. */
export async function mendWorktreeLink(rc: RoundContext): Promise<void> {
  if (await restoreWorktreeLink(rc.ctx.commonDir, rc.run.worktree)) await repairWorktree(rc.ctx.topLevel, rc.run.worktree);
}

export interface CommitStep {
  /** The run was aborted while the round ran: its work is not committed, verified or reviewed. */
  aborted: boolean;
  outcome: RoundResult;
}

export async function commitRound(rc: RoundContext, guard: RoundGuard): Promise<CommitStep> {
  const aborted = (await rc.ctx.read(rc.runId)).status === 'aborted';
  const outcome = await settleAfterRound(rc.ctx, rc.run, rc.index, guard, !aborted);
  return { aborted, outcome };
}
