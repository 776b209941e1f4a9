/**
 * Run the reviewer command (a reviewer agent or a static analyser) in the worktree after a round
 * and keep what it prints on stdout — a markdown review, SARIF or Revise findings JSON — for import.
 * Linters exit non-zero when they find something, so the exit code is reported, not judged.
 */
import { runVerify, type RunVerifyOptions, type VerifyOutcome } from './runVerify';

/** Output beyond this is not imported (the log still has all of it). */
export const REVIEWER_OUTPUT_LIMIT = 5 * 1024 * 1024;

/** `field`: the command named in errors (default `reviewerCommand`; analysers re-run by the engine name theirs). */
export type RunReviewerOptions = Omit<RunVerifyOptions, 'onStdout'>;

export interface ReviewerOutcome extends VerifyOutcome {
  /** What it printed on stdout, up to REVIEWER_OUTPUT_LIMIT characters. */
  stdout: string;
  truncated: boolean;
}

export async function runReviewer(opts: RunReviewerOptions): Promise<ReviewerOutcome> {
  let stdout = '';
  let truncated = false;
  const outcome = await runVerify({
    ...opts,
    field: opts.field ?? 'reviewerCommand',
    onStdout: (text) => {
      if (stdout.length + text.length <= REVIEWER_OUTPUT_LIMIT) stdout += text;
      else truncated = true;
    },
  });
  return { ...outcome, stdout, truncated };
}
