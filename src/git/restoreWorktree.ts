/**
 * Restore the prior attempt into its own worktree: probe, fetch into run-scoped refs, create
 * `revise/<runId>` at the fetched tip, `git worktree add` it, then bring in the base. The user's
 * checkout (HEAD, index, files, stash, FETCH_HEAD) and branches are never touched.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GitError } from '../core/errors';
import type { Backup, BaseUpdate, Strategy } from '../core/model';
import { updateFromBase, type BaseUpdateOutcome } from './baseUpdate';
import { gitOr, gitStatus, firstLine } from './exec';
import type { Identity } from './identity';
import { assertRemoteConfigured, DEFAULT_NETWORK_TIMEOUT_MS, lsRemoteHeads, missingBranchError } from './probe';
import { assertSafeRefName, assertSafeRunId, assertSafeUrl } from './refSafety';
import { openRepo, resolveCommit } from './repo';

export interface RestoreOptions {
  repoDir: string;
  runId: string;
  remote: string;
  priorBranch: string;
  baseBranch: string;
  /** `restore` starts from the prior attempt (and fails if it is gone); `fresh` starts from the base on purpose. */
  strategy: Strategy;
  baseUpdate: BaseUpdate;
  /** Folder that holds run worktrees (default: `<repo>.revise` next to the repository). */
  worktreeRoot?: string;
  /** Exact worktree folder (overrides `worktreeRoot`). */
  worktreePath?: string;
  /** Fetch the prior attempt from this URL instead of `remote` (a fork's head repository). */
  fetchUrl?: string;
  identity?: Identity;
  timeoutMs?: number;
}

export interface RestoreResult {
  worktree: string;
  localBranch: string;
  /** The commit the worktree started from: the prior tip (`restore`) or the base (`fresh`). */
  restoredSha: string;
  /** The prior branch's tip on the remote when we looked, or `null` when it does not exist there. */
  priorSha: string | null;
  baseSha: string;
  baseUpdate: BaseUpdateOutcome;
  backups: Backup[];
}

/** Run-scoped refs that pin what was fetched without moving any branch of the user. */
export function priorRef(runId: string): string {
  return `refs/revise/prior/${runId}`;
}
export function baseRef(runId: string): string {
  return `refs/revise/base/${runId}`;
}

async function fetchInto(repoDir: string, source: string, refspecs: string[], what: string, timeoutMs: number): Promise<void> {
  // --no-write-fetch-head: the user's FETCH_HEAD is part of their checkout and stays as it was.
  const args = ['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', '--end-of-options', source, ...refspecs];
  const result = await gitStatus(repoDir, args, { timeoutMs });
  if (result.exitCode === 0) return;
  const why = result.timedOut ? 'the remote stopped answering' : firstLine(result.stderr) || `git exited with ${result.exitCode}`;
  throw new GitError('fetch-failed', `Could not fetch ${what} from "${source}": ${why}. The connection may have dropped or the remote may be overloaded; try again. Nothing was changed in your checkout.`, { details: { remote: source } });
}

function chooseWorktreePath(topLevel: string, options: RestoreOptions): string {
  if (options.worktreePath) return resolve(options.worktreePath);
  return join(resolve(options.worktreeRoot ?? `${topLevel}.revise`), options.runId);
}

