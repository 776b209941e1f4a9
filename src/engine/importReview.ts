/** Import a review file (markdown, SARIF, JSON) into a run's findings; re-importing never duplicates. */
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors';
import { locateFindings, mergeImported, parseReview, type FindingDraft, type ReviewFormat } from '../core/findings';
import type { Run } from '../core/model';
import type { EngineContext } from './engine';
import { nodeWorktreeFs, once } from './worktreeFs';

export interface ImportInput {
  file: string;
  format?: ReviewFormat;
}

export interface ImportSummary {
  run: Run;
  added: string[];
  updated: string[];
  /** Warnings of the import (e.g. a location that was refused), by finding id. */
  warnings: Array<{ id: string; warning: string }>;
}

/** Check drafts' paths against the run's worktree (absolute, `..` and symlink escapes lose their location). */
export async function locateInWorktree(run: Run, drafts: readonly FindingDraft[]): Promise<FindingDraft[]> {
  const commit = run.rounds[run.rounds.length - 1]?.headAfter ?? run.restoredSha;
  return locateFindings(drafts, {
    ...nodeWorktreeFs(run.worktree),
    readFile: once((p) => readFile(p, 'utf8')),
    commit,
  });
}

/** Merge drafts into the run under its lock; returns what was added and updated. */
export async function mergeDrafts(ctx: EngineContext, runId: string, drafts: readonly FindingDraft[], origin: string): Promise<ImportSummary> {
  let added: string[] = [];
  let updated: string[] = [];
  const run = await ctx.update(runId, (r) => {
    const merged = mergeImported(r.findings, drafts, { now: ctx.now(), origin });
    r.findings = merged.findings;
    added = merged.added;
    updated = merged.updated;
  });
  const touched = new Set([...added, ...updated]);
  const warnings = run.findings.filter((f) => touched.has(f.id)).flatMap((f) => (f.warnings ?? []).map((warning) => ({ id: f.id, warning })));
  return { run, added, updated, warnings };
}

export async function importReview(ctx: EngineContext, runId: string, input: ImportInput): Promise<ImportSummary> {
  let text: string;
  try {
    text = await readFile(input.file, 'utf8');
  } catch (error) {
    throw new InputError('bad-file', `Cannot read the review ${input.file}: ${(error as Error).message}`);
  }
  const run = await ctx.store.get(runId);
  const drafts = parseReview(text, { fileName: input.file, origin: input.file, root: run.worktree, ...(input.format ? { format: input.format } : {}) });
  return mergeDrafts(ctx, runId, await locateInWorktree(run, drafts), input.file);
}
