/**
 * Anchoring: where a finding's lines are now. A finding is anchored to a commit, a line range and
 * the text of those lines. Against the current text of the file, in order:
 *
 * 1. the anchored text is still at the same lines → `exact`;
 * 2. mapped through the diff from the anchor commit (every anchored line survived unchanged) → `diff`;
 * 3. the anchored text, whitespace-normalised, found nearby (nearest match wins) → `fuzzy`;
 * 4. otherwise `outdated`, at the best guess of its position — never silently on a wrong line.
 *
 * `shiftRangesForEdit` moves ranges with incremental edits without looking at the text.
 */
import { structuredPatch } from 'diff';

/** The anchored range and text (1-based, inclusive lines). */
export interface AnchorLike {
  line: number;
  endLine: number;
  text: string;
}

/** One hunk of a unified diff (the shape `diff`'s `structuredPatch` produces). */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Lines prefixed with ' ', '-', '+' or '\'. */
  lines: readonly string[];
}

export type AnchorMethod = 'exact' | 'diff' | 'fuzzy' | 'outdated';

export interface AnchoredRange {
  line: number;
  endLine: number;
  outdated: boolean;
  method: AnchorMethod;
}

export interface AnchorOptions {
  /** Hunks from the anchor commit's version of the file to the current text. */
  diff?: readonly DiffHunk[];
  /** How far (in lines) from the expected position a fuzzy match may be. Default 2000. */
  searchRadius?: number;
}

/**
 * The hunks between two versions of a file (no context lines needed for mapping). Lines common to
 * the start and the end of both versions are set aside before diffing: a small edit in a 50k-line
 * file then diffs a handful of lines instead of all of them, and the hunks are shifted back.
 */
