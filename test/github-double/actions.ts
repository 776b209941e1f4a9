/**
 * GitHub Actions in the double: workflow dispatch (with `return_run_details`), workflow runs, their
 * jobs and logs, artifacts and their zip download, and collaborator permissions. A run moves as the
 * test says: `onDispatch` sees each new run (a test can run the real action there), and a run's
 * `script` of changes is applied one per read of the run, so a follower sees queued → in progress →
 * completed without any clock. Log and artifact downloads redirect (302) to blob URLs outside the
 * API, as GitHub redirects to its storage.
 */
import { createHash } from 'node:crypto';
import { officialExample } from './openapiGuard';
import type { RestRequest, RestResult, RouteContext } from './restRoutes';
import type { DoubleState, DRepo } from './state';

type Obj = Record<string, unknown>;

export interface DStep {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
}

export interface DJob {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  steps: DStep[];
  log: string;
}

export interface DArtifact {
  id: number;
  name: string;
  zip: Buffer;
  expired: boolean;
}

export interface DWorkflowRun {
  id: number;
  repo: DRepo;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  event: string;
  displayTitle: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  jobs: DJob[];
  artifacts: DArtifact[];
  /** Changes applied one per read of the run (`GET …/actions/runs/{id}`), oldest first. */
  script: Array<(run: DWorkflowRun) => void>;
}

export class ActionsDouble {
  readonly runs = new Map<number, DWorkflowRun>();
  /** Repository permission per login (`owner/name` → login → permission); absent: not a collaborator. */
  readonly permissions = new Map<string, Map<string, string>>();
  /** Workflow files the repository has; dispatching any other is a 404. */
  readonly workflows = new Set<string>(['revise-round.yml']);
  /** Called with each dispatched run (after it is created). */
  onDispatch: ((run: DWorkflowRun) => void) | undefined;
  /** Answer dispatches with 204 and no run details (as GitHub Enterprise Server without the parameter does). */
  withoutRunDetails = false;
  readonly blobs = new Map<string, { type: string; body: Buffer }>();

  constructor(private readonly state: DoubleState) {}

  setPermission(repo: DRepo, login: string, permission: string): void {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const map = this.permissions.get(key) ?? new Map<string, string>();
    map.set(login, permission);
    this.permissions.set(key, map);
  }

  /** Mark the run (and its jobs) changed now. */
  touch(run: DWorkflowRun): void {
    run.updatedAt = this.state.now();
  }

  /** A job with the Revise workflow's steps, all queued. */
  addJob(run: DWorkflowRun, name = 'round'): DJob {
    const job: DJob = { id: this.state.nextId(), name, status: 'queued', conclusion: null, steps: ['Set up job', 'Check out', 'Install the agent', 'Run the round', 'Upload the round'].map((n) => ({ name: n, status: 'queued', conclusion: null })), log: '' };
    run.jobs.push(job);
    return job;
  }

  addArtifact(run: DWorkflowRun, name: string, zip: Buffer): DArtifact {
    const artifact: DArtifact = { id: this.state.nextId(), name, zip, expired: false };
    run.artifacts.push(artifact);
    this.touch(run);
    return artifact;
  }

  /** Finish the run: every job and step completed with `conclusion` (steps after `stopAfter` never finish). */
  complete(run: DWorkflowRun, conclusion: string, opts: { log?: string; stopAfter?: string } = {}): void {
    run.status = 'completed';
    run.conclusion = conclusion;
    for (const job of run.jobs) {
      job.status = 'completed';
      job.conclusion = conclusion;
      job.log += opts.log ?? '';
      let stopped = false;
      for (const step of job.steps) {
        if (stopped) continue;
        step.status = 'completed';
        step.conclusion = conclusion;
        if (step.name === opts.stopAfter) stopped = true;
      }
      if (stopped) for (const step of job.steps.filter((s) => s.status !== 'completed')) step.status = 'in_progress';
    }
    this.touch(run);
  }

  /** Start the run's jobs at `step`. */
  start(run: DWorkflowRun, step: string): void {
    run.status = 'in_progress';
    for (const job of run.jobs) {
      job.status = 'in_progress';
      let before = true;
      for (const s of job.steps) {
        if (s.name === step) before = false;
        s.status = before ? 'completed' : s.name === step ? 'in_progress' : 'queued';
        s.conclusion = before ? 'success' : null;
      }
    }
    this.touch(run);
  }

