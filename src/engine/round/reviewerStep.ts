/** The optional reviewer command of a round (../reviewRound.ts), run on the round's result. */
import { reviewRound, type ReviewStep } from '../reviewRound';
import { say, stepTimeoutMs, type RoundContext } from './roundContext';

export async function runRoundReviewer(rc: RoundContext, headAfter: string, env: Record<string, string>): Promise<ReviewStep | undefined> {
  const argv = rc.options.reviewerCommand;
  if (!argv || argv.length === 0) return undefined;
  const { run, index } = rc;
  const reviewed = { ...run, rounds: run.rounds.map((r) => (r.index === index ? { ...r, headAfter } : r)) };
  const review = await reviewRound(reviewed, index, argv, env, rc.runDir, stepTimeoutMs(rc), rc.controller.signal);
  if (review.record.warning) say(rc, `reviewer: ${review.record.warning}\n`);
  return review;
}
