/**
 * Run `revise.reviewerCommand` (a reviewer agent or a static analyser) in the worktree after a round
 * and keep what it prints on stdout — a markdown review, SARIF or Revise findings JSON — for import.
 * Linters exit non-zero when they find something, so the exit code is reported, not judged.
 */
import { AgentError } from '../core/errors';
import { inheritedEnv, runProcess, SpawnError, type ProcessStatus } from './runProcess';

/** Output beyond this is not imported (the log still has all of it). */
export const REVIEWER_OUTPUT_LIMIT = 5 * 1024 * 1024;

export interface RunReviewerOptions {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  logPath: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ReviewerOutcome {
  status: ProcessStatus;
  exitCode: number | null;
  durationMs: number;
  logPath: string;
  /** What it printed on stdout, up to REVIEWER_OUTPUT_LIMIT characters. */
  stdout: string;
  truncated: boolean;
}

export async function runReviewer(opts: RunReviewerOptions): Promise<ReviewerOutcome> {
  if (opts.argv.length === 0 || !opts.argv[0]) {
    throw new AgentError('bad-input', 'The reviewer command is empty. Set revise.reviewerCommand (or --reviewer-command) to an argv array.');
  }
  let stdout = '';
  let truncated = false;
  try {
    const result = await runProcess({
      ...opts,
      env: inheritedEnv(opts.env),
      onStdout: (text) => {
        if (stdout.length + text.length <= REVIEWER_OUTPUT_LIMIT) stdout += text;
        else truncated = true;
      },
    });
    return { status: result.status, exitCode: result.exitCode, durationMs: result.durationMs, logPath: result.logPath, stdout, truncated };
  } catch (error) {
    const errno = error instanceof SpawnError ? error.errno : 'EUNKNOWN';
    const what = errno === 'ENOENT' ? 'was not found on PATH' : `could not be started (${errno})`;
    throw new AgentError('verify-failed', `The reviewer command "${opts.argv[0]}" ${what}. Fix revise.reviewerCommand (or --reviewer-command).`, { cause: error });
  }
}
