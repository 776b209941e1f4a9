/**
 * The re-checks that review the round rather than read it: the reviewer agents (presets in review
 * mode, src/engine/reviewerAgents.ts) and, for a pull request run, its CI check runs
 * (src/engine/checkRuns.ts). Their findings enter the run's ledger; a blocking reviewer's NO-GO
 * findings drive the next round, an advisory one's never do.
 */
import type { RecheckResult } from '../../core/autopilotModel';
import { toReviseError } from '../../core/errors';
import { headSha } from '../../git';
import { importCheckRuns } from '../checkRuns';
import type { GitHubAccess } from '../github';
import type { ReviewerAgentOptions } from '../reviewerAgent';
import { runReviewerAgents } from '../reviewerAgents';
import type { Recheck } from './rechecks';

/**
 * The configured reviewer agents review the round's diff with the findings as context, one after the
 * other. A reviewer that could not answer hands the run over (`reviewer-failed`): the autopilot never
 * goes on without every reviewer's word.
 */
export function reviewerAgentsRecheck(reviewers: readonly ReviewerAgentOptions[]): Recheck {
  return {
    name: 'reviewer-agents',
    async run({ ctx, run, signal }) {
      if (reviewers.length === 0) return undefined;
      const r = await runReviewerAgents(ctx, run.id, reviewers, signal);
      const verdicts = r.reviews.map((x) => `${x.reviewer}${x.advisory ? ' (advisory)' : ''} ${x.verdict}`);
      const failed = r.failures.map((f) => `${f.reviewer}: ${f.error.message}`);
      const result: RecheckResult = {
        name: 'reviewer-agents',
        outcome: !r.complete ? 'error' : r.verdict === 'GO' ? 'passed' : 'failed',
        detail: [...verdicts, ...failed].join('; '),
        verified: r.reviews.flatMap((x) => x.gone),
        stillPresent: r.reviews.flatMap((x) => x.confirmed),
        added: r.reviews.flatMap((x) => x.added),
      };
      const spend = { costUsd: r.costUsd, tokens: (r.usage.inputTokens ?? 0) + (r.usage.outputTokens ?? 0) };
      if (r.complete) return { result, spend };
      return { result, spend, stop: { reason: 'reviewer-failed', message: `A reviewer agent did not answer (${failed.join('; ')}); the autopilot does not go on without it.` } };
    },
  };
}

/**
 * A pull request run's CI check runs on the round's head: failed ones (and their annotations) become
 * findings. CI only runs on what was pushed: while the round's head is not the head last pushed (the
 * autopilot runs without pushing), the checks of an older commit say nothing about this round, so the
 * re-check is skipped rather than read them.
 */
export function checkRunsRecheck(access: GitHubAccess | undefined): Recheck {
  return {
    name: 'check-runs',
    async run({ ctx, run }) {
      if (!run.pr) return undefined;
      if (!access) return { result: { name: 'check-runs', outcome: 'skipped', detail: 'no GitHub token, so the check runs were not read' } };
      try {
        const head = await headSha(run.worktree);
        if (run.leaseSha && head !== run.leaseSha) {
          return { result: { name: 'check-runs', outcome: 'skipped', detail: `the round's head ${head.slice(0, 12)} is not pushed (the pull request is at ${run.leaseSha.slice(0, 12)}), so CI has not run on it` } };
        }
        const r = await importCheckRuns(ctx, run.id, access, { sha: head });
        const pending = r.pending.length > 0 ? `, ${r.pending.length} pending` : '';
        return { result: { name: 'check-runs', outcome: r.failed.length > 0 ? 'failed' : r.passed.length > 0 ? 'passed' : 'skipped', detail: `${r.failed.length} failed, ${r.passed.length} passed${pending} on ${r.head.slice(0, 12)}`, added: r.added, verified: r.gone } };
      } catch (error) {
        return { result: { name: 'check-runs', outcome: 'error', detail: toReviseError(error, 'github-failed').message } };
      }
    },
  };
}
