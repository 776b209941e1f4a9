/**
 * Where a file's anchored findings are now: the one placing rule shared by the language server
 * (the editor's squiggles, src/server/reanchor.ts) and the engine (the prompt and the agent's
 * findings file, src/engine/placeFindings.ts), so both name the same line for a finding that moved.
 */
import { AnchorTarget, diffHunks, type AnchoredRange, type AnchorLike, type DiffHunk } from './anchor';

/** Something with an optional anchor (a finding, or the server's entry of one). */
export interface Anchored {
  anchor?: (AnchorLike & { commit: string }) | undefined;
}

/** The text of the item's file at `commit`, or undefined when it cannot be read (cached by the caller as it likes). */
export type TextAtCommit<T> = (item: T, commit: string) => Promise<string | undefined>;

/**
 * Place each item of one file against `currentText()`: its range now, or undefined for an item
 * without an anchor. Old versions are fetched first (async) for anchors that are not exact any
 * more; the placing itself is synchronous on the text as it is then, so an edit that arrived
 * meanwhile is taken into account.
 */
export async function placeAnchored<T>(items: readonly T[], anchorOf: (item: T) => Anchored['anchor'], currentText: () => string, textAt: TextAtCommit<T>): Promise<Array<AnchoredRange | undefined>> {
  const before = currentText();
  let target = new AnchorTarget(before);
  const commits = new Map<string, T>();
  for (const item of items) {
    const anchor = anchorOf(item);
    if (anchor && !commits.has(anchor.commit) && !isExact(target.lines, anchor)) commits.set(anchor.commit, item);
  }
  const olds = new Map<string, string | undefined>();
  await Promise.all([...commits].map(async ([commit, item]) => olds.set(commit, await textAt(item, commit))));

  const text = currentText();
  // Preparing a large file is the costly part: only again when an edit arrived meanwhile.
  if (text !== before) target = new AnchorTarget(text);
  const hunks = new Map<string, DiffHunk[]>();
  return items.map((item) => {
    const anchor = anchorOf(item);
    if (!anchor) return undefined;
    const old = olds.get(anchor.commit);
    let diff = hunks.get(anchor.commit);
    if (old !== undefined && !diff) hunks.set(anchor.commit, (diff = diffHunks(old, text)));
    return target.anchor(anchor, diff ? { diff } : {});
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
