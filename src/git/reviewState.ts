/**
 * What a reviewer agent reads and must leave as it was: the unified diff since a commit, and a
 * fingerprint of the worktree (HEAD and the tree of every file, tracked or not, ignored ones aside)
 * to see afterwards whether it changed anything.
 */
import { snapshotWorktree } from './backups';
import { headSha } from './commit';
import { git } from './exec';
import { assertSafeRev } from './refSafety';

export interface WorktreeFingerprint {
  head: string;
  /** The tree of the worktree's current files (a temporary index; the real one is untouched). */
  tree: string;
}

export async function worktreeFingerprint(worktree: string): Promise<WorktreeFingerprint> {
  const head = await headSha(worktree);
  const snapshot = await snapshotWorktree(worktree, head);
  return { head, tree: (await git(worktree, ['rev-parse', `${snapshot}^{tree}`])).trim() };
}

/** Paths that differ between two fingerprints' trees (plus `HEAD` when it moved). */
export async function fingerprintChanges(worktree: string, before: WorktreeFingerprint, after: WorktreeFingerprint): Promise<string[]> {
  const paths = before.tree === after.tree ? [] : (await git(worktree, ['diff', '--name-only', '--no-renames', before.tree, after.tree])).split('\n').filter(Boolean);
  return before.head === after.head ? paths : [`HEAD (${before.head.slice(0, 12)} → ${after.head.slice(0, 12)})`, ...paths];
}

/** The unified diff of the worktree's files against `from` (committed and uncommitted changes). */
export async function diffSince(worktree: string, from: string): Promise<string> {
  assertSafeRev(from);
  return git(worktree, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', from, '--']);
}

/** The commit where HEAD forked from `ref`, if both exist. */
export async function forkPoint(worktree: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(worktree, ['merge-base', ref, 'HEAD'])).trim() || undefined;
  } catch {
    return undefined;
  }
}
