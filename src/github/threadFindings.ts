/**
 * Review threads → findings. Pure: the same threads and the same existing findings always give the
 * same answer, so a refresh adds only threads it has not seen and closes only those resolved since.
 * A review bot's comment (reviewBots.ts) gives its real title and severity, and its own id when it
 * has one: a bot that re-posts the same finding in a new thread after a push adds nothing new.
 * New threads are merged by `mergeImported`, the rule every import follows (identity by
 * `externalId`, a repeat updates instead of duplicating), with ids `G<n>`.
 */
import { mergeImported, type FindingDraft, type MergeResult } from '../core/findings';
import type { Finding, Severity } from '../core/model';
import type { ImportedThread } from './pullRequestImport';
import { normalizeLogin, readReviewComment } from './reviewBots';

export interface ThreadFindingsOptions {
  /** The run's findings so far; threads already imported (same thread or `externalId`) are not added again. */
  existing: readonly Finding[];
  /** ISO timestamp for `createdAt`. */
  now: string;
  /** Web URL of the pull request, recorded as the findings' origin. */
  prUrl: string;
}

export interface ThreadFindingsResult {
  /** New findings, one per unresolved thread not imported before. */
  added: Finding[];
  /** Ids of open findings whose thread has since been resolved on GitHub. */
  closed: string[];
}

/** The prefix of a review thread's finding id. */
const THREAD_ID_PREFIX = 'G';

/**
 * Merge review threads into `existing` (not modified): unresolved threads not imported before are
 * merged by `mergeImported`; an open finding whose thread was resolved is `resolved`, in `closed`.
 */
export function mergeThreads(threads: readonly ImportedThread[], opts: ThreadFindingsOptions): MergeResult & { closed: string[] } {
  const known = new Map<string, Finding>();
  for (const f of opts.existing) {
    if (f.source.kind !== 'github-thread') continue;
    const thread = f.source.threadId ?? f.source.externalId;
    if (thread) known.set(thread, f);
  }
  const drafts: FindingDraft[] = [];
  const closed: string[] = [];
  for (const thread of threads) {
    const prior = known.get(thread.id);
    if (thread.isResolved) {
      if (prior?.status === 'open') closed.push(prior.id);
      continue;
    }
    const draft = prior ? undefined : toDraft(thread, opts.prUrl);
    if (draft) drafts.push(draft);
  }
  const merged = mergeImported(opts.existing, drafts, { now: opts.now, idPrefix: THREAD_ID_PREFIX });
  const closing = new Set(closed);
  const findings = merged.findings.map((f) => (closing.has(f.id) ? { ...f, status: 'resolved' as const } : f));
  return { ...merged, findings, closed };
}

/** The findings review threads add, and the ids they close (see `mergeThreads`). */
export function threadsToFindings(threads: readonly ImportedThread[], opts: ThreadFindingsOptions): ThreadFindingsResult {
  const { findings, added, closed } = mergeThreads(threads, opts);
  const ids = new Set(added);
  return { added: findings.filter((f) => ids.has(f.id)), closed };
}

function toDraft(thread: ImportedThread, prUrl: string): FindingDraft | undefined {
  const first = thread.comments[0];
  if (!first) return undefined;
  const reading = readReviewComment(first.author, first.body);
  const externalId = reading.stableId ?? thread.id;
  const author = normalizeLogin(first.author);
  const warnings: string[] = [];
  const range = rangeOf(thread);
  if (thread.diffSide === 'LEFT') warnings.push('The comment is on the removed (left) side of the diff; its lines refer to the base version of the file.');
  if (thread.isOutdated) warnings.push('The thread is outdated: its lines are from the commit it was made on and must be mapped to the current code.');
  const anchorCommit = thread.originalCommitOid;
  return {
    severity: reading.severity ?? severityOf(first.body),
    title: reading.title,
    message: reading.message,
    file: thread.path,
    ...(range ? { line: range.line, endLine: range.endLine } : {}),
    ...(range && thread.isOutdated && anchorCommit ? { anchor: { commit: anchorCommit, line: range.line, endLine: range.endLine, text: '' } } : {}),
    source: {
      kind: 'github-thread',
      externalId,
      threadId: thread.id,
      origin: prUrl,
      url: thread.url || prUrl,
      ...(author ? { author } : {}),
      context: thread.comments.map((c) => `${normalizeLogin(c.author) ?? 'ghost'}: ${c.body}`),
    },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Current lines for a live thread; original lines for an outdated one (or when GitHub nulls them). */
function rangeOf(thread: ImportedThread): { line: number; endLine: number } | undefined {
  const live = !thread.isOutdated && thread.line !== null;
  const end = live ? thread.line : thread.originalLine;
  const start = live ? thread.startLine : thread.originalStartLine;
  if (end === null || end < 1) return undefined;
  const line = start !== null && start >= 1 && start <= end ? start : end;
  return { line, endLine: end };
}

// "non-blocking" must not count as blocking, hence the look-behind.
const BLOCKING = /(?<![-\w])(blocking|blocker|must[- ]fix)\b/i;
const NIT = /^\s*(?:\*\*|_)?nit(?:pick)?\b/i;

function severityOf(body: string): Severity {
  if (BLOCKING.test(body)) return 'blocking';
  if (NIT.test(body)) return 'nit';
  return 'non-blocking';
}
