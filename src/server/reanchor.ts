/**
 * Re-anchoring one file's findings against its current text: on open, on close (against the file
 * on disk) and after a full-text change. Edits in between only shift ranges (`applyEdit`).
 */
import { AnchorTarget, placeAnchored, shiftRangesForEdit, type TextAtCommit, type TextChange } from '../core/findings';
import type { Entry } from './findingIndex';

/** Fetches the text of the file at a commit (cached by the caller as it likes). */
export type OldText = TextAtCommit<Entry>;

/** The entries placed against `currentText()`, by the rule the prompt uses too (core/findings/placeAnchored.ts). */
export async function reanchorEntries(entries: readonly Entry[], currentText: () => string, oldText: OldText): Promise<Entry[]> {
  const placed = await placeAnchored(entries, (e) => e.finding.anchor, currentText, oldText);
  return entries.map((e, i) => {
    const at = placed[i];
    return at ? { ...e, line: at.line, endLine: at.endLine, outdated: at.outdated, method: at.method } : e;
  });
}

/**
 * Move entries through one incremental change. A finding whose lines were all replaced is looked
 * for again (whitespace-insensitively) in the new text before it is called outdated.
 */
export function applyEdit(entries: readonly Entry[], change: TextChange, newText: () => string): Entry[] {
  const shifted = shiftRangesForEdit(entries, change);
  let target: AnchorTarget | undefined;
  return shifted.map((e, i) => {
    if (!e.outdated || entries[i]!.outdated || !e.finding.anchor) return e;
    target ??= new AnchorTarget(newText());
    const placed = target.anchor({ ...e.finding.anchor, line: e.line, endLine: e.line + (e.finding.anchor.endLine - e.finding.anchor.line) });
    return { ...e, line: placed.line, endLine: placed.endLine, outdated: placed.outdated, method: placed.method };
  });
}
