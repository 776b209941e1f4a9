/**
 * The two git steps around a round's agent that keep its history honest (see git/roundHead.ts):
 * before, the previous head is pinned and the worktree checked against the run branch; after, the
 * work is committed on the run branch only, the new head pinned, and a result that no longer
 * contains the previous head is kept by a backup and reported as rewritten, so the engine raises
 * `history-rewritten` instead of a review (nothing is pushed past it without a decision).
 */
import { GitError } from '../core/errors';
import type { Backup, Run } from '../core/model';
import { branchTips, checkRunBranch, createBackup, descends, headSha, isClean, pinRoundHead, settleRoundWork } from '../git';
import type { EngineContext } from './engineContext';

export interface RoundGuard {
  /** The head the round starts from. */
  headBefore: string;
  /** Branch tips before the agent ran, to put back a branch the agent moved. */
  branches: Map<string, string>;
}

/** Before the agent runs: check the worktree holds the run branch, pin the head, remember the branches. */
export async function guardBeforeRound(ctx: EngineContext, run: Run, index: number, lastHead: string): Promise<RoundGuard> {
  const checked = await checkRunBranch(run.worktree, run.localBranch, lastHead);
  if (checked.advancedTo) {
    ctx.output({ runId: run.id, round: index, stream: 'info', text: `${run.localBranch} had new commits made outside its worktree; the worktree was brought up to ${checked.head.slice(0, 12)} before the round.\n` });
    await ctx.update(run.id, (r) => {
      const current = r.rounds[index];
      if (current) current.headBefore = checked.head;
    });
  }
  // The run's recorded head stays the baseline, so an amend or squash made in the worktree between
  // rounds is caught after the round like the agent's own; only commits brought in from elsewhere move it.
  const headBefore = checked.advancedTo ?? lastHead;
  await pinRoundHead(ctx.topLevel, run.id, index - 1, headBefore);
  return { headBefore, branches: await branchTips(ctx.topLevel) };
}

export interface RoundResult {
  headAfter: string;
  /** Why the result does not contain the previous head (the decision's reason), when it does not. */
  rewritten?: string;
  backups: Backup[];
}

/** After the agent ran: commit on the run branch only, pin the result, and check it descends from the previous head. */
export async function settleAfterRound(ctx: EngineContext, run: Run, index: number, guard: RoundGuard, commit: boolean): Promise<RoundResult> {
  const say = (text: string) => ctx.output({ runId: run.id, round: index, stream: 'info', text: `${text}\n` });
  if (!commit) return { headAfter: await headSha(run.worktree), backups: [] };
  const settled = await settleRoundWork({ repoDir: ctx.topLevel, runId: run.id, worktree: run.worktree, branch: run.localBranch, message: `revise: round ${index}`, before: guard.branches });
  if (settled.switchedFrom) say(`The agent left the worktree on ${settled.switchedFrom}; its work was committed on ${run.localBranch} and the worktree put back on it.`);
  if (settled.restoredBranch) say(`The agent moved the branch ${settled.restoredBranch.branch}; it was put back (${settled.restoredBranch.to.slice(0, 12)}). Its commits are on ${run.localBranch}.`);
  // Never report a round done while some of its work is in no commit.
  if (!(await isClean(run.worktree))) throw new GitError('git-failed', `Round ${index}'s changes could not all be committed; what is left is still in ${run.worktree} (see \`git -C "${run.worktree}" status\`). Commit it by hand, or retry the round.`);
  await pinRoundHead(ctx.topLevel, run.id, index, settled.headAfter);
  const backups = [...settled.backups];
  if (await descends(ctx.topLevel, guard.headBefore, settled.headAfter)) return { headAfter: settled.headAfter, backups };
  backups.push(await createBackup(ctx.topLevel, run.id, guard.headBefore, `round ${index - 1}'s head, which round ${index}'s result no longer contains`));
  const rewritten = `Round ${index}'s result ${settled.headAfter.slice(0, 12)} does not contain the previous head ${guard.headBefore.slice(0, 12)} (a reset, rebase, amend or branch switch${settled.switchedFrom ? ` — the worktree was on ${settled.switchedFrom}` : ''}). The previous head is kept in a backup ref. Keep the rewrite, restore the previous head, or abort; nothing is pushed until you decide.`;
  say(rewritten);
  return { headAfter: settled.headAfter, rewritten, backups };
}
