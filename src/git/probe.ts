/**
 * Probe a remote before fetching: `git ls-remote --exit-code` tells an absent branch (exit 2) from
 * a remote that could not be reached (transport, DNS, auth, timeout). Both stop the run; neither
 * falls back to the base branch.
 */
import { GitError } from '../core/errors';
import { gitStatus, firstLine } from './exec';
import { assertSafeRefName } from './refSafety';
import { remoteInRepoConfig } from './remoteConfig';

/** Default inactivity limit of network commands: long enough for a slow server, short enough never to hang. */
export const DEFAULT_NETWORK_TIMEOUT_MS = 30_000;

export interface ProbeOptions {
  timeoutMs?: number;
}

/**
 * Throw `remote-not-found` unless `remote` is a configured remote of the repository. With the
 * repository's common directory, a remote its own config file sets is recognised without asking git.
 */
export async function assertRemoteConfigured(repoDir: string, remote: string, commonDir?: string): Promise<void> {
  assertSafeRefName(remote, 'remote');
  if (commonDir !== undefined && remoteInRepoConfig(commonDir, remote)) return;
  const result = await gitStatus(repoDir, ['remote']);
  if (result.exitCode !== 0) throw new GitError('git-failed', `Could not list the remotes of ${repoDir}: ${firstLine(result.stderr)}`);
  const names = result.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (!names.includes(remote)) {
    const known = names.length > 0 ? `configured remotes: ${names.join(', ')}` : 'no remote is configured';
    throw new GitError('remote-not-found', `There is no remote named "${remote}" in ${repoDir} (${known}).`, { details: { remote, remotes: names, field: 'remote' } });
  }
}

/**
 * The tips of `branches` on `source` (a configured remote name or a URL that the caller vetted),
 * keyed by branch; an absent branch is missing from the map. Throws `remote-unreachable`.
 */
export async function lsRemoteHeads(repoDir: string, source: string, branches: readonly string[], options: ProbeOptions = {}): Promise<Map<string, string>> {
  const refs = branches.map((b) => `refs/heads/${b}`);
  const result = await gitStatus(repoDir, ['ls-remote', '--exit-code', '--end-of-options', source, ...refs], { timeoutMs: options.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS });
  const tips = new Map<string, string>();
  if (result.exitCode === 2) return tips;
  if (result.exitCode !== 0) {
    const why = result.timedOut ? 'it did not answer in time' : firstLine(result.stderr) || `git exited with ${result.exitCode}`;
    throw new GitError(
      'remote-unreachable',
      `Could not reach the remote "${source}" to look up ${branches.join(', ')}: ${why}. Likely causes: no network, a wrong URL, or missing credentials. Refusing to start without the prior attempt; nothing was changed.`,
      { details: { remote: source, branches } },
    );
  }
  for (const line of result.stdout.split('\n')) {
    const [sha, ref] = line.trim().split('\t');
    if (sha && ref?.startsWith('refs/heads/')) tips.set(ref.slice('refs/heads/'.length), sha);
  }
  return tips;
}

/** The message for a prior branch that is not on the remote. */
export function missingBranchError(remote: string, branch: string): GitError {
  return new GitError(
    'remote-branch-missing',
    `The branch "${branch}" does not exist on the remote "${remote}". It may have been deleted or pruned after a merge, never pushed, or be on another remote. Refusing to start from the base branch: that would discard the prior attempt.`,
    { details: { remote, branch, field: 'priorBranch' } },
  );
}

/**
 * The tip of `branch` on `remote`: `remote-branch-missing` when it is absent, `remote-unreachable`
 * when the remote could not be asked, `remote-not-found` when no such remote is configured.
 */
export async function probeRemoteBranch(repoDir: string, remote: string, branch: string, options: ProbeOptions = {}): Promise<{ sha: string }> {
  assertSafeRefName(remote, 'remote');
  assertSafeRefName(branch, 'branch');
  await assertRemoteConfigured(repoDir, remote);
  const sha = (await lsRemoteHeads(repoDir, remote, [branch], options)).get(branch);
  if (!sha) throw missingBranchError(remote, branch);
  return { sha };
}
