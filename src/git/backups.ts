/**
 * Backup refs: before anything that can drop commits, pin the old tip under
 * `refs/revise/backup/<runId>/<unix-ns>` and record the commits it protects. Uncommitted changes of
 * a worktree (untracked files included) are first captured as a commit object, without touching
 * that worktree's index, files or the stash list.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { GitError } from '../core/errors';
import type { Backup } from '../core/model';
import { git, gitOr, gitStatus } from './exec';
import { identityEnv } from './identity';
import { assertSafeRefName, assertSafeRev, assertSafeRunId } from './refSafety';
import { resolveCommit } from './repo';
import { stageAll } from './stageAll';

export const BACKUP_PREFIX = 'refs/revise/backup/';
/** Most commits listed for one backup (the ref protects all of them regardless). */
const MAX_LISTED_COMMITS = 200;

export interface BackupOptions {
  /** A worktree whose uncommitted changes are captured on top of `tip` (resolved in that worktree). */
  includeUncommittedFrom?: string;
}

/** Commits reachable from `sha` but from no remote-tracking ref, newest first. */
export async function commitsNotOnRemotes(dir: string, sha: string): Promise<Backup['commits']> {
  const out = await gitOr('git-failed', 'Could not list the commits a backup protects', dir, ['log', `-n${MAX_LISTED_COMMITS}`, '--format=%H%x00%s', sha, '--not', '--remotes', '--']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', subject = ''] = line.split('\0');
      return { sha: commit, subject };
    });
}

/**
 * A commit holding the worktree's current files (tracked and untracked, not ignored) on top of
 * `parent`, or `parent` itself when nothing is uncommitted. Uses a temporary index.
 */
export async function snapshotWorktree(worktree: string, parent: string, message = 'revise: uncommitted changes (backup)'): Promise<string> {
  const indexPath = (await git(worktree, ['rev-parse', '--git-path', 'index'])).trim();
  const scratch = mkdtempSync(join(tmpdir(), 'revise-index-'));
  const tempIndex = join(scratch, 'index');
  try {
    const absolute = isAbsolute(indexPath) ? indexPath : resolve(worktree, indexPath);
    // Starting from a copy of the real index keeps `add` fast (stat data reused).
    if (existsSync(absolute)) copyFileSync(absolute, tempIndex);
    const env = { GIT_INDEX_FILE: tempIndex };
    await stageAll(worktree, { env });
    const tree = (await git(worktree, ['write-tree'], { env })).trim();
    const parentTree = (await git(worktree, ['rev-parse', `${parent}^{tree}`])).trim();
    if (tree === parentTree) return parent;
    return (await git(worktree, ['commit-tree', tree, '-p', parent, '-m', message], { env: await identityEnv(worktree) })).trim();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
}

/**
 * Pin `tip` (plus the uncommitted changes of `opts.includeUncommittedFrom`) under a new backup ref
 * of the run, with `reason` in its reflog. Returns what was pinned and which commits it protects.
 */
export async function createBackup(repoDir: string, runId: string, tip: string, reason: string, opts: BackupOptions = {}): Promise<Backup> {
  assertSafeRunId(runId);
  assertSafeRev(tip);
  const where = opts.includeUncommittedFrom ?? repoDir;
  const tipSha = await resolveCommit(where, tip);
  if (!tipSha) throw new GitError('git-failed', `Cannot back up ${tip}: it is not a commit in ${where}.`);
  const sha = opts.includeUncommittedFrom ? await snapshotWorktree(opts.includeUncommittedFrom, tipSha) : tipSha;
  const commits = await commitsNotOnRemotes(repoDir, sha);
  for (let ns = nowNs(); ; ns += 1n) {
    const ref = `${BACKUP_PREFIX}${runId}/${ns}`;
    // The empty old value makes the update fail instead of overwriting an existing backup.
    const result = await gitStatus(repoDir, ['update-ref', '--create-reflog', '-m', `revise backup: ${reason}`, ref, sha, '']);
    if (result.exitCode === 0) return { ref, sha, reason, commits, createdAt: new Date(Number(ns / 1_000_000n)).toISOString() };
    if (!(await resolveCommit(repoDir, ref))) throw new GitError('git-failed', `Could not write the backup ref ${ref}: ${result.stderr.trim()}`);
  }
}

/** The backups of a run, oldest first; `commits` are those still on no remote-tracking ref. */
export async function listBackups(repoDir: string, runId: string): Promise<Backup[]> {
  assertSafeRunId(runId);
  const out = await gitOr('git-failed', 'Could not list backups', repoDir, ['for-each-ref', '--format=%(refname)%00%(objectname)', `${BACKUP_PREFIX}${runId}/`]);
  const backups: Backup[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [ref = '', sha = ''] = line.split('\0');
    const ns = ref.slice(ref.lastIndexOf('/') + 1);
    const reflog = await gitStatus(repoDir, ['log', '-g', '-n1', '--format=%gs', ref, '--']);
    const reason = reflog.exitCode === 0 ? reflog.stdout.trim().replace(/^revise backup: /, '') : '';
    const createdAt = /^\d+$/.test(ns) ? new Date(Number(BigInt(ns) / 1_000_000n)).toISOString() : '';
    backups.push({ ref, sha, reason, commits: await commitsNotOnRemotes(repoDir, sha), createdAt });
  }
  return backups.sort((a, b) => (a.ref < b.ref ? -1 : 1));
}

/** Create `newBranch` at a backup ref. Refuses a name that exists (nothing is overwritten). */
export async function restoreBackup(repoDir: string, ref: string, newBranch: string): Promise<{ branch: string; sha: string }> {
  assertSafeRefName(ref, 'ref');
  assertSafeRefName(newBranch, 'branch');
  if (!ref.startsWith(BACKUP_PREFIX)) throw new GitError('bad-input', `${ref} is not a backup ref (they start with ${BACKUP_PREFIX}).`);
  const sha = await resolveCommit(repoDir, ref);
  if (!sha) throw new GitError('bad-input', `The backup ref ${ref} does not exist.`, { details: { ref, situation: 'backup-missing' } });
  if (await resolveCommit(repoDir, `refs/heads/${newBranch}`)) {
    throw new GitError('bad-input', `A branch named "${newBranch}" already exists; choose another name. Nothing was changed.`);
  }
  await gitOr('git-failed', `Could not create the branch ${newBranch} from ${ref}`, repoDir, ['branch', '--no-track', '--end-of-options', newBranch, sha]);
  return { branch: newBranch, sha };
}
