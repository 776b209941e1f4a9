/**
 * Candidate refs of rounds that ran elsewhere (a GitHub Actions runner, docs/actions.md): the runner
 * pushes its round's head to `refs/revise/<run>/round-<k>` — never to the PR branch — and the local
 * run fetches it from there and fast-forwards its worktree to it.
 */
import { GitError } from '../core/errors';
import { gitOr, gitStatus, firstLine } from './exec';
import { DEFAULT_NETWORK_TIMEOUT_MS } from './probe';
import { assertSafeRefName, assertSafeRev, remoteArgument, type RemoteTarget } from './refSafety';
import { isAncestor, resolveCommit } from './repo';

/** Push `sha` to `ref` (a full `refs/revise/…` name) on the remote; replaces an earlier push of the same round. */
export async function pushCandidate(repoDir: string, target: RemoteTarget, sha: string, ref: string): Promise<void> {
  assertSafeRev(sha);
  assertCandidateRef(ref);
  await gitOr('push-failed', `Could not push the round's head to ${ref}`, repoDir, ['push', '--force', '--no-verify', '--end-of-options', remoteArgument(target), `${sha}:${ref}`], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
}

/**
 * Fetch the candidate `ref` into the same local ref; the commit it points at, or null when the
 * remote has no such ref. A transport failure is a `fetch-failed` GitError.
 */
export async function fetchCandidate(repoDir: string, target: RemoteTarget, ref: string): Promise<string | null> {
  assertCandidateRef(ref);
  const remote = remoteArgument(target);
  const listed = await gitStatus(repoDir, ['ls-remote', '--exit-code', '--end-of-options', remote, ref], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
  if (listed.exitCode === 2) return null;
  if (listed.exitCode !== 0) throw new GitError('fetch-failed', `Could not reach the remote "${remote}" to look up ${ref}: ${firstLine(listed.stderr) || `git exited with ${listed.exitCode}`}.`);
  await gitOr('fetch-failed', `Could not fetch ${ref}`, repoDir, ['fetch', '--no-tags', '--end-of-options', remote, `+${ref}:${ref}`], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
  return resolveCommit(repoDir, ref);
}

/**
 * Fast-forward the worktree's checked-out branch to `sha`. False (and nothing changed) when `sha`
 * does not descend from the worktree's head: the candidate was built on another commit.
 */
export async function fastForwardTo(worktree: string, sha: string): Promise<boolean> {
  assertSafeRev(sha);
  const head = await resolveCommit(worktree, 'HEAD');
  if (!head || !(await isAncestor(worktree, head, sha))) return false;
  await gitOr('git-failed', `Could not fast-forward the worktree to ${sha.slice(0, 12)}`, worktree, ['merge', '--ff-only', '--quiet', sha]);
  return true;
}

function assertCandidateRef(ref: string): void {
  if (!ref.startsWith('refs/revise/')) throw new GitError('unsafe-ref', `${ref} is not a candidate ref (refs/revise/…).`);
  assertSafeRefName(ref, 'ref');
}
