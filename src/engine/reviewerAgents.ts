/**
 * Every configured reviewer agent on a run, one after the other (each merges its findings under the
 * run's lock), and what they say together: `NO-GO` when a blocking reviewer said so, `GO` when every
 * blocking reviewer that answered said GO. A reviewer that failed is reported with its error and
 * does not stop the others; the verdict then is not `complete`, and a caller that needs every
 * reviewer's word (the autopilot) hands over instead of going on.
 */
import { ReviseError } from '../core/errors';
import type { Usage } from '../core/model';
import type { EngineContext } from './engineContext';
import { runReviewerAgent, type ReviewerAgentOptions, type ReviewerAgentResult } from './reviewerAgent';

export interface ReviewersOutcome {
  /** Of the blocking reviewers that answered; `GO` when there are none. */
  verdict: 'GO' | 'NO-GO';
  /** Whether every reviewer answered. */
  complete: boolean;
  reviews: ReviewerAgentResult[];
  failures: Array<{ reviewer: string; advisory: boolean; error: { code: string; message: string } }>;
  /** Summed over the reviews that reported them. */
  costUsd: number;
  usage: Usage;
}

export async function runReviewerAgents(ctx: EngineContext, runId: string, reviewers: readonly ReviewerAgentOptions[], signal?: AbortSignal): Promise<ReviewersOutcome> {
  const outcome: ReviewersOutcome = { verdict: 'GO', complete: true, reviews: [], failures: [], costUsd: 0, usage: {} };
  for (const options of reviewers) {
    if (signal?.aborted) {
      outcome.complete = false;
      outcome.failures.push({ reviewer: options.reviewer, advisory: options.advisory === true, error: { code: 'agent-cancelled', message: 'Cancelled before this reviewer ran.' } });
      continue;
    }
    try {
      const review = await runReviewerAgent(ctx, runId, { ...options, ...(signal ? { signal } : {}) });
      outcome.reviews.push(review);
      if (review.blocking && review.verdict === 'NO-GO') outcome.verdict = 'NO-GO';
      outcome.costUsd += review.costUsd ?? 0;
      for (const key of ['inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheCreationInputTokens'] as const) {
        const n = review.usage?.[key];
        if (n !== undefined) outcome.usage[key] = (outcome.usage[key] ?? 0) + n;
      }
    } catch (error) {
      if (!(error instanceof ReviseError)) throw error;
      outcome.complete = false;
      outcome.failures.push({ reviewer: options.reviewer, advisory: options.advisory === true, error: { code: error.code, message: error.message } });
    }
  }
  return outcome;
}
