/**
 * Pushing a run back to its prior branch, always with `--force-with-lease` pinned to the SHA the run
 * expects on the remote (the restored SHA, then our own pushes). A refused lease raises
 * *refetch-and-update / abort* instead of overwriting a teammate's push.
 */
import { raiseDecision, reofferPush, withinCap } from '../core/decisions';
import { DecisionError, GitError, toReviseError } from '../core/errors';
import type { PushRecord, Run } from '../core/model';
import { isSettled, lastRound } from '../core/runFacts';
import { urlWithoutCredentials } from '../core/safeUrl';
import { fetchAndMerge, pushWithLease, remoteUrl, type PushResult, type RemoteTarget } from '../git';
import { parseGitHubRemote } from '../github';
import type { EngineContext } from './engineContext';

/** The run's remote, or the fork it was started from. */
function pushTarget(run: Run): RemoteTarget {
  return run.pushUrl ? { url: run.pushUrl } : run.remote;
}

/**
 * Where a push went, as the run records it: the URL without credentials (absent when git cannot
 * say) and, for a GitHub repository (github.com, or the host of the run's pull request), the
 * pushed commit's page.
 */
async function pushRecord(ctx: EngineContext, run: Run, result: PushResult): Promise<PushRecord> {
  const url = run.pushUrl ?? (await remoteUrl(run.worktree, run.remote).catch(() => undefined));
  const prHost = run.pr && URL.canParse(run.pr.url) ? new URL(run.pr.url).host : undefined;
  const repo = url ? parseGitHubRemote(url, prHost ? { enterpriseHosts: [prHost] } : {}) : undefined;
  return {
    remote: run.pushUrl ? 'fork' : run.remote,
    ...(url ? { url: urlWithoutCredentials(url) } : {}),
    branch: run.priorBranch,
    sha: result.pushedSha,
    forced: result.forced,
    ...(repo ? { commitUrl: `https://${repo.host}/${repo.owner}/${repo.repo}/commit/${result.pushedSha}` } : {}),
    at: ctx.now(),
  };
}

/** Push the worktree's head; records the push, the new lease and any backup. Throws `lease-refused` after raising its decision. */
export async function pushRun(ctx: EngineContext, run: Run): Promise<Run> {
  if (run.pushBlockedReason) throw new DecisionError('push-not-allowed', run.pushBlockedReason);
  if (run.pendingDecision?.kind === 'history-rewritten') throw new DecisionError('push-not-allowed', `Round ${run.pendingDecision.round} rewrote the run's history; decide (keep the rewrite, restore the previous head, or abort) before pushing.`);
  try {
    const result = await pushWithLease(run.worktree, run.id, pushTarget(run), run.priorBranch, run.leaseSha, run.localBranch);
    const pushed = await pushRecord(ctx, run, result);
    return await ctx.update(run.id, (r) => {
      r.leaseSha = result.pushedSha;
      r.pushed = pushed;
      if (result.backup) r.backups.push(result.backup);
    });
  } catch (error) {
    if (error instanceof GitError && error.code === 'lease-refused') {
      await ctx.update(run.id, (r) => {
        if (!isSettled(r)) raiseDecision(r, 'lease-refused', { id: ctx.newId(), now: ctx.now() }, error.message);
      });
    }
    throw error;
  }
}

/**
 * Approve and refetch-and-update set the run `pushing` before they touch the network. When that
 * fails for another reason than a refused lease (which raises its own decision) — the remote went
 * away, push rights, a merge error — the decision they came from is offered again with the error
 * as its reason, so the run is never left `pushing` with nothing to decide.
 */
async function reofferOnFailure(ctx: EngineContext, runId: string, work: () => Promise<Run>): Promise<Run> {
  try {
    return await work();
  } catch (error) {
    await ctx
      .update(runId, (r) => reofferPush(r, { id: ctx.newId(), now: ctx.now() }, toReviseError(error).message))
      .catch(() => undefined);
    throw error;
  }
}

/** Approve: push (unless blocked or not wanted), then mark the run approved. */
export async function approveRun(ctx: EngineContext, run: Run, push: boolean): Promise<Run> {
  return reofferOnFailure(ctx, run.id, async () => {
    let current = run;
    if (push && !run.pushBlockedReason) current = await pushRun(ctx, run);
    return ctx.update(current.id, (r) => {
      r.status = 'approved';
      delete r.pushOwner;
    });
  });
}

/** After a refused lease: fetch the remote tip, merge it into the worktree, and ask again. */
export async function refetchAndUpdate(ctx: EngineContext, run: Run): Promise<Run> {
  return reofferOnFailure(ctx, run.id, () => refetchAndMerge(ctx, run));
}

async function refetchAndMerge(ctx: EngineContext, run: Run): Promise<Run> {
  const merged = await fetchAndMerge(run.worktree, run.id, pushTarget(run), run.priorBranch);
  return ctx.update(run.id, (r) => {
    r.leaseSha = merged.remoteSha;
    const round = lastRound(r);
    if (round) round.headAfter = merged.headAfter;
    if (merged.backup) r.backups.push(merged.backup);
    raiseDecision(r, merged.conflict ? 'base-conflict' : withinCap(r) ? 'round-review' : 'round-cap', { id: ctx.newId(), now: ctx.now() }, merged.conflict ? `Merging the remote's ${r.priorBranch} conflicts; the worktree was left clean.` : `Merged the remote's ${r.priorBranch} (${merged.remoteSha.slice(0, 12)}); review and approve again.`);
  });
}
