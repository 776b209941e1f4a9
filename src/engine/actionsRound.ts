/**
 * A run's queued round on GitHub Actions, from the editor or the CLI (docs/actions.md): dispatch the
 * Revise workflow for it, follow the workflow run (conditional requests with the run's ETag, and a
 * back-off while nothing changes), and when it finished import the round from its artifact and
 * candidate ref. What was dispatched is kept in `actions.json` in the run folder; the run itself is
 * only written by the import, so a cancelled workflow, a lost runner or a missing artifact or ref
 * leaves the round queued — to dispatch again or run here — with an error that says so.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DecisionError, GitHubError, ReviseError } from '../core/errors';
import { remoteArtifactName } from '../core/remoteRound';
import type { Run } from '../core/model';
import { probeRemoteBranch, resolveCommit } from '../git';
import { createGitHubClient, dispatchWorkflow, downloadArtifact, findArtifact, followWorkflowRun, jobLogTail, recentDispatchedRuns, type FollowOptions, type GitHubClient, type WorkflowJobState, type WorkflowRunState } from '../github';

export type { FollowOptions, FollowProgress } from '../github';
import type { EngineContext } from './engineContext';
import { repoOfRemote, type GitHubAccess } from './github';
import { importRemoteRound } from './remoteRound';
import { unzipArtifact } from './unzipArtifact';

/** The workflow file `revise actions init` writes. */
export const DEFAULT_WORKFLOW = 'revise-round.yml';
const STATE_FILE = 'actions.json';

/** What was dispatched for a run, kept in its folder. */
export interface DispatchedRound {
  workflowRunId: number;
  round: number;
  workflow: string;
  htmlUrl: string;
  dispatchedAt: string;
  /** Set once followed to the end: `imported`, or the code of the failure. */
  outcome?: string;
}

export interface DispatchOptions {
  workflow?: string | undefined;
  /** The branch whose workflow file runs (default: the run's base branch). */
  ref?: string | undefined;
  agent?: string | undefined;
}

function clientFor(access: GitHubAccess): GitHubClient {
  return createGitHubClient({
    token: access.token,
    ...(access.apiUrl ? { baseUrl: access.apiUrl } : {}),
    ...(access.fastRetries ? { throttle: { retryAfterBaseMs: 1, retryBaseMs: 1, writeSpacingMs: 0 } } : {}),
    // A 304 to a conditional read is the expected answer while a workflow run is unchanged, not a warning.
    warn: (message) => {
      if (!/ - 304 /.test(message)) console.warn(message);
    },
  });
}

/** The run's GitHub repository as the Actions calls take it (owner and name only: every field becomes a parameter). */
async function actionsRepo(ctx: EngineContext, remote: string, access: GitHubAccess): Promise<{ owner: string; repo: string }> {
  const { owner, repo } = await repoOfRemote(ctx, remote, access);
  return { owner, repo };
}

/** What was dispatched for the run, if anything. */
export async function dispatchedRound(ctx: EngineContext, runId: string): Promise<DispatchedRound | undefined> {
  const text = await readFile(join(ctx.store.runDir(runId), STATE_FILE), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as DispatchedRound) : undefined;
}

async function saveDispatched(ctx: EngineContext, runId: string, state: DispatchedRound): Promise<void> {
  const file = join(ctx.store.runDir(runId), STATE_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(state, null, 2) + '\n');
  await rename(`${file}.tmp`, file);
}

/**
 * Dispatch the Revise workflow for the run's queued round. The runner restores the PR branch, so
 * the run's head must be what the remote has (`actions-unpushed-head` otherwise).
 */
export async function dispatchRemoteRound(ctx: EngineContext, runId: string, access: GitHubAccess, options: DispatchOptions = {}): Promise<DispatchedRound> {
  const run = await ctx.read(runId);
  if (!run.pr) throw new DecisionError('actions-needs-pr', `Run ${runId} was not started from a pull request; a round on GitHub Actions runs for a pull request. Run it here instead.`);
  const queued = run.rounds.find((r) => r.status === 'queued');
  if (!queued) throw new DecisionError('no-queued-round', `Run ${runId} has no queued round to dispatch. Decide \`request-changes\` first.`);
  const head = await resolveCommit(run.worktree, 'HEAD');
  const remoteTip = (await probeRemoteBranch(ctx.topLevel, run.remote, run.priorBranch)).sha;
  if (head !== remoteTip) {
    throw new DecisionError('actions-unpushed-head', `Run ${runId} is at ${head?.slice(0, 12) ?? 'no commit'}, but ${run.priorBranch} on ${run.remote} is at ${remoteTip.slice(0, 12)}; the runner would start from the remote's. Nothing was dispatched.`);
  }
  const repo = await actionsRepo(ctx, run.remote, access);
  const client = clientFor(access);
  const workflow = options.workflow ?? DEFAULT_WORKFLOW;
  const dispatchedAt = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const earlier = await dispatchedRound(ctx, runId);
  // The previous round ran on a runner: the next runner resumes its session from that run's artifact.
  const previous: Record<string, string> = earlier?.outcome === 'imported' && earlier.round === queued.index - 1 ? { previous_run_id: String(earlier.workflowRunId) } : {};
  const inputs: Record<string, string> = { pr: String(run.pr.number), run: runId, round: String(queued.index), agent: options.agent ?? 'claude', ...(queued.feedback ? { feedback: queued.feedback } : {}), ...previous };
  const details = await dispatchWorkflow(client, repo, workflow, options.ref ?? run.baseBranch, inputs);
  const found = details ?? (await findDispatched(client, repo, workflow, runId, queued.index, earlier?.workflowRunId));
  const state: DispatchedRound = { workflowRunId: found.runId, round: queued.index, workflow, htmlUrl: found.htmlUrl, dispatchedAt };
  await saveDispatched(ctx, runId, state);
  return state;
}

