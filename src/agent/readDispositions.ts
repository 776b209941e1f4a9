/**
 * Read a round's dispositions: the agent's JSON file, then the trailer lines of its final reply.
 * The parsing rules and accepted shapes are in src/core/dispositions.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseDispositions, type DispositionsResult } from '../core/dispositions';

export type { DispositionsResult };

/** A dispositions file larger than this is not read (an agent wrote something else there). */
export const DISPOSITIONS_FILE_LIMIT = 1024 * 1024;

export interface ReadDispositionsOptions {
  /** `$REVISE_DISPOSITIONS_FILE`; a missing file is normal (the agent answered in its reply, or not at all). */
  file?: string;
  finalText?: string;
  findingIds: readonly string[];
  round: number;
}

/** Dispositions by finding id, and warnings for everything that was ignored. Never throws. */
export function readDispositions(opts: ReadDispositionsOptions): DispositionsResult {
  const warnings: string[] = [];
  let json: string | undefined;
  if (opts.file) {
    try {
      const stat = statSync(opts.file, { throwIfNoEntry: false });
      if (stat && !stat.isFile()) warnings.push(`dispositions file ${opts.file} is not a regular file; ignored.`);
      else if (stat && stat.size > DISPOSITIONS_FILE_LIMIT) warnings.push(`dispositions file ${opts.file} is larger than 1 MB; ignored.`);
      else if (stat) json = readFileSync(opts.file, 'utf8');
    } catch (error) {
      warnings.push(`dispositions file ${opts.file} could not be read (${error instanceof Error ? error.message : String(error)}); ignored.`);
    }
  }
  const result = parseDispositions({
    ...(json !== undefined ? { json } : {}),
    ...(opts.finalText !== undefined ? { finalText: opts.finalText } : {}),
    findingIds: opts.findingIds,
    round: opts.round,
  });
  return { dispositions: result.dispositions, questions: result.questions, warnings: [...warnings, ...result.warnings] };
}
