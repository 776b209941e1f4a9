/**
 * `revise.push.when: afterRound`: push a round that succeeded and raised a review decision. A push
 * that fails is said in the round's log view (a refused lease has raised its own decision); the
 * round stays done.
 */
import { toReviseError } from '../../core/errors';
import type { Run } from '../../core/model';
import { pushRun } from '../pushRun';
import { say, type RoundContext } from './roundContext';

export async function pushAfterRound(rc: RoundContext, run: Run, rewritten: boolean): Promise<Run> {
  const { index } = rc;
  if (!rc.options.pushAfterRound || rewritten) return run;
  if (run.rounds[index]?.status !== 'succeeded' || run.pushBlockedReason || run.status !== 'awaiting-decision') return run;
  return pushRun(rc.ctx, run).catch((error: unknown) => {
    say(rc, `push after round ${index} failed: ${toReviseError(error).message}\n`);
    return rc.ctx.read(rc.runId);
  });
}
