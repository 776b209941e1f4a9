/**
 * Pushing the run's work back to the prior branch, pinned with a lease: the remote ref is only
 * updated if it still points where we expect (the restored SHA, then our own pushes). A teammate's
 * push in between makes git refuse, and the remote is left as it was.
 */
import { GitError } from '../core/errors';
import type { Backup } from '../core/model';
import { createBackup } from './backups';
import { headSha } from './commit';
import { gitOr, gitStatus, firstLine } from './exec';
import { updateFromBase } from './baseUpdate';
import { DEFAULT_NETWORK_TIMEOUT_MS, lsRemoteHeads } from './probe';
import { assertSafeRefName, assertSafeRev, assertSafeRunId, remoteArgument, type RemoteTarget } from './refSafety';
import { pushLfsObjects } from './lfs';
import { isAncestor, resolveCommit } from './repo';
import { pushSubmoduleCommits } from './submodules';

export interface PushResult {
  pushedSha: string;
  /** Whether the push replaced commits (not a fast-forward); the old tip is then in `backup`. */
  forced: boolean;
  backup?: Backup;
}

/**
 * Push the tip of run `runId`'s branch `localBranch` (default: the worktree's HEAD) to
 * `refs/heads/<priorBranch>` on `remote` with
 * `--force-with-lease=refs/heads/<priorBranch>:<expectedSha>` (`null`: the branch must not exist).
 * Naming the run branch means a worktree someone switched to another branch never pushes that one.
 * `lease-refused` when the remote moved; before a push that is not a fast-forward, the remote's old
 * tip (which the lease guarantees is `expectedSha`) is pinned in a backup ref of the run.
 */
export async function pushWithLease(worktreeDir: string, runId: string, target: RemoteTarget, priorBranch: string, expectedSha: string | null, localBranch?: string): Promise<PushResult> {
  assertSafeRunId(runId);
  const remote = remoteArgument(target);
  assertSafeRefName(priorBranch, 'branch');
  if (expectedSha !== null) assertSafeRev(expectedSha);
  if (localBranch !== undefined) assertSafeRefName(localBranch, 'branch');
  const head = localBranch === undefined ? await headSha(worktreeDir) : await resolveCommit(worktreeDir, `refs/heads/${localBranch}`);
  if (!head) throw new GitError('push-failed', `The run branch ${localBranch ?? 'HEAD'} does not exist in ${worktreeDir}; nothing was pushed. Run the next round (it re-creates the branch) or restore a backup.`);
  let forced = false;
  let backup: Backup | undefined;
  if (expectedSha !== null && expectedSha !== head) {
    const ff = await gitStatus(worktreeDir, ['merge-base', '--is-ancestor', expectedSha, head]);
    forced = ff.exitCode !== 0;
    if (forced) backup = await createBackup(worktreeDir, runId, expectedSha, `before a push to ${remote}/${priorBranch} that is not a fast-forward`);
  }
  // What a pre-push hook would have done, done explicitly: the branch push below runs no hook.
  await pushSubmoduleCommits(worktreeDir, runId, expectedSha, head);
  await pushLfsObjects(worktreeDir, remote, head);
  const lease = `--force-with-lease=refs/heads/${priorBranch}:${expectedSha ?? ''}`;
  const result = await gitStatus(worktreeDir, ['push', '--porcelain', '--no-verify', lease, '--end-of-options', remote, `${head}:refs/heads/${priorBranch}`], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
  if (result.exitCode === 0) return { pushedSha: head, forced, ...(backup ? { backup } : {}) };
  const said = `${result.stdout}\n${result.stderr}`;
  if (/stale info|\[rejected\]|fetch first|non-fast-forward|already exists/.test(said)) {
    const own = await ownCommitOnRemote(worktreeDir, remote, priorBranch, head);
    if (own) {
      throw new GitError(
        'lease-refused',
        `Refusing to push to ${remote}/${priorBranch}: it no longer points at ${expectedSha ?? '(nothing)'} but at ${own.slice(0, 12)}, which is one of this run's own commits — pushed from the worktree by hand, not by Revise. Nothing was overwritten. Choose refetch-and-update to take it as the new starting point, then approve again.`,
        { details: { remote, branch: priorBranch, expectedSha, remoteSha: own, ownCommit: true } },
      );
    }
    throw new GitError(
      'lease-refused',
      `Refusing to overwrite ${remote}/${priorBranch}: it no longer points at ${expectedSha ?? '(nothing)'} — someone pushed to it since the run restored it. The remote was not changed. Refetch and update the run, or abort.`,
      { details: { remote, branch: priorBranch, expectedSha } },
    );
  }
  throw new GitError('push-failed', `Could not push to ${remote}/${priorBranch}: ${firstLine(result.stderr) || result.stdout.trim()}. Check the network and your push rights; nothing was overwritten.`, { details: { remote, branch: priorBranch } });
}

/** The remote tip of `branch` when it is a commit of the run's own history (`head` contains it), else `null`. */
async function ownCommitOnRemote(worktreeDir: string, remote: string, branch: string, head: string): Promise<string | null> {
  const tip = (await lsRemoteHeads(worktreeDir, remote, [branch]).catch(() => new Map<string, string>())).get(branch);
  if (!tip || !(await resolveCommit(worktreeDir, tip))) return null;
  return (await isAncestor(worktreeDir, tip, head)) ? tip : null;
}

export interface RefetchResult {
  /** The remote tip that was merged (the new lease). */
  remoteSha: string;
  headAfter: string;
  conflict: boolean;
  conflictFiles: string[];
  backup?: Backup;
}

/**
 * After a refused lease: fetch the remote's `priorBranch` and merge it into run `runId`'s worktree
 * (a conflict is aborted, leaving the worktree clean). The remote tip becomes the next lease.
 */
export async function fetchAndMerge(worktreeDir: string, runId: string, target: RemoteTarget, priorBranch: string): Promise<RefetchResult> {
  assertSafeRunId(runId);
  const remote = remoteArgument(target);
  assertSafeRefName(priorBranch, 'branch');
  const tips = await lsRemoteHeads(worktreeDir, remote, [priorBranch]);
  const remoteSha = tips.get(priorBranch);
  if (!remoteSha) throw new GitError('remote-branch-missing', `The branch "${priorBranch}" is gone from "${remote}"; there is nothing to merge. Push again (it will be created) or abort.`);
  const pin = `refs/revise/prior/${runId}`;
  await gitOr('fetch-failed', `Could not fetch ${remote}/${priorBranch}`, worktreeDir, ['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', '--end-of-options', remote, `+refs/heads/${priorBranch}:${pin}`], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
  const fetched = (await gitOr('fetch-failed', `Could not read ${pin}`, worktreeDir, ['rev-parse', '--verify', `${pin}^{commit}`])).trim();
  const { outcome } = await updateFromBase({ repoDir: worktreeDir, runId, worktree: worktreeDir, baseSha: fetched, baseLabel: `${remote}/${priorBranch}`, mode: 'merge' });
  return {
    remoteSha: fetched,
    headAfter: outcome.headAfter,
    conflict: outcome.result === 'conflict',
    conflictFiles: outcome.conflictFiles ?? [],
  };
}
