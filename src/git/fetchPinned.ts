/**
 * Fetching the prior attempt and the base into run-scoped refs. The common case (both on the same
 * remote) is one `git fetch`; only when it fails does a `git ls-remote --exit-code` ask why, so an
 * absent branch (`remote-branch-missing`), an unreachable remote (`remote-unreachable`) and a
 * transfer that broke off (`fetch-failed`) stay three different errors, and none falls back to the
 * base. A fork's head, or a fresh start, is probed first as before.
 */
import { GitError } from '../core/errors';
import { firstLine, gitStatus } from './exec';
import { lsRemoteHeads, missingBranchError } from './probe';
import type { Strategy } from '../core/model';

/** Run-scoped refs that pin what was fetched without moving any branch of the user. */
export function priorRef(runId: string): string {
  return `refs/revise/prior/${runId}`;
}
export function baseRef(runId: string): string {
  return `refs/revise/base/${runId}`;
}

/** The names a restore pins by (part of `RestoreOptions`). */
export interface RestoreNames {
  runId: string;
  remote: string;
  priorBranch: string;
  baseBranch: string;
  /** `restore` starts from the prior attempt (and fails if it is gone); `fresh` starts from the base on purpose. */
  strategy: Strategy;
  /** Fetch the prior attempt from this URL instead of `remote` (a fork's head repository). */
  fetchUrl?: string;
}

/** What to pin: the restore's names, its top level and its network timeout. */
export interface PinRequest extends RestoreNames {
  repoDir: string;
  timeoutMs: number;
}

export interface Pinned {
  /** Whether `baseRef(runId)` was fetched; otherwise the local branch of that name is the base. */
  baseOnRemote: boolean;
  /** The prior tip the probe saw (`null` when absent or when no probe was needed). */
  probedPrior: string | null;
}

async function tryFetch(repoDir: string, source: string, refspecs: string[], timeoutMs: number): Promise<{ ok: boolean; why: string }> {
  // --no-write-fetch-head: the user's FETCH_HEAD is part of their checkout and stays as it was.
  const args = ['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', '--end-of-options', source, ...refspecs];
  const result = await gitStatus(repoDir, args, { timeoutMs });
  if (result.exitCode === 0) return { ok: true, why: '' };
  return { ok: false, why: result.timedOut ? 'the remote stopped answering' : firstLine(result.stderr) || `git exited with ${result.exitCode}` };
}

function fetchFailed(source: string, what: string, why: string): GitError {
  return new GitError('fetch-failed', `Could not fetch ${what} from "${source}": ${why}. The connection may have dropped or the remote may be overloaded; try again. Nothing was changed in your checkout.`, { details: { remote: source } });
}

async function fetchInto(repoDir: string, source: string, refspecs: string[], what: string, timeoutMs: number): Promise<void> {
  const fetched = await tryFetch(repoDir, source, refspecs, timeoutMs);
  if (!fetched.ok) throw fetchFailed(source, what, fetched.why);
}

/** Prior and base from one remote: fetch first, ask why only when the fetch failed. */
async function fetchThenClassify(req: PinRequest): Promise<Pinned> {
  const { repoDir, remote, priorBranch, baseBranch, runId, timeoutMs } = req;
  const priorSpec = `+refs/heads/${priorBranch}:${priorRef(runId)}`;
  const both = await tryFetch(repoDir, remote, [priorSpec, `+refs/heads/${baseBranch}:${baseRef(runId)}`], timeoutMs);
  if (both.ok) return { baseOnRemote: true, probedPrior: null };
  // A failed fetch updates no ref. Throws remote-unreachable when the remote cannot be asked.
  const tips = await lsRemoteHeads(repoDir, remote, [...new Set([priorBranch, baseBranch])], { timeoutMs });
  if (!tips.has(priorBranch)) throw missingBranchError(remote, priorBranch);
  if (tips.has(baseBranch)) throw fetchFailed(remote, `"${priorBranch}" and "${baseBranch}"`, both.why);
  // The base is not on the remote: the local branch of that name is the base.
  await fetchInto(repoDir, remote, [priorSpec], `the prior attempt "${priorBranch}"`, timeoutMs);
  return { baseOnRemote: false, probedPrior: null };
}

/** A fork's head or a fresh start: probe first (a fresh start still reports the prior tip for the lease). */
async function probeThenFetch(req: PinRequest): Promise<Pinned> {
  const { repoDir, remote, priorBranch, baseBranch, runId, strategy, timeoutMs } = req;
  const priorSource = req.fetchUrl ?? remote;
  const [priorTips, baseTips] = req.fetchUrl
    ? await Promise.all([lsRemoteHeads(repoDir, priorSource, [priorBranch], { timeoutMs }), lsRemoteHeads(repoDir, remote, [baseBranch], { timeoutMs })])
    : await lsRemoteHeads(repoDir, remote, [...new Set([priorBranch, baseBranch])], { timeoutMs }).then((tips) => [tips, tips] as const);
  const probedPrior = priorTips.get(priorBranch) ?? null;
  if (strategy === 'restore' && !probedPrior) throw missingBranchError(priorSource, priorBranch);
  const baseOnRemote = baseTips.has(baseBranch);
  const priorSpec = `+refs/heads/${priorBranch}:${priorRef(runId)}`;
  const baseSpec = `+refs/heads/${baseBranch}:${baseRef(runId)}`;
  if (req.fetchUrl) {
    if (strategy === 'restore') await fetchInto(repoDir, priorSource, [priorSpec], `the prior attempt "${priorBranch}"`, timeoutMs);
    if (baseOnRemote) await fetchInto(repoDir, remote, [baseSpec], `the base "${baseBranch}"`, timeoutMs);
  } else {
    const specs = [...(strategy === 'restore' ? [priorSpec] : []), ...(baseOnRemote ? [baseSpec] : [])];
    if (specs.length > 0) await fetchInto(repoDir, remote, specs, `"${priorBranch}" and "${baseBranch}"`, timeoutMs);
  }
  return { baseOnRemote, probedPrior };
}

/** Fetch the prior attempt (for `restore`) and the base (when on the remote) into the run's refs. */
export function fetchPinned(req: PinRequest): Promise<Pinned> {
  return req.strategy === 'restore' && req.fetchUrl === undefined ? fetchThenClassify(req) : probeThenFetch(req);
}
