/** Finding importers, location checks, merging and anchoring. */
import { detectFormat, formatByName, refuseForeignJson, refuseNonReviewText } from './detectFormat';
import { parseFindingsJson } from './findingsJson';
import { parseMarkdownReview } from './markdown';
import { parseJsonText } from './parseJsonText';
import { reviewBytes } from './reviewBytes';
import { readSarif } from './sarif';
import { readFromBuffer, readSarifBytes } from './sarifStream';
import { noSkips, type FindingDraft, type ParseOptions, type ReviewFormat, type ReviewImport } from './types';

export { anchorRange, AnchorTarget, diffHunks, mapLine, mapRange, shiftRangesForEdit } from './anchor';
export type { AnchoredRange, AnchorLike, AnchorMethod, AnchorOptions, DiffHunk, LineRange, TextChange } from './anchor';
export { placeAnchored } from './placeAnchored';
export type { Anchored, TextAtCommit } from './placeAnchored';
export { detectFormat } from './detectFormat';
export { decodeReview, HEAD_BYTES, plainTextStart } from './reviewBytes';
export { readSarifBytes } from './sarifStream';
export type { ReadAt } from './sarifStream';
export { formatByName } from './detectFormat';
export { findingsJsonSchema, FindingsJsonEntry, FindingsJsonFile, parseFindingsJson } from './findingsJson';
export { checkWorktreePath, locateFinding, locateFindings } from './locateFinding';
export type { LocateContext, WorktreeFs, WorktreePath } from './locateFinding';
export { parseMarkdownReview } from './markdown';
export { nextFindingId } from './findingIds';
export { mergeImported } from './mergeImported';
export { normalizeItemText, stableId } from './externalId';
export type { MergeOptions, MergeResult } from './mergeImported';
export { parseSarif, readSarif } from './sarif';
export { mapSeverity, severityFromId, severityPrefix } from './severity';
export type { FindingDraft, ImportScope, ParseOptions, ReviewFormat, ReviewImport, ReviewSkips } from './types';

/** Parse a review file in the given format, or the one `detectFormat` picks from its name and content. */
export function parseReview(text: string, opts: ParseOptions & { fileName: string; format?: ReviewFormat }): FindingDraft[] {
  return readReview(text, opts).drafts;
}

/**
 * Read a review file from its bytes (see `decodeReview`), as `readReview` reads its text. A SARIF
 * log (by its name or `format`) is read without its whole JSON tree (sarifStream.ts).
 */
export function readReviewBytes(bytes: Uint8Array, opts: ParseOptions & { fileName: string; format?: ReviewFormat }): ReviewImport {
  const { utf8, text, fileName } = reviewBytes(bytes, opts.fileName);
  if (utf8 && (opts.format ?? formatByName(fileName)) === 'sarif') {
    const read = readSarifBytes(readFromBuffer(utf8), 0, opts);
    if (read) return read;
  }
  return readReview(text ?? utf8!.toString('utf8'), { ...opts, fileName });
}

/**
 * Read a review file: refuse what is no review (`bad-file` naming what it looks like), then parse
 * it in the given format or the one `detectFormat` picks. JSON is parsed once, here.
 */
export function readReview(text: string, opts: ParseOptions & { fileName: string; format?: ReviewFormat }): ReviewImport {
  refuseNonReviewText(opts.fileName, text);
  const format = opts.format ?? detectFormat(opts.fileName, text);
  if (format === 'markdown') return { format, drafts: parseMarkdownReview(text, opts), scopes: [], skipped: noSkips(), warnings: [] };
  const doc = parseJsonText(text, format === 'sarif' ? 'The SARIF file' : 'The findings file');
  refuseForeignJson(opts.fileName, doc);
  if (format === 'sarif') return readSarif(doc, opts);
  return { format, drafts: parseFindingsJson(doc, opts), scopes: [], skipped: noSkips(), warnings: [] };
}
