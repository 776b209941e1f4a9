/**
 * Re-anchoring one file's findings against its current text: on open, on close (against the file
 * on disk) and after a full-text change. Edits in between only shift ranges (`applyEdit`).
 */
import { AnchorTarget, diffHunks, shiftRangesForEdit, type AnchorLike, type DiffHunk, type TextChange } from '../core/findings';
import type { Entry } from './findingIndex';

/** Fetches the text of the file at a commit (cached by the caller as it likes). */
export type OldText = (entry: Entry, commit: string) => Promise<string | undefined>;

/**
 * The entries placed against `currentText()`. Old versions are fetched first (async) for anchors
 * that are not exact any more; the placing itself is synchronous on the text as it is then, so an
 * edit that arrived meanwhile is taken into account.
 */
export async function reanchorEntries(entries: readonly Entry[], currentText: () => string, oldText: OldText): Promise<Entry[]> {
  const before = currentText();
  let target = new AnchorTarget(before);
  const commits = new Map<string, Entry>();
  for (const e of entries) {
    const anchor = e.finding.anchor;
    if (anchor && !commits.has(anchor.commit) && !isExact(target.lines, anchor)) commits.set(anchor.commit, e);
  }
  const olds = new Map<string, string | undefined>();
  await Promise.all([...commits].map(async ([commit, e]) => olds.set(commit, await oldText(e, commit))));

  const text = currentText();
  // Preparing a large file is the costly part: only again when an edit arrived meanwhile.
  if (text !== before) target = new AnchorTarget(text);
  const hunks = new Map<string, DiffHunk[]>();
  return entries.map((e) => {
    const anchor = e.finding.anchor;
    if (!anchor) return e;
    const old = olds.get(anchor.commit);
    let diff = hunks.get(anchor.commit);
    if (old !== undefined && !diff) hunks.set(anchor.commit, (diff = diffHunks(old, text)));
    const placed = target.anchor(anchor, diff ? { diff } : {});
    return { ...e, line: placed.line, endLine: placed.endLine, outdated: placed.outdated, method: placed.method };
  });
}

/**
 * Whether the anchored text is still at its lines. The same test `AnchorTarget.anchor` starts with,
 * without its fallbacks: asking it would index every line of the file for a fuzzy search whose
 * answer is not needed here.
 */
function isExact(lines: readonly string[], anchor: AnchorLike): boolean {
  const wanted = anchor.text.replace(/\r\n?/g, '\n').split('\n');
  const at = anchor.line - 1;
  return at >= 0 && at + wanted.length <= lines.length && wanted.every((text, i) => lines[at + i] === text);
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
