/**
 * CI failures as findings, for a run started from a pull request: the check runs on the run's head
 * (the worktree's HEAD, as pushed), each failed run's annotations as findings at their place
 * (`failure` → blocking, `warning` → non-blocking, `notice` → nit), and a failed run without any
 * as one finding of its own. Each completed check run is its check's complete report (`scopes`):
 * a check that passes again marks its earlier findings gone (verified), and one that still fails
 * keeps them, moved to their new lines. Runs still queued or in progress are not imported; the
 * result lists them.
 */
import { InputError } from '../core/errors';
import { normalizeItemText, stableId, type FindingDraft, type ImportScope } from '../core/findings';
import type { Severity } from '../core/model';
import { headSha } from '../git';
import { fetchCommitChecks, FAILED_CONCLUSIONS, PASSED_CONCLUSIONS, type CheckAnnotation, type CheckRunReport } from '../github';
import type { EngineContext } from './engineContext';
import { clientFor, type GitHubAccess } from './github';
import { locateInWorktree, mergeDrafts, type ImportSummary } from './importReview';

export interface CheckRunsImport extends ImportSummary {
  /** The commit whose checks were read. */
  head: string;
  /** Names of the failed check runs, of those that passed, and of those without a result yet (not imported). */
  failed: string[];
  passed: string[];
  pending: Array<{ name: string; status: string }>;
}

const LEVEL_SEVERITY: Record<string, Severity> = { failure: 'blocking', warning: 'non-blocking', notice: 'nit' };

export interface CheckRunsOptions {
  /** The commit whose checks to read (default: the worktree's HEAD), e.g. the head last pushed. */
  sha?: string | undefined;
}

/** Import the failed check runs on the run's head; see the module comment. */
export async function importCheckRuns(ctx: EngineContext, runId: string, access: GitHubAccess, options: CheckRunsOptions = {}): Promise<CheckRunsImport> {
  const run = await ctx.read(runId);
  if (!run.pr) throw new InputError('bad-input', `Run ${runId} was not started from a pull request, so it has no CI checks to import.`, { details: { runId, situation: 'no-pull-request' } });
  if (options.sha !== undefined && !/^[0-9a-f]{40}$/.test(options.sha)) throw new InputError('bad-input', `${JSON.stringify(options.sha)} is not a full commit SHA; pass the 40-character SHA whose checks to import.`);
  const head = options.sha ?? (await headSha(run.worktree));
  const checks = await fetchCommitChecks(clientFor({ ...access, apiUrl: access.apiUrl ?? run.pr.apiUrl }), { owner: run.pr.owner, repo: run.pr.repo }, head);
  const failed = checks.completed.filter((c) => c.conclusion !== null && FAILED_CONCLUSIONS.includes(c.conclusion));
  const passed = checks.completed.filter((c) => c.conclusion !== null && PASSED_CONCLUSIONS.includes(c.conclusion));
  const drafts = failed.flatMap((c) => checkDrafts(c, head));
  // Cancelled or stale runs say nothing about the code: their findings are left as they are.
  const scopes: ImportScope[] = [...failed, ...passed].map((c) => ({ kind: 'check-run', author: c.name }));
  const origin = `check runs of ${head.slice(0, 12)} (PR #${run.pr.number})`;
  const summary = await mergeDrafts(ctx, runId, await locateInWorktree(run, drafts), { origin, scopes });
  return { ...summary, head, failed: failed.map((c) => c.name), passed: passed.map((c) => c.name), pending: checks.pending };
}

function checkDrafts(check: CheckRunReport, head: string): FindingDraft[] {
  const source = (externalId: string) => ({ kind: 'check-run' as const, author: check.name, externalId, url: check.url, origin: `check run "${check.name}" on ${head.slice(0, 12)}` });
  const drafts = check.annotations.filter((a) => a.level === null || a.level in LEVEL_SEVERITY).map((a) => annotationDraft(check, a, source));
  // A run that failed without a failure annotation (a crashed job, a failed test step): the failure itself is a finding.
  if (!drafts.some((d) => d.severity === 'blocking')) {
    const what = [check.title, check.summary].filter((t): t is string => Boolean(t && t.trim())).join('\n\n');
    drafts.unshift(runDraft(check, what, source(stableId('check', check.name, 'run'))));
  }
  return drafts;
}

function runDraft(check: CheckRunReport, what: string, source: FindingDraft['source']): FindingDraft {
  return { severity: 'blocking', title: `CI check "${check.name}" ${check.conclusion === 'timed_out' ? 'timed out' : 'failed'}`, message: `${what || 'It gave no details.'}\n\n${check.url}`, source };
}

function annotationDraft(check: CheckRunReport, a: CheckAnnotation, source: (externalId: string) => FindingDraft['source']): FindingDraft {
  const message = [a.message, a.rawDetails].filter((t): t is string => Boolean(t && t.trim())).join('\n\n') || `${check.name} reported a problem here.`;
  const title = a.title?.trim() || `${check.name}: ${message.split('\n')[0]}`;
  const oneLine = a.startLine === a.endLine;
  return {
    severity: LEVEL_SEVERITY[a.level ?? 'failure'] ?? 'blocking',
    title,
    message,
    file: a.path,
    line: a.startLine,
    ...(a.endLine >= a.startLine ? { endLine: a.endLine } : {}),
    ...(oneLine && a.startColumn ? { column: a.startColumn } : {}),
    ...(oneLine && a.startColumn && a.endColumn && a.endColumn >= a.startColumn ? { endColumn: a.endColumn } : {}),
    source: source(stableId('check', check.name, a.path, a.startLine, normalizeItemText(`${title}\n${message}`))),
  };
}