  etag(run: DWorkflowRun): string {
    return `W/"${createHash('sha1').update(`${run.id}:${run.updatedAt}:${run.status}:${run.conclusion ?? ''}`).digest('hex')}"`;
  }
}

const NOT_FOUND: RestResult = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };

function repoOf(req: RestRequest, ctx: RouteContext): DRepo | undefined {
  return ctx.state.repo(req.params.owner ?? '', req.params.repo ?? '');
}

function runOf(req: RestRequest, ctx: RouteContext): DWorkflowRun | undefined {
  const repo = repoOf(req, ctx);
  const run = ctx.actions.runs.get(Number(req.params.run_id));
  return repo && run?.repo === repo ? run : undefined;
}

function repoUrl(repo: DRepo, ctx: RouteContext): string {
  return `${ctx.api}/repos/${repo.owner}/${repo.name}`;
}

function workflowRunOf(run: DWorkflowRun, ctx: RouteContext): Obj {
  const base = officialExample('workflow-run') as Obj;
  const url = `${repoUrl(run.repo, ctx)}/actions/runs/${run.id}`;
  return {
    ...base,
    id: run.id,
    node_id: ctx.state.nodeId('WFR', run.id),
    name: 'Revise round',
    head_branch: run.ref,
    head_sha: run.headSha,
    path: `.github/workflows/${run.workflow}`,
    display_title: run.displayTitle,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    url,
    html_url: `https://github.com/${run.repo.owner}/${run.repo.name}/actions/runs/${run.id}`,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.createdAt,
  };
}

function jobOf(run: DWorkflowRun, job: DJob, ctx: RouteContext): Obj {
  const base = officialExample('job') as Obj;
  const url = `${repoUrl(run.repo, ctx)}/actions/jobs/${job.id}`;
  return {
    ...base,
    id: job.id,
    run_id: run.id,
    run_url: `${repoUrl(run.repo, ctx)}/actions/runs/${run.id}`,
    node_id: ctx.state.nodeId('J', job.id),
    head_sha: run.headSha,
    head_branch: run.ref,
    workflow_name: 'Revise round',
    url,
    html_url: `https://github.com/${run.repo.owner}/${run.repo.name}/actions/runs/${run.id}/job/${job.id}`,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion,
    // Required by the schema, though the official example lacks it.
    created_at: run.createdAt,
    started_at: run.createdAt,
    completed_at: job.status === 'completed' ? run.updatedAt : null,
    steps: job.steps.map((s, i) => ({ name: s.name, status: s.status, conclusion: s.conclusion, number: i + 1, started_at: s.status === 'queued' ? null : run.createdAt, completed_at: s.status === 'completed' ? run.updatedAt : null })),
  };
}

function artifactOf(run: DWorkflowRun, artifact: DArtifact, ctx: RouteContext): Obj {
  const url = `${repoUrl(run.repo, ctx)}/actions/artifacts/${artifact.id}`;
  return {
    ...(officialExample('artifact') as Obj),
    id: artifact.id,
    node_id: ctx.state.nodeId('A', artifact.id),
    name: artifact.name,
    size_in_bytes: artifact.zip.length,
    url,
    archive_download_url: `${url}/zip`,
    expired: artifact.expired,
    digest: `sha256:${createHash('sha256').update(artifact.zip).digest('hex')}`,
    workflow_run: { id: run.id, repository_id: run.repo.id, head_repository_id: run.repo.id, head_branch: run.ref, head_sha: run.headSha },
  };
}

function blob(ctx: RouteContext, type: string, body: Buffer): RestResult {
  const key = createHash('sha1').update(body).update(String(ctx.actions.blobs.size)).digest('hex');
  ctx.actions.blobs.set(key, { type, body });
  return { status: 302, body: undefined, headers: { location: `${ctx.api}/_blobs/${key}` } };
}

type Handler = (req: RestRequest, ctx: RouteContext) => RestResult;

