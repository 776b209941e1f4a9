/** Diffs for the UI: commits and line counts between round heads, and the lines a round touched. */
import parseDiff from 'parse-diff';
import { gitOr } from './exec';
import { assertSafeRev } from './refSafety';

export interface CommitInfo {
  sha: string;
  subject: string;
  author: string;
  /** ISO 8601 author date. */
  date: string;
}

export interface NumstatEntry {
  file: string;
  added: number;
  deleted: number;
  /** Binary files have no line counts (both 0). */
  binary: boolean;
}

/** Commits reachable from `to` but not from `from`, newest first. */
export async function commitsBetween(dir: string, from: string, to: string): Promise<CommitInfo[]> {
  assertSafeRev(from);
  assertSafeRev(to);
  const out = await gitOr('git-failed', `Could not list the commits between ${from} and ${to}`, dir, ['log', '--format=%H%x00%s%x00%an%x00%aI%x1e', `${from}..${to}`, '--']);
  return out
    .split('\x1e')
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => {
      const [sha = '', subject = '', author = '', date = ''] = record.split('\0');
      return { sha, subject, author, date };
    });
}

/** Added and deleted line counts per file between two commits (renames shown as delete + add). */
export async function numstatBetween(dir: string, from: string, to: string): Promise<NumstatEntry[]> {
  assertSafeRev(from);
  assertSafeRev(to);
  const out = await gitOr('git-failed', `Could not diff ${from} and ${to}`, dir, ['diff', '--numstat', '-z', '--no-renames', from, to, '--']);
  return out
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const [added = '', deleted = '', ...rest] = entry.split('\t');
      const binary = added === '-';
      return { file: rest.join('\t'), added: binary ? 0 : Number(added), deleted: binary ? 0 : Number(deleted), binary };
    });
}

/**
 * The old-side line ranges (1-based, inclusive) each file's diff from `from` to `to` changed, keyed
 * by the file's path in `from`. A pure insertion after line n is reported as `[n, n]` (or `[1, 1]`
 * at the top), so a finding anchored next to inserted lines counts as touched.
 */
export async function changedLineRanges(dir: string, from: string, to: string): Promise<Map<string, Array<[number, number]>>> {
  assertSafeRev(from);
  assertSafeRev(to);
  const patch = await gitOr('git-failed', `Could not diff ${from} and ${to}`, dir, ['-c', 'core.quotePath=false', 'diff', '--no-renames', '--no-color', '--no-ext-diff', '-U0', from, to, '--']);
  const ranges = new Map<string, Array<[number, number]>>();
  for (const file of parseDiff(patch)) {
    const path = file.from && file.from !== '/dev/null' ? file.from : file.to;
    if (!path || file.new) continue;
    const list: Array<[number, number]> = [];
    for (const chunk of file.chunks) {
      if (chunk.oldLines === 0) list.push([Math.max(1, chunk.oldStart), Math.max(1, chunk.oldStart)]);
      else list.push([chunk.oldStart, chunk.oldStart + chunk.oldLines - 1]);
    }
    ranges.set(path, list);
  }
  return ranges;
}

/** Files that differ between `sha` and the worktree at `dir` (committed or not, untracked included). */
export async function filesChangedSince(dir: string, sha: string): Promise<string[]> {
  assertSafeRev(sha);
  const [changed, untracked] = await Promise.all([
    gitOr('git-failed', `Could not diff the worktree against ${sha}`, dir, ['diff', '--name-only', '-z', '--no-renames', sha, '--']),
    gitOr('git-failed', `Could not list untracked files in ${dir}`, dir, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const files = new Set([...changed.split('\0'), ...untracked.split('\0')].filter(Boolean));
  return [...files].sort();
}
