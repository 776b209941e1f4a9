/** Which lines the round changed, so findings on them are marked touched in this round. */
import type { Finding } from '../../core/model';
import { changedLineRanges } from '../../git';
import type { RoundContext } from './roundContext';

/** Changed line ranges per file between the round's start and its result. */
export type TouchedLines = Map<string, Array<[number, number]>>;

export async function touchedLines(rc: RoundContext, headBefore: string, headAfter: string): Promise<TouchedLines> {
  return headAfter ? changedLineRanges(rc.run.worktree, headBefore, headAfter) : new Map();
}

/** Mark each finding whose lines the round changed (part of the round's write). */
export function markTouched(findings: Finding[], touched: TouchedLines, index: number): void {
  for (const f of findings) {
    if (f.file && f.line !== undefined && overlaps(touched.get(f.file), f.line, f.endLine ?? f.line)) f.touchedInRound = index;
  }
}

function overlaps(ranges: Array<[number, number]> | undefined, start: number, end: number): boolean {
  return ranges?.some(([a, b]) => a <= end && b >= start) ?? false;
}
