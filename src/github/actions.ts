/**
 * GitHub Actions over REST, for rounds that run on runners (docs/actions.md): dispatch the Revise
 * workflow, read a workflow run (conditionally, with its ETag, so an unchanged run costs no rate
 * limit), its jobs and a job's log, find and download the round's artifact; on the runner, the
 * collaborator permission of whoever asked for a round.
 */
import { GitHubError, ReviseError } from '../core/errors';
import { callGitHub, type GitHubClient } from './client';
import { mapGitHubError } from './githubErrors';

export interface RepoCoordinates {
  owner: string;
  repo: string;
}

/** A workflow run as Revise follows it. */
export interface WorkflowRunState {
  id: number;
  /** `queued`, `in_progress`, `completed`, `waiting`, `requested`, `pending`. */
  status: string;
  /** Set once completed: `success`, `failure`, `cancelled`, `timed_out`, `startup_failure`, … */
  conclusion: string | null;
  htmlUrl: string;
  updatedAt: string;
  displayTitle: string;
}

export interface WorkflowJobState {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  /** The step running now, or the last one that ran. */
  step: string | undefined;
  /** Steps that never finished (a runner that vanished leaves them so). */
  unfinishedSteps: string[];
}

/**
 * Dispatch `workflow` on `ref` with `inputs`. GitHub returns the new run's id when asked
 * (`return_run_details`); a server that answers 204 without it gets `undefined` back, and the caller
 * finds the run by its title.
 */
export async function dispatchWorkflow(client: GitHubClient, repo: RepoCoordinates, workflow: string, ref: string, inputs: Record<string, string>): Promise<{ runId: number; htmlUrl: string } | undefined> {
  const response = await callGitHub(client, `dispatch the workflow ${workflow} of ${repo.owner}/${repo.repo}`, (o) =>
    o.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: workflow, ref, inputs, return_run_details: true }),
  );
  const data = response.data as unknown as { workflow_run_id?: number; html_url?: string } | undefined;
  return data?.workflow_run_id ? { runId: data.workflow_run_id, htmlUrl: data.html_url ?? '' } : undefined;
}

/** The 20 newest `workflow_dispatch` runs of `workflow`, newest first. */
export async function recentDispatchedRuns(client: GitHubClient, repo: RepoCoordinates, workflow: string): Promise<WorkflowRunState[]> {
  const response = await callGitHub(client, `list the runs of ${workflow}`, (o) => o.rest.actions.listWorkflowRuns({ ...repo, workflow_id: workflow, event: 'workflow_dispatch', per_page: 20 }));
  return response.data.workflow_runs.map(runState);
}

/**
 * The workflow run, or `'not-modified'` when it did not change since the response that carried
 * `etag` (GitHub answers 304, which does not count against the rate limit).
 */
export async function getWorkflowRun(client: GitHubClient, repo: RepoCoordinates, runId: number, etag?: string): Promise<{ run: WorkflowRunState; etag: string | undefined } | 'not-modified'> {
  try {
    const response = await client.octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId, ...(etag ? { headers: { 'if-none-match': etag } } : {}) });
    return { run: runState(response.data), etag: response.headers.etag };
  } catch (error) {
    if ((error as { status?: number }).status === 304) return 'not-modified';
    throw mapGitHubError(error, `read workflow run ${runId}`, client.baseUrl);
  }
}

/** The jobs of a workflow run with their current step. */
export async function listRunJobs(client: GitHubClient, repo: RepoCoordinates, runId: number): Promise<WorkflowJobState[]> {
  const response = await callGitHub(client, `list the jobs of workflow run ${runId}`, (o) => o.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: runId, per_page: 30 }));
  return response.data.jobs.map((job) => {
    const steps = job.steps ?? [];
    const current = steps.find((s) => s.status === 'in_progress') ?? [...steps].reverse().find((s) => s.status === 'completed');
    return { id: job.id, name: job.name, status: job.status, conclusion: job.conclusion, step: current?.name, unfinishedSteps: steps.filter((s) => s.status !== 'completed').map((s) => s.name) };
  });
}

/** The last `lines` lines of a job's log (GitHub redirects to the log file; fetch follows). */
export async function jobLogTail(client: GitHubClient, repo: RepoCoordinates, jobId: number, lines = 20): Promise<string[]> {
  const response = await callGitHub(client, `read the log of job ${jobId}`, (o) => o.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: jobId }));
  const text = typeof response.data === 'string' ? response.data : Buffer.from(response.data as ArrayBuffer).toString('utf8');
  return text.split(/\r?\n/).filter((l) => l.length > 0).slice(-lines);
}

