/**
 * A round that threw (git refused, the disk filled up, the round was cancelled before its agent
 * ended): record it failed or cancelled and raise the next decision, so nothing is left `running`.
 * Should the run itself not be writable, a note next to it lets the round be reported later.
 */
import { AgentError, toReviseError, type ReviseError } from '../../core/errors';
import { clearOutcomeNote } from '../../store/unsavedOutcome';
import { raiseNextDecision } from '../nextDecision';
import { noteUnsavedRound } from '../unsavedRound';
import { say, type RoundContext } from './roundContext';

/** Record the failure and return it, for the caller to throw. */
export async function recordRoundFailure(rc: RoundContext, error: unknown): Promise<ReviseError> {
  const { ctx, runId, index } = rc;
  const failure = toReviseError(error, 'agent-failed');
  await ctx.update(runId, (r) => {
    const current = r.rounds[index];
    if (current && (current.status === 'running' || current.status === 'queued')) {
      current.status = failure instanceof AgentError && failure.code === 'agent-cancelled' ? 'cancelled' : 'failed';
      current.error = failure.toRecord();
      current.endedAt = ctx.now();
    }
    if (r.status === 'running') raiseNextDecision(ctx, r);
  }).catch((saveError: unknown) => {
    // The run cannot be written (disk full, read-only): a note lets the round be reported with this cause later.
    throw noteUnsavedRound(ctx, { runId, runDir: rc.runDir, index, ownerPid: rc.owner.pid }, failure, saveError);
  });
  clearOutcomeNote(rc.runDir, index);
  say(rc, `round ${index} failed: ${failure.message}\n`);
  return failure;
}