/** See the module comment. Names are checked before any git process starts. */
export async function restoreWorktree(options: RestoreOptions): Promise<RestoreResult> {
  const { runId, remote, priorBranch, baseBranch, strategy } = options;
  assertSafeRunId(runId);
  assertSafeRefName(remote, 'remote');
  assertSafeRefName(priorBranch, 'branch');
  assertSafeRefName(baseBranch, 'branch');
  if (options.fetchUrl !== undefined) assertSafeUrl(options.fetchUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;

  const { topLevel } = await openRepo(options.repoDir);
  const worktree = chooseWorktreePath(topLevel, options);
  if (existsSync(worktree) && readdirSync(worktree).length > 0) {
    throw new GitError('worktree-failed', `The worktree folder ${worktree} already exists and is not empty. Remove it or pass another --worktree. Nothing was changed.`);
  }

  // Probe: one ls-remote for both branches unless the attempt lives in another repository (a fork).
  const priorSource = options.fetchUrl ?? remote;
  // The remote check runs beside the probe (it is only a local read); its verdict wins, so an
  // unknown remote is reported as such rather than as an unreachable path.
  const probe = options.fetchUrl
    ? Promise.all([lsRemoteHeads(topLevel, priorSource, [priorBranch], { timeoutMs }), lsRemoteHeads(topLevel, remote, [baseBranch], { timeoutMs })])
    : lsRemoteHeads(topLevel, remote, [...new Set([priorBranch, baseBranch])], { timeoutMs }).then((tips) => [tips, tips] as const);
  const [, probed] = await Promise.all([assertRemoteConfigured(topLevel, remote), probe.then((tips) => ({ tips }), (error: unknown) => ({ error }))]);
  if ('error' in probed) throw probed.error;
  const [priorTips, baseTips] = probed.tips;
  const probedPrior = priorTips.get(priorBranch) ?? null;
  if (strategy === 'restore' && !probedPrior) throw missingBranchError(priorSource, priorBranch);

  // Fetch into run-scoped refs.
  const baseOnRemote = baseTips.has(baseBranch);
  const priorSpec = `+refs/heads/${priorBranch}:${priorRef(runId)}`;
  const baseSpec = `+refs/heads/${baseBranch}:${baseRef(runId)}`;
  if (options.fetchUrl) {
    if (strategy === 'restore') await fetchInto(topLevel, priorSource, [priorSpec], `the prior attempt "${priorBranch}"`, timeoutMs);
    if (baseOnRemote) await fetchInto(topLevel, remote, [baseSpec], `the base "${baseBranch}"`, timeoutMs);
  } else {
    const specs = [...(strategy === 'restore' ? [priorSpec] : []), ...(baseOnRemote ? [baseSpec] : [])];
    if (specs.length > 0) await fetchInto(topLevel, remote, specs, `"${priorBranch}" and "${baseBranch}"`, timeoutMs);
  }
  const [baseSha, restoredPrior] = await Promise.all([
    resolveCommit(topLevel, baseOnRemote ? baseRef(runId) : `refs/heads/${baseBranch}`),
    strategy === 'restore' ? resolveCommit(topLevel, priorRef(runId)) : Promise.resolve(null),
  ]);
  if (!baseSha) {
    throw new GitError('remote-branch-missing', `The base branch "${baseBranch}" exists neither on the remote "${remote}" nor locally. Pass the right --base. Nothing was changed.`, { details: { remote, branch: baseBranch } });
  }
  if (strategy === 'restore' && !restoredPrior) throw new GitError('fetch-failed', `The fetch of "${priorBranch}" from "${priorSource}" reported success but pinned nothing.`);
  const startSha = restoredPrior ?? baseSha;

  // The run-local branch and its worktree, in one git command.
  const localBranch = `revise/${runId}`;
  mkdirSync(dirname(worktree), { recursive: true });
  await gitOr('worktree-failed', `Could not create the worktree ${worktree} on ${localBranch}`, topLevel, ['worktree', 'add', '--quiet', '--no-track', '-b', localBranch, '--end-of-options', worktree, startSha]);

  const { outcome, backups } =
    strategy === 'restore'
      ? await updateFromBase({ repoDir: topLevel, runId, worktree, baseSha, baseLabel: baseBranch, mode: options.baseUpdate, tip: startSha, ...(options.identity ? { identity: options.identity } : {}) })
      : { outcome: { result: 'up-to-date' as const, headAfter: startSha }, backups: [] };

  return {
    worktree,
    localBranch,
    restoredSha: startSha,
    priorSha: strategy === 'restore' ? restoredPrior : probedPrior,
    baseSha,
    baseUpdate: outcome,
    backups,
  };
}
