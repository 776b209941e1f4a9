/**
 * Bringing the current base into a restored attempt, so work merged since is not reverted. A
 * conflict aborts the merge or rebase and leaves the worktree clean at the attempt's tip; the
 * engine then asks the human (continue without update / abort).
 */
import type { Backup, BaseUpdate } from '../core/model';
import { GitError } from '../core/errors';
import { createBackup } from './backups';
import { headSha, isClean } from './commit';
import { git, gitOutput, gitStatus } from './exec';
import { identityEnv, type Identity } from './identity';
import { isAncestor } from './repo';

export type BaseUpdateResult = 'merged' | 'rebased' | 'up-to-date' | 'skipped' | 'conflict';

export interface BaseUpdateOutcome {
  result: BaseUpdateResult;
  /** Files that conflicted (only with `conflict`). */
  conflictFiles?: string[];
  /** The worktree's HEAD afterwards (the attempt's tip after a conflict). */
  headAfter: string;
}

export interface BaseUpdateInput {
  repoDir: string;
  runId: string;
  worktree: string;
  /** The commit the base branch points at now. */
  baseSha: string;
  /** Used in messages and the merge commit's subject. */
  baseLabel: string;
  mode: BaseUpdate;
  identity?: Identity;
  /** The worktree's HEAD when the caller already knows it (saves a process). */
  tip?: string;
  /** Whether `baseSha` is already in `tip`, when the caller already asked (saves a process). */
  baseContained?: boolean;
}

async function conflictedFiles(worktree: string): Promise<string[]> {
  const out = await gitStatus(worktree, ['diff', '--name-only', '-z', '--diff-filter=U']);
  return out.stdout.split('\0').filter(Boolean).sort();
}

/** Abort the half-done operation and make sure the worktree is clean at `tip` again; returns the conflicted files. */
async function abortTo(worktree: string, operation: 'merge' | 'rebase', tip: string, cause: unknown): Promise<string[]> {
  const files = await conflictedFiles(worktree);
  const aborted = await gitStatus(worktree, [operation, '--abort']);
  const clean = (await headSha(worktree)) === tip && (await isClean(worktree));
  if (!clean) {
    throw new GitError('git-failed', `The ${operation} failed (${gitOutput(cause)}) and could not be undone cleanly (${aborted.stderr.trim()}); the attempt is still pinned at ${tip}.`, { cause });
  }
  if (files.length === 0) throw new GitError('git-failed', `The ${operation} failed without a conflict: ${gitOutput(cause)}. The worktree was left at the prior tip ${tip}.`, { cause });
  return files;
}

/**
 * Update the worktree from `baseSha` with `mode`. Before a rebase, the attempt's tip is pinned in a
 * backup ref (returned in `backups`).
 */
export async function updateFromBase(input: BaseUpdateInput): Promise<{ outcome: BaseUpdateOutcome; backups: Backup[] }> {
  const { worktree, baseSha, mode } = input;
  const tip = input.tip ?? (await headSha(worktree));
  if (mode === 'none') return { outcome: { result: 'skipped', headAfter: tip }, backups: [] };
  if (input.baseContained ?? (await isAncestor(worktree, baseSha, tip))) return { outcome: { result: 'up-to-date', headAfter: tip }, backups: [] };

  const env = await identityEnv(worktree, input.identity);
  const backups: Backup[] = [];
  try {
    if (mode === 'merge') {
      await git(worktree, ['merge', '--no-edit', '--no-ff', '--no-verify', '--no-gpg-sign', '-m', `revise: merge ${input.baseLabel} into the prior attempt`, baseSha], { env });
      return { outcome: { result: 'merged', headAfter: await headSha(worktree) }, backups };
    }
    // A rebase rewrites the attempt's commits: pin the old tip first.
    backups.push(await createBackup(input.repoDir, input.runId, tip, `before rebasing the attempt onto ${input.baseLabel}`));
    await git(worktree, ['rebase', '--no-autostash', '--no-gpg-sign', baseSha], { env });
    return { outcome: { result: 'rebased', headAfter: await headSha(worktree) }, backups };
  } catch (error) {
    const files = await abortTo(worktree, mode, tip, error);
    return { outcome: { result: 'conflict', conflictFiles: files, headAfter: tip }, backups };
  }
}
