/**
 * Location checks for imported findings. Lenient about content, strict about paths: a finding is
 * never dropped, but a path that is absolute, escapes the worktree with `..`, leads outside it
 * through a symlink, or does not exist loses its location (the finding stays, file-less, with the
 * raw reference in a warning). File-system access goes through the injected functions.
 */
import { posix, sep } from 'node:path';
import type { FindingDraft } from './types';
import { findingLocation } from '../findingLocation';

/** The file-system view the path check needs (injected, so core does no I/O of its own). */
export interface WorktreeFs {
  /** Absolute path of the worktree root. */
  worktree: string;
  /** Resolve symlinks (like `fs.promises.realpath`); rejects when the path does not exist. */
  realpath(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
}

/** What `locateFinding` needs to know about the worktree. */
export interface LocateContext extends WorktreeFs {
  /** When given with `commit`, the anchor text is read from the file (the worktree at that commit). */
  readFile?(path: string): Promise<string>;
  /** The commit the worktree is at; anchors are recorded against it. */
  commit?: string;
}

/** A path checked against the worktree: its normal form and full path, or why it was refused. */
export type WorktreePath =
  | { ok: true; path: string; full: string; exists: boolean }
  | { ok: false; why: string };

/**
 * The one check of a finding's path, shared by every importer, manual findings and the prompt's
 * excerpts: relative, no `..` escape, and — when the file exists — its real path (symlinks
 * resolved) inside the worktree's real path. A missing file is reported, not refused, so each
 * caller decides.
 */
export async function checkWorktreePath(raw: string, fs: WorktreeFs): Promise<WorktreePath> {
  const slashed = raw.replace(/\\/g, '/').replace(/^\.\//, '');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed) || slashed.startsWith('//')) return { ok: false, why: 'absolute paths are refused; use a path relative to the worktree.' };
  const normalized = posix.normalize(slashed);
  if (normalized === '..' || normalized.startsWith('../')) return { ok: false, why: 'the path leads outside the worktree (..).' };
  if (normalized === '.' || normalized === '') return { ok: false, why: 'the path names the worktree itself, not a file.' };

  const root = fs.worktree.replace(/[\\/]+$/, '');
  const full = `${root}${sep}${normalized.split('/').join(sep)}`;
  if (!(await fs.exists(full))) return { ok: true, path: normalized, full, exists: false };
  let realRoot: string;
  let realFile: string;
  try {
    [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(full)]);
  } catch {
    return { ok: false, why: 'the path could not be resolved.' };
  }
  if (!realFile.startsWith(realRoot + sep)) return { ok: false, why: 'the path is a symlink that leads outside the worktree.' };
  return { ok: true, path: normalized, full, exists: true };
}

/** Check and normalise a draft's location; returns a new draft (the input is not changed). */
export async function locateFinding(draft: FindingDraft, ctx: LocateContext): Promise<FindingDraft> {
  return locateWith(draft, ctx, { paths: new Map(), lines: new Map() });
}

/** Per-import caches: 100,000 results on a few hundred files check and read each file once. */
interface LocateCache {
  paths: Map<string, Promise<WorktreePath>>;
  lines: Map<string, Promise<{ raw: string; lines: string[] }>>;
}

async function locateWith(input: FindingDraft, ctx: LocateContext, cache: LocateCache): Promise<FindingDraft> {
  const offset = input.offset;
  const draft = offset === undefined ? input : withoutOffset(input);
  if (draft.file === undefined) return draft;
  const raw = draft.file;
  // The reference is written only into a refusal (rare), not for each of 100,000 located drafts.
  const refuse = (why: string): FindingDraft => {
    const reference = findingLocation({ file: raw, line: draft.line || undefined, endLine: draft.endLine || undefined }) ?? raw;
    return withoutLocation(draft, `Location ${reference} was not used: ${why}`);
  };

  let pending = cache.paths.get(raw);
  if (!pending) cache.paths.set(raw, (pending = checkWorktreePath(raw, ctx)));
  const checked = await pending;
  if (!checked.ok) return refuse(checked.why);
  if (!checked.exists) return refuse('the file does not exist in the worktree.');
  const { path: normalized, full } = checked;

  // Object.assign, not a spread: ~10× cheaper per finding, which shows at 100,000 findings.
  const located: FindingDraft = Object.assign({}, draft, { file: normalized });
  const readLines = (): Promise<{ raw: string; lines: string[] }> => {
    let read = cache.lines.get(full);
    if (!read) {
      read = ctx.readFile!(full).then((raw) => ({ raw, lines: raw.replace(/\r\n?/g, '\n').split('\n') }));
      cache.lines.set(full, read);
    }
    return read;
  };
  if (draft.line === undefined && offset && ctx.readFile) Object.assign(located, offsetToRange((await readLines()).raw, offset));
  if (located.line !== undefined && ctx.readFile) {
    const { lines } = await readLines();
    const endLine = located.endLine ?? located.line;
    if (located.line > lines.length) {
      return { ...withoutLines(located), warnings: [...(draft.warnings ?? []), `Line ${located.line} is past the end of ${normalized} (${lines.length} lines); the finding is kept on the file.`] };
    }
    const end = Math.min(endLine, lines.length);
    located.endLine = end;
    if (ctx.commit) located.anchor = { commit: ctx.commit, line: located.line, endLine: end, text: lines.slice(located.line - 1, end).join('\n') };
  }
  return located;
}

/**
 * Lines and columns (1-based; `endColumn` exclusive) of a character or UTF-8 byte offset in `text`
 * as it is on disk (a `\r\n` counts two characters). An offset past the end gives nothing: the
 * finding stays on the file.
 */
export function offsetToRange(text: string, offset: NonNullable<FindingDraft['offset']>): Pick<FindingDraft, 'line' | 'endLine' | 'column' | 'endColumn'> {
  const toChars = (n: number): number => (offset.unit === 'char' ? n : Buffer.from(text, 'utf8').subarray(0, n).toString('utf8').length);
  const start = toChars(offset.start);
  if (start > text.length) return {};
  const end = Math.min(text.length, offset.length !== undefined ? toChars(offset.start + offset.length) : start);
  const at = (i: number): { line: number; column: number } => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    return { line, column: i - (before.lastIndexOf('\n') + 1) + 1 };
  };
  const first = at(start);
  const last = at(end);
  return { line: first.line, endLine: last.line, column: first.column, endColumn: last.column };
}

/** Drafts checked at once: a 50,000-finding import must not open 50,000 files together (EMFILE). */
const LOCATE_BATCH = 64;

/** Locate every draft (in order); see `locateFinding`. */
export async function locateFindings(drafts: readonly FindingDraft[], ctx: LocateContext): Promise<FindingDraft[]> {
  const located: FindingDraft[] = [];
  const cache: LocateCache = { paths: new Map(), lines: new Map() };
  for (let i = 0; i < drafts.length; i += LOCATE_BATCH) {
    located.push(...(await Promise.all(drafts.slice(i, i + LOCATE_BATCH).map((d) => locateWith(d, ctx, cache)))));
  }
  return located;
}

function withoutOffset(draft: FindingDraft): FindingDraft {
  const { offset: _offset, ...rest } = draft;
  return rest;
}

function withoutLines(draft: FindingDraft): FindingDraft {
  const { line: _line, endLine: _endLine, column: _column, endColumn: _endColumn, anchor: _anchor, offset: _offset, ...rest } = draft;
  return rest;
}

function withoutLocation(draft: FindingDraft, warning: string): FindingDraft {
  const { file: _file, ...rest } = withoutLines(draft);
  return { ...rest, warnings: [...(draft.warnings ?? []), warning] };
}
