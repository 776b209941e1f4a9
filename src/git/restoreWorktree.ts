/**
 * Restore the prior attempt into its own worktree: fetch into run-scoped refs (see fetchPinned for
 * how a failure is told apart), create `revise/<runId>` at the fetched tip, `git worktree add` it,
 * then bring in the base. The user's checkout (HEAD, index, files, stash, FETCH_HEAD) and branches
 * are never touched. Steps that only read run side by side, so a restore waits for few processes
 * more than the fetch and the checkout themselves.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GitError } from '../core/errors';
import type { Backup, BaseUpdate } from '../core/model';
import { updateFromBase, type BaseUpdateOutcome } from './baseUpdate';
import { gitOr } from './exec';
import { baseRef, fetchPinned, priorRef, type Pinned, type RestoreNames } from './fetchPinned';
import type { Identity } from './identity';
import { assertRemoteConfigured, DEFAULT_NETWORK_TIMEOUT_MS } from './probe';
import { assertSafeRefName, assertSafeRunId, assertSafeUrl } from './refSafety';
import { isAncestor, openRepo, resolveCommits } from './repo';
import { rollbackStart } from './leftovers';
import { gitStatus } from './exec';
import { ReviseError } from '../core/errors';

export interface RestoreOptions extends RestoreNames {
  repoDir: string;
  /** The top level of `repoDir`'s repository, when the caller knows it already (saves asking git). */
  topLevel?: string;
  /** Its common git directory, when the caller knows it (a remote set in its config is then known without asking git). */
  commonDir?: string;
  baseUpdate: BaseUpdate;
  /** Folder that holds run worktrees (default: `<repo>.revise` next to the repository). */
  worktreeRoot?: string;
  /** Exact worktree folder (overrides `worktreeRoot`). */
  worktreePath?: string;
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

export { priorRef, baseRef } from './fetchPinned';

function chooseWorktreePath(topLevel: string, options: RestoreOptions): string {
  if (options.worktreePath) return resolve(options.worktreePath);
  return join(resolve(options.worktreeRoot ?? `${topLevel}.revise`), options.runId);
}

