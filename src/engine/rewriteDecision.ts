/**
 * The effects of a `history-rewritten` decision: keep the rewrite (the round is reviewed as it is;
 * a later push backs up the remote's old tip as any forced push does), or restore the previous head
 * (the rewritten head and any uncommitted files are backed up first). A failed restore offers the
 * decision again with the error.
 */
import { raiseDecision } from '../core/decisions';
import { toReviseError } from '../core/errors';
import type { Run } from '../core/model';
import { lastRound } from '../core/runFacts';
import { pinRoundHead, restorePreviousHead } from '../git';
import type { EngineContext } from './engineContext';
import { raiseNextDecision } from './nextDecision';

export async function keepRewrite(ctx: EngineContext, run: Run): Promise<Run> {
  return ctx.update(run.id, (r) => raiseNextDecision(ctx, r));
}

export async function restorePrevious(ctx: EngineContext, run: Run, head: string): Promise<Run> {
  try {
    const backup = await restorePreviousHead(ctx.topLevel, run.id, run.worktree, head);
    const round = lastRound(run);
    if (round) await pinRoundHead(ctx.topLevel, run.id, round.index, head);
    return await ctx.update(run.id, (r) => {
      r.backups.push(backup);
      const last = lastRound(r);
      if (last) last.headAfter = head;
      raiseNextDecision(ctx, r);
    });
  } catch (error) {
    const reason = `Could not restore ${head.slice(0, 12)}: ${toReviseError(error).message}`;
    await ctx.update(run.id, (r) => raiseDecision(r, 'history-rewritten', { id: ctx.newId(), now: ctx.now() }, reason)).catch(() => undefined);
    throw error;
  }
}
