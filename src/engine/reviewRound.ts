/**
 * The optional reviewer step of a round: run `reviewerCommand` in the worktree and turn what it
 * prints (markdown review, SARIF, Revise JSON) into finding drafts for the next decision. A SARIF
 * reviewer scans the worktree afresh each round, so its findings move with the code and the ones
 * it no longer reports are marked gone (`scopes`).
 */
import { join } from 'node:path';
import { runReviewer } from '../agent';
import { readReview, type FindingDraft, type ImportScope } from '../core/findings';
import type { Run } from '../core/model';
import { locateInWorktree } from './importReview';

export interface ReviewStep {
  drafts: FindingDraft[];
  /** Producers whose report this is, complete (see `mergeImported`). */
  scopes: ImportScope[];
  record: { command: string[]; exitCode: number | null; logPath: string; durationMs: number; warning?: string };
}

export async function reviewRound(run: Run, index: number, argv: string[], env: Record<string, string>, runDir: string, timeoutMs: number, signal: AbortSignal): Promise<ReviewStep> {
  const outcome = await runReviewer({ argv, cwd: run.worktree, env, logPath: join(runDir, `round-${index}.review.log`), timeoutMs, signal });
  const record: ReviewStep['record'] = { command: argv, exitCode: outcome.exitCode, logPath: outcome.logPath, durationMs: outcome.durationMs };
  if (outcome.status !== 'succeeded' && outcome.status !== 'failed') return { drafts: [], scopes: [], record: { ...record, warning: `the reviewer ${outcome.status}; nothing was imported` } };
  if (!outcome.stdout.trim()) return { drafts: [], scopes: [], record };
  try {
    // No file name to go by: the content decides (SARIF and JSON are recognised by shape).
    const review = readReview(outcome.stdout, { fileName: 'reviewer-output', origin: `reviewer: ${argv.join(' ')}`, root: run.worktree });
    const located = await locateInWorktree(run, review.drafts);
    // Output cut at 5 MB is not the reviewer's complete report: nothing is marked gone from it.
    const scopes = outcome.truncated ? [] : review.scopes;
    return { drafts: located, scopes, record: outcome.truncated ? { ...record, warning: 'the reviewer printed more than 5 MB; only the start was imported' } : record };
  } catch (error) {
    return { drafts: [], scopes: [], record: { ...record, warning: `the reviewer's output could not be read as a review: ${(error as Error).message}` } };
  }
}