/** See the module comment. Names are checked before any git process starts. */
export async function restoreWorktree(options: RestoreOptions): Promise<RestoreResult> {
  const { runId, remote, priorBranch, baseBranch } = options;
  assertSafeRunId(runId);
  assertSafeRefName(remote, 'remote');
  assertSafeRefName(priorBranch, 'branch');
  assertSafeRefName(baseBranch, 'branch');
  if (options.fetchUrl !== undefined) assertSafeUrl(options.fetchUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;

  // The remote check is a local read; it runs beside finding the top level and before any network
  // call, so an unknown remote is reported as such rather than as an unreachable path.
  const [topLevel] = await Promise.all([options.topLevel ?? openRepo(options.repoDir).then((repo) => repo.topLevel), assertRemoteConfigured(options.repoDir, remote, options.commonDir)]);
  const worktree = chooseWorktreePath(topLevel, options);
  if (existsSync(worktree) && readdirSync(worktree).length > 0) {
    throw new GitError('worktree-failed', `The worktree folder ${worktree} already exists and is not empty. Nothing was changed.`, { details: { worktree, field: 'worktree' } });
  }

  try {
    return await restoreInto(options, topLevel, worktree, timeoutMs);
  } catch (error) {
    // Nothing half-made stays behind: the worktree, the run branch and the run's refs go.
    const rollback = await rollbackStart(topLevel, runId).then(
      (removed) => ({ note: removed > 0 ? 'What the start had created (worktree, branch, refs) was removed.' : '', leftovers: false }),
      (cause: unknown) => ({ note: `Some of what it had created could not be removed (${cause instanceof Error ? cause.message : String(cause)}).`, leftovers: true }),
    );
    // `leftovers`: the front ends name how to list and remove what the start left behind.
    const leftovers = rollback.leftovers ? { leftovers: true } : {};
    const lacksHistory = /unrelated histories|shallow/i.test(error instanceof Error ? error.message : String(error));
    const shallow = lacksHistory && (await gitStatus(topLevel, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
    if (shallow) {
      throw new GitError('shallow-clone', `${topLevel} is a shallow clone, and restoring the attempt needs the history it lacks (${error instanceof Error ? error.message : String(error)}). Run \`git fetch --unshallow\` there, then start again. ${rollback.note}`, { cause: error, details: leftovers });
    }
    if (error instanceof ReviseError && rollback.note) throw new GitError(error.code, `${error.message} ${rollback.note}`, { cause: error, details: { ...error.details, ...leftovers } });
    throw error;
  }
}

async function restoreInto(options: RestoreOptions, topLevel: string, worktree: string, timeoutMs: number): Promise<RestoreResult> {
  const { runId, remote, priorBranch, baseBranch, strategy } = options;
  const pinned = await fetchPinned({ repoDir: topLevel, runId, remote, priorBranch, baseBranch, strategy, ...(options.fetchUrl === undefined ? {} : { fetchUrl: options.fetchUrl }), timeoutMs });
  const localBranch = `revise/${runId}`;
  mkdirSync(dirname(worktree), { recursive: true });
  const { restoredSha, priorSha, baseSha, baseContained } =
    strategy === 'restore' && pinned.baseOnRemote ? await checkOutPinned(options, topLevel, worktree, localBranch) : await checkOutResolved(options, topLevel, worktree, localBranch, pinned);

  const { outcome, backups } =
    strategy === 'restore'
      ? await updateFromBase({ repoDir: topLevel, runId, worktree, baseSha, baseLabel: baseBranch, mode: options.baseUpdate, tip: restoredSha, ...(baseContained === undefined ? {} : { baseContained }), ...(options.identity ? { identity: options.identity } : {}) })
      : { outcome: { result: 'up-to-date' as const, headAfter: restoredSha }, backups: [] };

  return { worktree, localBranch, restoredSha, priorSha, baseSha, baseUpdate: outcome, backups };
}

interface CheckedOut {
  restoredSha: string;
  priorSha: string | null;
  baseSha: string;
  /** Whether the base is already in the attempt (asked only when the base is to be brought in). */
  baseContained?: boolean;
}

/**
 * Like `Promise.all`, but settles only when every process has ended, so a failure of one read never
 * starts the rollback while `git worktree add` is still writing the worktree it would remove.
 */
async function allEnded<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function addWorktree(topLevel: string, worktree: string, localBranch: string, start: string): Promise<string> {
  return gitOr('worktree-failed', `Could not create the worktree ${worktree} on ${localBranch}`, topLevel, ['worktree', 'add', '--quiet', '--no-track', '-b', localBranch, '--end-of-options', worktree, start]);
}

/**
 * The usual restore: one fetch pinned both the prior tip and the base in the run's refs, so the
 * worktree can start from the prior ref at once; which commits the refs name, and whether the base
 * is already in the attempt, are reads of the object store asked beside the checkout, so they cost
 * no extra wait. A ref that names no commit fails the start (and the caller rolls back).
 */
async function checkOutPinned(options: RestoreOptions, topLevel: string, worktree: string, localBranch: string): Promise<CheckedOut> {
  const { runId, priorBranch, remote } = options;
  const prior = priorRef(runId);
  const base = baseRef(runId);
  const [, [baseSha, priorSha], baseContained] = await allEnded<[string, (string | null)[], boolean | undefined]>([
    addWorktree(topLevel, worktree, localBranch, prior),
    resolveCommits(topLevel, [base, prior]),
    options.baseUpdate === 'none' ? Promise.resolve(undefined) : isAncestor(topLevel, base, prior),
  ]);
  if (!baseSha || !priorSha) throw new GitError('fetch-failed', `The fetch of "${priorBranch}" and "${options.baseBranch}" from "${options.fetchUrl ?? remote}" reported success but did not pin both as commits.`);
  return { restoredSha: priorSha, priorSha, baseSha, ...(baseContained === undefined ? {} : { baseContained }) };
}

/** A fresh start, a fork's head or a base that is only local: resolve first, then check out the commit. */
async function checkOutResolved(options: RestoreOptions, topLevel: string, worktree: string, localBranch: string, pinned: Pinned): Promise<CheckedOut> {
  const { runId, remote, priorBranch, baseBranch, strategy } = options;
  const [baseSha, restoredPrior] = await resolveCommits(topLevel, [pinned.baseOnRemote ? baseRef(runId) : `refs/heads/${baseBranch}`, ...(strategy === 'restore' ? [priorRef(runId)] : [])]);
  if (!baseSha) {
    throw new GitError('remote-branch-missing', `The base branch "${baseBranch}" exists neither on the remote "${remote}" nor locally. Nothing was changed.`, { details: { remote, branch: baseBranch, field: 'baseBranch' } });
  }
  if (strategy === 'restore' && !restoredPrior) throw new GitError('fetch-failed', `The fetch of "${priorBranch}" from "${options.fetchUrl ?? remote}" reported success but pinned nothing.`);
  const startSha = restoredPrior ?? baseSha;
  // Whether the base is already in the attempt is a read of the object store: asked beside the checkout, it costs no extra wait.
  const checkBase = strategy === 'restore' && options.baseUpdate !== 'none';
  const [, baseContained] = await allEnded<[string, boolean | undefined]>([addWorktree(topLevel, worktree, localBranch, startSha), checkBase ? isAncestor(topLevel, baseSha, startSha) : Promise.resolve(undefined)]);
  return { restoredSha: startSha, priorSha: restoredPrior ?? pinned.probedPrior, baseSha, ...(baseContained === undefined ? {} : { baseContained }) };
}