export function diffHunks(oldText: string, newText: string): DiffHunk[] {
  const a = normalizeEol(oldText).split('\n');
  const b = normalizeEol(newText).split('\n');
  // The last element holds what follows the final newline; leaving it in the middle keeps the
  // diff's end-of-file handling ("\ No newline at end of file") exactly as for the whole texts.
  const most = Math.min(a.length, b.length) - 1;
  let head = 0;
  while (head < most && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < most - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (head === 0 && tail === 0) return structuredPatch('a', 'b', a.join('\n'), b.join('\n'), undefined, undefined, { context: 0 }).hunks;
  const middle = (lines: string[]): string => {
    const kept = lines.slice(head, lines.length - tail);
    // Kept lines that were followed by a set-aside line ended with a newline in the whole text.
    return tail > 0 && kept.length > 0 ? `${kept.join('\n')}\n` : kept.join('\n');
  };
  return structuredPatch('a', 'b', middle(a), middle(b), undefined, undefined, { context: 0 }).hunks.map((h) => ({
    ...h,
    oldStart: h.oldStart + head,
    newStart: h.newStart + head,
  }));
}

/** A document prepared once for anchoring many findings against it. */
export class AnchorTarget {
  readonly lines: readonly string[];
  /** Whitespace-normalised lines, only needed by the fuzzy search: built on its first use. */
  private normalizedLines: readonly string[] | undefined;
  private byNormalized: Map<string, number[]> | undefined;

  constructor(text: string) {
    this.lines = normalizeEol(text).split('\n');
  }

  private get normalized(): readonly string[] {
    return (this.normalizedLines ??= this.lines.map(normalizeLine));
  }

  /** Where `anchor` is now in this document (see the module comment). */
  anchor(anchor: AnchorLike, opts: AnchorOptions = {}): AnchoredRange {
    const span = Math.max(0, anchor.endLine - anchor.line);
    const wanted = normalizeEol(anchor.text).split('\n');
    if (this.textAt(anchor.line, wanted)) return { line: anchor.line, endLine: anchor.line + span, outdated: false, method: 'exact' };

    let expected = anchor.line;
    if (opts.diff) {
      const mapped = mapRange(opts.diff, anchor.line, anchor.line + span);
      if (mapped.intact && this.textAt(mapped.start, wanted)) return { line: mapped.start, endLine: mapped.start + span, outdated: false, method: 'diff' };
      expected = mapped.start;
    }
    const fuzzy = this.fuzzy(wanted, expected, opts.searchRadius ?? 2000);
    if (fuzzy !== undefined) return { line: fuzzy, endLine: fuzzy + wanted.length - 1, outdated: false, method: 'fuzzy' };
    const line = clamp(expected, 1, this.lines.length);
    return { line, endLine: clamp(line + span, line, this.lines.length), outdated: true, method: 'outdated' };
  }

  private textAt(line: number, wanted: readonly string[]): boolean {
    if (line < 1 || line - 1 + wanted.length > this.lines.length) return false;
    return wanted.every((text, i) => this.lines[line - 1 + i] === text);
  }

  /** The start (1-based) of the nearest whitespace-insensitive match of `wanted`, if any. */
  private fuzzy(wanted: readonly string[], expected: number, radius: number): number | undefined {
    const target = wanted.map(normalizeLine);
    const firstIndex = target.findIndex((l) => l !== '');
    if (firstIndex < 0) return undefined;
    this.byNormalized ??= indexLines(this.normalized);
    let best: number | undefined;
    for (const at of this.byNormalized.get(target[firstIndex]!) ?? []) {
      const start = at - firstIndex;
      if (start < 0 || start + target.length > this.normalized.length) continue;
      if (Math.abs(start + 1 - expected) > radius) continue;
      if (!target.every((t, i) => this.normalized[start + i] === t)) continue;
      if (best === undefined || Math.abs(start + 1 - expected) < Math.abs(best - expected)) best = start + 1;
    }
    return best;
  }
}

/** Anchor one finding against `current` text; for many findings in one file use `AnchorTarget`. */
export function anchorRange(anchor: AnchorLike, current: string, opts: AnchorOptions = {}): AnchoredRange {
  return new AnchorTarget(current).anchor(anchor, opts);
}

/**
 * Map old lines `start..end` through `hunks`: `intact` when every line survived unchanged and
 * they are still contiguous; `start` is the best new position of the first line either way.
 */
export function mapRange(hunks: readonly DiffHunk[], start: number, end: number): { start: number; intact: boolean } {
  const first = mapLine(hunks, start);
  let intact = first.kept;
  let previous = first.line;
  for (let old = start + 1; old <= end && intact; old++) {
    const mapped = mapLine(hunks, old);
    intact = mapped.kept && mapped.line === previous + 1;
    previous = mapped.line;
  }
  return { start: first.line, intact };
}

/** Where old line `old` is now; `kept` is false when it was deleted or replaced (then: where it was). */
export function mapLine(hunks: readonly DiffHunk[], old: number): { line: number; kept: boolean } {
  let delta = 0;
  for (const hunk of hunks) {
    if (hunk.oldLines === 0 ? old <= hunk.oldStart : old < hunk.oldStart) return { line: old + delta, kept: true };
    if (old < hunk.oldStart + hunk.oldLines) {
      let oldAt = hunk.oldStart;
      let newAt = hunk.newStart;
      for (const l of hunk.lines) {
        const kind = l[0];
        if (kind === ' ') {
          if (oldAt === old) return { line: newAt, kept: true };
          oldAt++;
          newAt++;
        } else if (kind === '-') {
          if (oldAt === old) return { line: Math.max(1, newAt), kept: false };
          oldAt++;
        } else if (kind === '+') {
          newAt++;
        }
      }
    }
    delta += hunk.newLines - hunk.oldLines;
  }
  return { line: old + delta, kept: true };
}

/** A 1-based inclusive line range that edits move. */
export interface LineRange {
  line: number;
  endLine: number;
  outdated?: boolean;
}

/** An incremental change as LSP sends it (0-based lines and characters). */
export interface TextChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/**
 * Move ranges through one incremental edit: an edit above moves them, an edit inside grows or
 * shrinks them, an edit that replaces all their lines marks them outdated (placed where the edit
 * was). Returns new objects; unchanged ranges are returned as they were.
 */
export function shiftRangesForEdit<T extends LineRange>(ranges: readonly T[], change: TextChange): T[] {
  const { start, end } = change.range;
  const added = countNewlines(change.text);
  const delta = added - (end.line - start.line);
  const lastSegmentEmpty = change.text.slice(change.text.lastIndexOf('\n') + 1) === '';
  return ranges.map((range) => {
    const a = range.line - 1;
    const b = range.endLine - 1;
    const cleanlyAbove = end.line < a || (end.line === a && end.character === 0 && lastSegmentEmpty && (added > 0 || start.character === 0));
    if (cleanlyAbove) return delta === 0 ? range : { ...range, line: range.line + delta, endLine: range.endLine + delta };
    if (start.line > b) return range;
    const coversStart = start.line < a || (start.line === a && start.character === 0);
    if (coversStart && end.line > b) {
      const line = start.line + 1;
      return { ...range, line, endLine: line, outdated: true };
    }
    const newStart = start.line < a ? start.line + added : a;
    const newEnd = end.line > b ? start.line + added : b + delta;
    return { ...range, line: newStart + 1, endLine: Math.max(newStart, newEnd) + 1 };
  });
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function indexLines(lines: readonly string[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  lines.forEach((line, i) => {
    if (!line) return;
    const list = map.get(line);
    if (list) list.push(i);
    else map.set(line, [i]);
  });
  return map;
}

function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

function normalizeEol(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), Math.max(lo, hi));
}