/** Handlers of the Actions operations the double serves (merged into restRoutes). */
export const actionsRoutes = {
  'actions/create-workflow-dispatch': (req, ctx) => {
    const repo = repoOf(req, ctx);
    const workflow = req.params.workflow_id ?? '';
    if (!repo || !ctx.actions.workflows.has(workflow)) return NOT_FOUND;
    const input = req.body as { ref: string; inputs?: Record<string, string>; return_run_details?: boolean };
    const now = ctx.state.now();
    const id = ctx.state.nextId();
    const inputs = input.inputs ?? {};
    const run: DWorkflowRun = { id, repo, workflow, ref: input.ref, inputs, event: 'workflow_dispatch', displayTitle: `Revise ${inputs.run ?? ''} round ${inputs.round ?? ''}`.trim(), headSha: createHash('sha1').update(input.ref).digest('hex'), status: 'queued', conclusion: null, createdAt: now, updatedAt: now, jobs: [], artifacts: [], script: [] };
    ctx.actions.addJob(run);
    ctx.actions.runs.set(id, run);
    ctx.actions.onDispatch?.(run);
    if (!input.return_run_details || ctx.actions.withoutRunDetails) return { status: 204, body: undefined };
    return { status: 200, body: { workflow_run_id: id, run_url: `${repoUrl(repo, ctx)}/actions/runs/${id}`, html_url: `https://github.com/${repo.owner}/${repo.name}/actions/runs/${id}` } };
  },
  'actions/list-workflow-runs': (req, ctx) => {
    const repo = repoOf(req, ctx);
    if (!repo) return NOT_FOUND;
    const since = req.query.created?.startsWith('>=') ? req.query.created.slice(2) : undefined;
    const runs = [...ctx.actions.runs.values()].filter((r) => r.repo === repo && r.workflow === req.params.workflow_id && (!req.query.event || r.event === req.query.event) && (!since || r.createdAt >= since)).reverse();
    const perPage = Math.min(Number(req.query.per_page ?? 30) || 30, 100);
    return { status: 200, body: { total_count: runs.length, workflow_runs: runs.slice(0, perPage).map((r) => workflowRunOf(r, ctx)) } };
  },
  'actions/get-workflow-run': (req, ctx) => {
    const run = runOf(req, ctx);
    if (!run) return NOT_FOUND;
    // A scripted change that changes something marks the run updated itself (start, complete, touch).
    run.script.shift()?.(run);
    return { status: 200, body: workflowRunOf(run, ctx), headers: { etag: ctx.actions.etag(run) } };
  },
  'actions/list-jobs-for-workflow-run': (req, ctx) => {
    const run = runOf(req, ctx);
    if (!run) return NOT_FOUND;
    return { status: 200, body: { total_count: run.jobs.length, jobs: run.jobs.map((j) => jobOf(run, j, ctx)) } };
  },
  'actions/download-job-logs-for-workflow-run': (req, ctx) => {
    const job = [...ctx.actions.runs.values()].flatMap((r) => r.jobs).find((j) => j.id === Number(req.params.job_id));
    return job ? blob(ctx, 'text/plain; charset=utf-8', Buffer.from(job.log)) : NOT_FOUND;
  },
  'actions/list-workflow-run-artifacts': (req, ctx) => {
    const run = runOf(req, ctx);
    if (!run) return NOT_FOUND;
    const artifacts = run.artifacts.filter((a) => !req.query.name || a.name === req.query.name);
    return { status: 200, body: { total_count: artifacts.length, artifacts: artifacts.map((a) => artifactOf(run, a, ctx)) } };
  },
  'actions/download-artifact': (req, ctx) => {
    const artifact = [...ctx.actions.runs.values()].flatMap((r) => r.artifacts).find((a) => a.id === Number(req.params.artifact_id));
    if (!artifact) return NOT_FOUND;
    if (artifact.expired) return { status: 410, body: { message: 'Artifact has expired', documentation_url: 'https://docs.github.com/rest' } };
    return blob(ctx, 'application/zip', artifact.zip);
  },
  'repos/get-collaborator-permission-level': (req, ctx) => {
    const repo = repoOf(req, ctx);
    if (!repo) return NOT_FOUND;
    const login = req.params.username ?? '';
    const permission = ctx.actions.permissions.get(`${repo.owner}/${repo.name}`.toLowerCase())?.get(login);
    if (!permission) return NOT_FOUND;
    const base = officialExample('repository-collaborator-permission-response-if-user-has-admin-permissions') as Obj;
    // `permission` is the legacy name (maintain → write, triage → read); `role_name` the role.
    const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
    return { status: 200, body: { ...base, permission: legacy, role_name: permission, user: { ...(base.user as Obj), login, role_name: permission } } };
  },
} satisfies Record<string, Handler>;

export const ACTIONS_OPERATIONS = Object.keys(actionsRoutes) as Array<keyof typeof actionsRoutes>;