/**
 * The run a dispatch without run details started: the newest one titled for this round (the
 * workflow's `run-name`) other than the one an earlier dispatch of the round started.
 */
async function findDispatched(client: GitHubClient, repo: { owner: string; repo: string }, workflow: string, runId: string, round: number, earlier: number | undefined): Promise<{ runId: number; htmlUrl: string }> {
  const title = `Revise ${runId} round ${round}`;
  const match = (await recentDispatchedRuns(client, repo, workflow)).find((r) => r.displayTitle === title && r.id !== earlier);
  if (!match) throw new GitHubError('github-not-found', `The workflow ${workflow} was dispatched, but no run titled "${title}" is listed yet; it may still appear, or the workflow's run-name may not give its runs that title.`, { details: { workflow, title, situation: 'workflow-run-not-listed' } });
  return { runId: match.id, htmlUrl: match.htmlUrl };
}

/**
 * Follow the dispatched workflow run until it completes, then import its round. Requests per poll:
 * one conditional read of the run (free when unchanged), plus the jobs when it changed.
 */
export async function followRemoteRound(ctx: EngineContext, runId: string, access: GitHubAccess, options: FollowOptions = {}): Promise<Run> {
  const state = await dispatchedRound(ctx, runId);
  if (!state) throw new DecisionError('actions-not-dispatched', `Run ${runId} has no round dispatched to GitHub Actions.`);
  const run = await ctx.read(runId);
  const repo = await actionsRepo(ctx, run.remote, access);
  const client = clientFor(access);
  const { run: current, jobs } = await followWorkflowRun(client, repo, state.workflowRunId, options);
  const logTail = jobs[0] ? await jobLogTail(client, repo, jobs[0].id).catch(() => []) : [];
  options.onProgress?.({ status: current.status, conclusion: current.conclusion, job: jobs[0]?.name, step: jobs[0]?.step, url: current.htmlUrl, logTail });
  try {
    return await importFinished(ctx, runId, client, repo, state, current, jobs, logTail);
  } catch (error) {
    await saveDispatched(ctx, runId, { ...state, outcome: error instanceof ReviseError ? error.code : 'internal-error' });
    throw error;
  }
}

async function importFinished(ctx: EngineContext, runId: string, client: GitHubClient, repo: { owner: string; repo: string }, state: DispatchedRound, finished: WorkflowRunState, jobs: WorkflowJobState[], logTail: string[]): Promise<Run> {
  const where = `workflow run ${finished.id} (${finished.htmlUrl})`;
  const tail = logTail.length > 0 ? `\nLast lines of its log:\n${logTail.slice(-5).join('\n')}` : '';
  const still = `Round ${state.round} of run ${runId} is still queued and nothing was changed.`;
  if (finished.conclusion === 'cancelled') throw new GitHubError('actions-run-cancelled', `The ${where} was cancelled. ${still}`);
  const artifact = await findArtifact(client, repo, finished.id, remoteArtifactName(runId, state.round));
  if (!artifact) {
    const unfinished = jobs.flatMap((j) => j.unfinishedSteps);
    if (finished.conclusion !== 'success' && unfinished.length > 0) throw new GitHubError('actions-runner-lost', `The runner of ${where} stopped answering during "${unfinished[0]}" (conclusion ${finished.conclusion ?? 'none'}); no round was uploaded. ${still}${tail}`);
    if (finished.conclusion !== 'success') throw new GitHubError('actions-run-failed', `The ${where} ended with ${finished.conclusion ?? 'no conclusion'} before uploading the round. ${still}${tail}`);
    throw new GitHubError('actions-artifact-missing', `The ${where} succeeded but uploaded no artifact ${remoteArtifactName(runId, state.round)} (expired, or the upload step was removed). ${still}`);
  }
  const dir = join(ctx.store.runDir(runId), 'actions', `round-${state.round}`);
  await rm(dir, { recursive: true, force: true });
  await unzipArtifact(await downloadArtifact(client, repo, artifact.id), dir);
  const run = await importRemoteRound(ctx, runId, dir);
  await saveDispatched(ctx, runId, { ...state, outcome: 'imported' });
  return run;
}
