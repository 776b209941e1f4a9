/**
 * Start a run: validate names, restore the prior attempt into its own worktree, record round 0 and
 * raise the first decision. Nothing is written until the restore succeeded, so a refused start
 * leaves no half-made run behind.
 */
import { nextDecisionKind, raiseDecision } from '../core/decisions';
import { InputError } from '../core/errors';
import { RUN_SCHEMA_VERSION, type IssueRef, type PullRequestRef, type Run } from '../core/model';
import { assertSafeRefName, currentBranch, restoreWorktree, rollbackStart } from '../git';
import { DEFAULT_MAX_ROUNDS, type StartOptions } from './config';
import type { EngineContext } from './engineContext';

/** Extra facts about the start that come from GitHub (PR head/base, fork, linked issue). */
export interface StartFacts {
  pr?: PullRequestRef;
  issue?: IssueRef;
  /** Fetch the prior attempt from this URL instead of the remote (a fork's head). */
  fetchUrl?: string;
  /** Push back to this URL (a fork that allows maintainer edits). */
  pushUrl?: string;
  pushBlockedReason?: string;
}

/** A readable, unique run id: the branch's last segment plus random hex. */
export function makeRunId(priorBranch: string, random: string): string {
  const slug = (priorBranch.split('/').pop() ?? 'run')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return `${slug.length >= 2 ? slug : 'run'}-${random}`;
}

export async function startRun(ctx: EngineContext, options: StartOptions, facts: StartFacts = {}): Promise<Run> {
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  if (!Number.isInteger(maxRounds) || maxRounds < 0) {
    throw new InputError('bad-input', `maxRounds must be a whole number ≥ 0 (got ${String(options.maxRounds)}).`, { details: { field: 'maxRounds' } });
  }
  const remote = options.remote ?? 'origin';
  const baseBranch = options.baseBranch ?? 'main';
  const priorBranch = options.priorBranch ?? (await currentBranch(ctx.topLevel));
  // An explicitly empty name is refused below as unsafe, not mistaken for "no branch given".
  if (priorBranch === null) {
    throw new InputError('bad-input', 'No prior branch was given and the current checkout is on a detached HEAD, so there is no branch to revise.', { details: { field: 'priorBranch', situation: 'detached-head' } });
  }
  assertSafeRefName(remote, 'remote');
  assertSafeRefName(priorBranch, 'branch');
  assertSafeRefName(baseBranch, 'branch');

  const id = makeRunId(priorBranch, ctx.newId());
  const strategy = options.strategy ?? 'restore';
  const baseUpdate = options.baseUpdate ?? 'merge';
  const restored = await restoreWorktree({
    repoDir: ctx.topLevel,
    topLevel: ctx.topLevel,
    commonDir: ctx.commonDir,
    runId: id,
    remote,
    priorBranch,
    baseBranch,
    strategy,
    baseUpdate,
    ...(options.worktreeRoot ? { worktreeRoot: options.worktreeRoot } : {}),
    ...(options.worktree ? { worktreePath: options.worktree } : {}),
    ...(facts.fetchUrl ? { fetchUrl: facts.fetchUrl } : {}),
  });

  const now = ctx.now();
  const run: Run = {
    version: RUN_SCHEMA_VERSION,
    id,
    title: options.title ?? facts.pr?.title ?? priorBranch,
    status: 'awaiting-decision',
    repo: ctx.topLevel,
    remote,
    priorBranch,
    baseBranch,
    localBranch: restored.localBranch,
    strategy,
    baseUpdate,
    worktree: restored.worktree,
    restoredSha: restored.restoredSha,
    leaseSha: restored.priorSha,
    maxRounds,
    extraRounds: 0,
    rounds: [
      {
        index: 0,
        kind: 'import',
        status: 'imported',
        headBefore: null,
        headAfter: restored.baseUpdate.headAfter,
        exitCode: null,
        logPath: null,
        promptPath: null,
        startedAt: now,
        endedAt: now,
      },
    ],
    findings: [],
    pendingDecision: null,
    history: [],
    backups: restored.backups,
    posted: {},
    createdAt: now,
    updatedAt: now,
    ...(facts.pr ? { pr: facts.pr } : {}),
    ...(facts.issue ?? options.issue ? { issue: facts.issue ?? options.issue } : {}),
    ...(facts.pushBlockedReason ? { pushBlockedReason: facts.pushBlockedReason } : {}),
    ...(facts.pushUrl ? { pushUrl: facts.pushUrl } : {}),
  };
  if (restored.baseUpdate.result === 'conflict') {
    const files = restored.baseUpdate.conflictFiles?.join(', ') ?? 'unknown files';
    raiseDecision(run, 'base-conflict', { id: ctx.newId(), now }, `Bringing ${baseBranch} into the attempt conflicts in ${files}; the worktree was left clean at the prior tip.`);
  } else {
    raiseDecision(run, nextDecisionKind(run), { id: ctx.newId(), now });
  }
  const created = await ctx.store.create(run).catch(async (error: unknown) => {
    // No run file, no run: the worktree, branch and refs of this start go too (or `revise leftovers` lists them).
    await rollbackStart(ctx.topLevel, id).catch(() => undefined);
    throw error;
  });
  ctx.announce(created);
  return created;
}
