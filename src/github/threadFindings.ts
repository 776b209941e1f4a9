/**
 * Review threads → findings. Pure: the same threads and the same existing findings always give the
 * same answer, so a refresh adds only threads it has not seen and closes only those resolved since.
 */
import type { Finding, Severity } from '../core/model';
import type { ImportedThread } from './importReview';

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

const TITLE_MAX = 120;

/** Map review threads to findings (see module comment). Resolved threads never become findings. */
export function threadsToFindings(threads: readonly ImportedThread[], opts: ThreadFindingsOptions): ThreadFindingsResult {
  const known = new Map<string, Finding>();
  for (const f of opts.existing) if (f.source.kind === 'github-thread' && f.source.externalId) known.set(f.source.externalId, f);
  const added: Finding[] = [];
  const closed: string[] = [];
  for (const thread of threads) {
    const prior = known.get(thread.id);
    if (thread.isResolved) {
      if (prior?.status === 'open') closed.push(prior.id);
      continue;
    }
    if (prior) continue;
    const finding = toFinding(thread, opts);
    if (finding) {
      added.push(finding);
      known.set(thread.id, finding);
    }
  }
  return { added, closed };
}

function toFinding(thread: ImportedThread, opts: ThreadFindingsOptions): Finding | undefined {
  const first = thread.comments[0];
  if (!first) return undefined;
  const warnings: string[] = [];
  const range = rangeOf(thread);
  if (thread.diffSide === 'LEFT') warnings.push('The comment is on the removed (left) side of the diff; its lines refer to the base version of the file.');
  if (thread.isOutdated) warnings.push('The thread is outdated: its lines are from the commit it was made on and must be mapped to the current code.');
  const anchorCommit = thread.originalCommitOid;
  const finding: Finding = {
    id: opts.nextId('G'),
    severity: severityOf(first.body),
    title: titleOf(first.body),
    message: first.body,
    file: thread.path,
    ...(range ? { line: range.line, endLine: range.endLine } : {}),
    ...(range && thread.isOutdated && anchorCommit ? { anchor: { commit: anchorCommit, line: range.line, endLine: range.endLine, text: '' } } : {}),
    source: {
      kind: 'github-thread',
      externalId: thread.id,
      threadId: thread.id,
      origin: opts.prUrl,
      url: thread.url || opts.prUrl,
      ...(first.author ? { author: first.author } : {}),
      context: thread.comments.map((c) => `${c.author ?? 'ghost'}: ${c.body}`),
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

function titleOf(body: string): string {
  const line = body.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const clean = line.replace(/^\s*(?:[#>]+\s*)+/, '').trim() || 'Review comment';
  return clean.length > TITLE_MAX ? `${clean.slice(0, TITLE_MAX - 1)}…` : clean;
}
