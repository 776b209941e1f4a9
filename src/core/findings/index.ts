/** Finding importers, location checks, merging and anchoring. */
import { detectFormat } from './detectFormat';
import { parseFindingsJson } from './findingsJson';
import { parseMarkdownReview } from './markdown';
import { parseSarif } from './sarif';
import type { FindingDraft, ParseOptions, ReviewFormat } from './types';

export { anchorRange, AnchorTarget, diffHunks, mapLine, mapRange, shiftRangesForEdit } from './anchor';
export type { AnchoredRange, AnchorLike, AnchorMethod, AnchorOptions, DiffHunk, LineRange, TextChange } from './anchor';
export { detectFormat } from './detectFormat';
export { findingsJsonSchema, FindingsJsonEntry, FindingsJsonFile, parseFindingsJson } from './findingsJson';
export { checkWorktreePath, locateFinding, locateFindings } from './locateFinding';
export type { LocateContext, WorktreeFs, WorktreePath } from './locateFinding';
export { parseMarkdownReview } from './markdown';
export { nextFindingId } from './findingIds';
export { mergeImported } from './mergeImported';
export type { MergeOptions, MergeResult } from './mergeImported';
export { parseSarif } from './sarif';
export { mapSeverity, severityFromId, severityPrefix } from './severity';
export type { FindingDraft, ParseOptions, ReviewFormat } from './types';

/** Parse a review file in the given format, or the one `detectFormat` picks from its name and content. */
export function parseReview(text: string, opts: ParseOptions & { fileName: string; format?: ReviewFormat }): FindingDraft[] {
  const format = opts.format ?? detectFormat(opts.fileName, text);
  switch (format) {
    case 'markdown':
      return parseMarkdownReview(text, opts);
    case 'sarif':
      return parseSarif(text, opts);
    case 'json':
      return parseFindingsJson(text, opts);
  }
}
