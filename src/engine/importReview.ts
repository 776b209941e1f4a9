/** Import a review file (markdown, SARIF, JSON) into a run's findings; re-importing never duplicates. */
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors';
import { formatByName, HEAD_BYTES, locateFindings, mergeImported, plainTextStart, readReviewBytes, readSarifBytes, type FindingDraft, type ReadAt, type ImportScope, type ParseOptions, type ReviewFormat, type ReviewImport, type ReviewSkips } from '../core/findings';
import type { Run } from '../core/model';
import { lastRound } from '../core/runFacts';
import { listCheckouts } from '../git';
import type { EngineContext } from './engineContext';
import { nodeWorktreeFs, readTextOnce } from './worktreeFs';

export interface ImportInput {
  file: string;
  format?: ReviewFormat;
}

/** Warnings listed in a summary; the rest are counted in `warningCount` (a 100,000-result log may warn on each). */
export const SUMMARY_WARNINGS = 50;

/** What an import did: ids added, updated, moved and gone, what was skipped, and warnings. Not the run. */
export interface ImportSummary {
  runId: string;
  /** The file imported, and the format it was read as. */
  file?: string;
  format?: ReviewFormat;
  added: string[];
  updated: string[];
  /** Findings a re-scan reported at another place. */
  moved: string[];
  /** Findings a re-scan of their tool no longer reports (marked `goneSince`). */
  gone: string[];
  /** Results not imported: suppressed, absent from the baseline, not a problem, repeated within the file. */
  skipped: ReviewSkips & { repeated: number };
  /** The first `SUMMARY_WARNINGS` warnings: the file's, then the added or updated findings' by id. */
  warnings: Array<{ id?: string; warning: string }>;
  warningCount: number;
  /** Findings in the run after the import. */
  total: number;
}

/** Check drafts' paths against the run's worktree (absolute, `..` and symlink escapes lose their location). */
export async function locateInWorktree(run: Run, drafts: readonly FindingDraft[]): Promise<FindingDraft[]> {
  const commit = lastRound(run)?.headAfter ?? run.restoredSha;
  return locateFindings(drafts, {
    ...nodeWorktreeFs(run.worktree),
    readFile: readTextOnce(),
    commit,
  });
}

export interface MergeInput {
  origin: string;
  scopes?: readonly ImportScope[];
  skipped?: ReviewSkips;
  fileWarnings?: readonly string[];
  format?: ReviewFormat;
}

/**
 * Merge drafts into the run under its lock; returns what was added, updated, moved and gone. The
 * list is emptied once merged: 100,000 drafts are garbage while the run is validated and written.
 */
export async function mergeDrafts(ctx: EngineContext, runId: string, drafts: FindingDraft[], input: string | MergeInput): Promise<ImportSummary> {
  const { origin, scopes, skipped, fileWarnings = [], format } = typeof input === 'string' ? ({ origin: input } as MergeInput) : input;
  let merged: Omit<ReturnType<typeof mergeImported>, 'findings'> | undefined;
  const run = await ctx.update(runId, (r) => {
    // Only the ids are kept: the merged findings are garbage once the store has validated them.
    const { findings, ...ids } = mergeImported(r.findings, drafts, { now: ctx.now(), origin, ...(scopes ? { scopes } : {}) });
    merged = ids;
    r.findings = findings;
    drafts.length = 0;
  });
  const { added, updated, moved, gone, repeated } = merged!;
  // Made only when a finding has warnings: most large imports have none, and this is 100,000 ids.
  let touched: Set<string> | undefined;
  const warnings: ImportSummary['warnings'] = fileWarnings.map((warning) => ({ warning }));
  let warningCount = warnings.length;
  for (const f of run.findings) {
    if (!f.warnings) continue;
    touched ??= new Set([...added, ...updated]);
    if (!touched.has(f.id)) continue;
    warningCount += f.warnings.length;
    for (const warning of f.warnings) if (warnings.length < SUMMARY_WARNINGS) warnings.push({ id: f.id, warning });
  }
  return {
    runId,
    ...(format ? { file: origin, format } : {}),
    added,
    updated,
    moved,
    gone,
    skipped: { ...(skipped ?? { suppressed: 0, absent: 0, notFindings: 0 }), repeated },
    warnings: warnings.slice(0, SUMMARY_WARNINGS),
    warningCount,
    total: run.findings.length,
  };
}

export async function importReview(ctx: EngineContext, runId: string, input: ImportInput): Promise<ImportSummary> {
  const run = await ctx.read(runId);
  // Tools run in the user's checkout (or another worktree) write absolute paths there: all are this repository.
  const roots = [ctx.topLevel, ...(await listCheckouts(run.worktree))];
  const { drafts, ...review } = await readReviewFile(input, { origin: input.file, root: run.worktree, roots });
  const located = await locateInWorktree(run, drafts);
  // The parsed drafts are garbage from here on: a 100,000-result import must not hold three copies while the run is written.
  drafts.length = 0;
  return mergeDrafts(ctx, runId, located, { origin: input.file, scopes: review.scopes, skipped: review.skipped, fileWarnings: review.warnings, format: review.format });
}

/** Read, decode and parse a review file; its bytes, text and JSON tree are dropped when this returns. */
async function readReviewFile(input: ImportInput, opts: ParseOptions): Promise<ReviewImport> {
  const streamed = (input.format ?? formatByName(input.file)) === 'sarif' ? streamSarif(input.file, opts) : undefined;
  if (streamed) return streamed;
  return readReviewBytes(await readBytes(input.file), { ...opts, fileName: input.file, ...(input.format ? { format: input.format } : {}) });
}

/**
 * A SARIF log read from its file a window at a time (see readSarifBytes), or undefined when it
 * must be read whole: compressed, UTF-16, malformed, unreadable (the whole read says why).
 */
function streamSarif(file: string, opts: ParseOptions): ReviewImport | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const readAt: ReadAt = (into, position) => readSync(fd, into, 0, into.length, position);
    const head = Buffer.alloc(HEAD_BYTES);
    let start: number | undefined;
    try {
      start = plainTextStart(head.subarray(0, readAt(head, 0)));
    } catch {
      return undefined;
    }
    return start === undefined ? undefined : readSarifBytes(readAt, start, opts);
  } finally {
    closeSync(fd);
  }
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new InputError('bad-file', `Cannot read the review ${file}: ${(error as Error).message}`);
  }
}