/** The run's artifact called `name` (not expired), or undefined. */
export async function findArtifact(client: GitHubClient, repo: RepoCoordinates, runId: number, name: string): Promise<{ id: number; sizeInBytes: number } | undefined> {
  const response = await callGitHub(client, `list the artifacts of workflow run ${runId}`, (o) => o.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId, name, per_page: 10 }));
  const artifact = response.data.artifacts.find((a) => a.name === name && !a.expired);
  return artifact ? { id: artifact.id, sizeInBytes: artifact.size_in_bytes } : undefined;
}

/** The artifact's zip archive. */
export async function downloadArtifact(client: GitHubClient, repo: RepoCoordinates, artifactId: number): Promise<Buffer> {
  const response = await callGitHub(client, `download artifact ${artifactId}`, (o) => o.rest.actions.downloadArtifact({ ...repo, artifact_id: artifactId, archive_format: 'zip' }));
  const data: unknown = response.data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (Buffer.isBuffer(data)) return data;
  throw new GitHubError('github-failed', `Artifact ${artifactId} did not download as a zip archive.`);
}

/** `admin`, `maintain`, `write`, `triage`, `read` or `none`: what `login` may do in the repository. */
export async function collaboratorPermission(client: GitHubClient, repo: RepoCoordinates, login: string): Promise<string> {
  try {
    const response = await client.octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    return response.data.role_name || response.data.permission;
  } catch (error) {
    // Not a collaborator at all.
    if ((error as { status?: number }).status === 404) return 'none';
    throw mapGitHubError(error, `read the permission of ${login} on ${repo.owner}/${repo.repo}`, client.baseUrl);
  }
}

/** Post `body` as a comment on issue or pull request `number`. */
export async function commentOnIssue(client: GitHubClient, repo: RepoCoordinates, number: number, body: string): Promise<string> {
  const response = await callGitHub(client, `comment on #${number}`, (o) => o.rest.issues.createComment({ ...repo, issue_number: number, body }));
  return response.data.html_url;
}

function runState(run: { id: number; status: string | null; conclusion: string | null; html_url: string; updated_at: string; display_title: string }): WorkflowRunState {
  return { id: run.id, status: run.status ?? 'queued', conclusion: run.conclusion, htmlUrl: run.html_url, updatedAt: run.updated_at, displayTitle: run.display_title };
}

/** A state of a followed workflow run, for progress output. */
export interface FollowProgress {
  status: string;
  conclusion: string | null;
  job?: string | undefined;
  step?: string | undefined;
  url: string;
  /** The end of the job's log, once the job finished. */
  logTail?: string[] | undefined;
}

export interface FollowOptions {
  /** First wait between reads (default 5 s); doubled while nothing changes, up to `maxPollMs` (60 s). */
  pollMs?: number | undefined;
  maxPollMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: FollowProgress) => void) | undefined;
}

/**
 * Read the workflow run until it completes; resolves with its last state and its jobs. Each read is
 * conditional (its ETag): an unchanged run costs a 304, which GitHub does not count against the rate
 * limit, and doubles the wait up to `maxPollMs`; a change reads the jobs (current step) once and
 * starts again from `pollMs`.
 */
export async function followWorkflowRun(client: GitHubClient, repo: RepoCoordinates, runId: number, options: FollowOptions = {}): Promise<{ run: WorkflowRunState; jobs: WorkflowJobState[] }> {
  const pollMs = options.pollMs ?? 5000;
  const maxPollMs = options.maxPollMs ?? 60_000;
  let etag: string | undefined;
  let current: WorkflowRunState | undefined;
  let jobs: WorkflowJobState[] = [];
  let delay = pollMs;
  for (;;) {
    const read = await getWorkflowRun(client, repo, runId, etag);
    if (read === 'not-modified') {
      delay = Math.min(delay * 2, maxPollMs);
    } else {
      etag = read.etag;
      current = read.run;
      jobs = await listRunJobs(client, repo, runId);
      options.onProgress?.({ status: current.status, conclusion: current.conclusion, job: jobs[0]?.name, step: jobs[0]?.step, url: current.htmlUrl });
      delay = pollMs;
    }
    if (current?.status === 'completed') return { run: current, jobs };
    await waitFor(delay, options.signal);
  }
}

function waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const stopped = () => new ReviseError('agent-cancelled', 'Stopped following the workflow run; it keeps running on GitHub.');
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(stopped());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(stopped());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
