/**
 * Review threads → findings. Pure: the same threads and the same existing findings always give the
 * same answer, so a refresh adds only threads it has not seen and closes only those resolved since.
 * A review bot's comment (reviewBots.ts) gives its real title and severity, and its own id when it
 * has one: a bot that re-posts the same finding in a new thread after a push adds nothing new.
 */
import type { Finding, Severity } from '../core/model';
import type { ImportedThread } from './pullRequestImport';
import { normalizeLogin, readReviewComment } from './reviewBots';

export interface ThreadFindingsOptions {
  /** The run's findings so far; threads already imported (same `externalId`) are not added again. */
  existing: readonly Finding[];
  /** Allocates the next finding id for a prefix (`G` → `G4`). */
  nextId: (prefix: string) => string;
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

/** Map review threads to findings (see module comment). Resolved threads never become findings. */
export function threadsToFindings(threads: readonly ImportedThread[], opts: ThreadFindingsOptions): ThreadFindingsResult {
  // By thread (for resolution) and by external id (a bot's own id, for its re-posts).
  const known = new Map<string, Finding>();
  const byExternal = new Map<string, Finding>();
  for (const f of opts.existing) {
    if (f.source.kind !== 'github-thread') continue;
    const thread = f.source.threadId ?? f.source.externalId;
    if (thread) known.set(thread, f);
    if (f.source.externalId) byExternal.set(f.source.externalId, f);
  }
  const added: Finding[] = [];
  const closed: string[] = [];
  for (const thread of threads) {
    const prior = known.get(thread.id);
    if (thread.isResolved) {
      if (prior?.status === 'open') closed.push(prior.id);
      continue;
    }
    if (prior) continue;
    const finding = toFinding(thread, opts, (externalId) => byExternal.has(externalId));
    if (finding) {
      added.push(finding);
      known.set(thread.id, finding);
      byExternal.set(finding.source.externalId!, finding);
    }
  }
  return { added, closed };
}

function toFinding(thread: ImportedThread, opts: ThreadFindingsOptions, seen: (externalId: string) => boolean): Finding | undefined {
  const first = thread.comments[0];
  if (!first) return undefined;
  const reading = readReviewComment(first.author, first.body);
  const externalId = reading.stableId ?? thread.id;
  if (seen(externalId)) return undefined;
  const author = normalizeLogin(first.author);
  const warnings: string[] = [];
  const range = rangeOf(thread);
  if (thread.diffSide === 'LEFT') warnings.push('The comment is on the removed (left) side of the diff; its lines refer to the base version of the file.');
  if (thread.isOutdated) warnings.push('The thread is outdated: its lines are from the commit it was made on and must be mapped to the current code.');
  const anchorCommit = thread.originalCommitOid;
  const finding: Finding = {
    id: opts.nextId('G'),
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
      origin: opts.prUrl,
      url: thread.url || opts.prUrl,
      ...(author ? { author } : {}),
      context: thread.comments.map((c) => `${normalizeLogin(c.author) ?? 'ghost'}: ${c.body}`),
    },
    status: 'open',
    include: true,
    ...(warnings.length > 0 ? { warnings } : {}),
    createdAt: opts.now,
  };
  return finding;
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
