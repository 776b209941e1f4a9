/**
 * Location checks for imported findings. Lenient about content, strict about paths: a finding is
 * never dropped, but a path that is absolute, escapes the worktree with `..`, leads outside it
 * through a symlink, or does not exist loses its location (the finding stays, file-less, with the
 * raw reference in a warning). File-system access goes through the injected functions.
 */
import { posix, sep } from 'node:path';
import type { FindingDraft } from './types';

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
  if (draft.file === undefined) return draft;
  const raw = draft.file;
  const reference = `${raw}${draft.line ? `:${draft.line}${draft.endLine && draft.endLine !== draft.line ? `-${draft.endLine}` : ''}` : ''}`;
  const refuse = (why: string): FindingDraft => withoutLocation(draft, `Location ${reference} was not used: ${why}`);

  const checked = await checkWorktreePath(raw, ctx);
  if (!checked.ok) return refuse(checked.why);
  if (!checked.exists) return refuse('the file does not exist in the worktree.');
  const { path: normalized, full } = checked;

  const located: FindingDraft = { ...draft, file: normalized };
  if (draft.line !== undefined && ctx.readFile) {
    const lines = (await ctx.readFile(full)).replace(/\r\n?/g, '\n').split('\n');
    const endLine = draft.endLine ?? draft.line;
    if (draft.line > lines.length) {
      return { ...withoutLines(located), warnings: [...(draft.warnings ?? []), `Line ${draft.line} is past the end of ${normalized} (${lines.length} lines); the finding is kept on the file.`] };
    }
    const end = Math.min(endLine, lines.length);
    located.endLine = end;
    if (ctx.commit) located.anchor = { commit: ctx.commit, line: draft.line, endLine: end, text: lines.slice(draft.line - 1, end).join('\n') };
  }
  return located;
}

/** Drafts checked at once: a 50,000-finding import must not open 50,000 files together (EMFILE). */
const LOCATE_BATCH = 64;

/** Locate every draft (in order); see `locateFinding`. */
export async function locateFindings(drafts: readonly FindingDraft[], ctx: LocateContext): Promise<FindingDraft[]> {
  const located: FindingDraft[] = [];
  for (let i = 0; i < drafts.length; i += LOCATE_BATCH) {
    located.push(...(await Promise.all(drafts.slice(i, i + LOCATE_BATCH).map((d) => locateFinding(d, ctx)))));
  }
  return located;
}

function withoutLines(draft: FindingDraft): FindingDraft {
  const { line: _line, endLine: _endLine, anchor: _anchor, ...rest } = draft;
  return rest;
}

function withoutLocation(draft: FindingDraft, warning: string): FindingDraft {
  const { file: _file, ...rest } = withoutLines(draft);
  return { ...rest, warnings: [...(draft.warnings ?? []), warning] };
}
