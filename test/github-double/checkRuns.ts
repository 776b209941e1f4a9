/**
 * Check runs and their annotations in the double (GitHub's Checks API), with the REST handlers that
 * serve them. As on GitHub: check runs are listed for a commit SHA or a branch name, `filter=latest`
 * (the default) keeps only the most recent run of each name, `check_name` and `status` narrow the
 * list, both lists page with `Link` headers, and the body of the list is `{ total_count, check_runs }`.
 */
import { officialExample } from './openapiGuard';
import type { DoubleState, DRepo } from './state';

type Obj = Record<string, unknown>;

export interface DAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn?: number | null;
  endColumn?: number | null;
  level: 'notice' | 'warning' | 'failure';
  title?: string | null;
  message: string;
  rawDetails?: string | null;
}

export interface DCheckRun {
  id: number;
  nodeId: string;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
  title: string | null;
  summary: string | null;
  annotations: DAnnotation[];
  startedAt: string;
  completedAt: string | null;
}

const runs = new WeakMap<DRepo, DCheckRun[]>();

export function checkRunsOf(repo: DRepo): DCheckRun[] {
  let list = runs.get(repo);
  if (!list) runs.set(repo, (list = []));
  return list;
}

/** Add a check run on `headSha` (completed unless a status is given). */
export function addCheckRun(
  state: DoubleState,
  repo: DRepo,
  seed: { headSha: string; name: string; status?: DCheckRun['status']; conclusion?: DCheckRun['conclusion']; title?: string; summary?: string; annotations?: DAnnotation[] },
): DCheckRun {
  const id = state.nextId();
  const status = seed.status ?? 'completed';
  const now = state.now();
  const run: DCheckRun = {
    id,
    nodeId: state.nodeId('CR', id),
    headSha: seed.headSha,
    name: seed.name,
    status,
    conclusion: status === 'completed' ? (seed.conclusion ?? 'success') : null,
    title: seed.title ?? null,
    summary: seed.summary ?? null,
    annotations: seed.annotations ?? [],
    startedAt: now,
    completedAt: status === 'completed' ? now : null,
  };
  checkRunsOf(repo).push(run);
  return run;
}

/** The check runs a `GET …/commits/{ref}/check-runs` lists: by SHA or by a pull request's head branch. */
export function checkRunsForRef(repo: DRepo, ref: string, query: Record<string, string>): DCheckRun[] {
  const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : [...repo.pulls.values()].find((p) => p.headRef === ref)?.headSha;
  let list = checkRunsOf(repo).filter((r) => r.headSha === sha);
  if (query.check_name) list = list.filter((r) => r.name === query.check_name);
  if (query.status) list = list.filter((r) => r.status === query.status);
  if ((query.filter ?? 'latest') === 'latest') list = list.filter((r) => !list.some((other) => other.name === r.name && other.id > r.id));
  return list.reverse();
}

export function findCheckRun(repo: DRepo, id: number): DCheckRun | undefined {
  return checkRunsOf(repo).find((r) => r.id === id);
}

/** A check run as the REST API returns it, built on GitHub's official example. */
export function checkRunOf(repo: DRepo, run: DCheckRun, api: string): Obj {
  const base = (officialExample('check-run-paginated') as { check_runs: Obj[] }).check_runs[0]!;
  const url = `${api}/repos/${repo.owner}/${repo.name}/check-runs/${run.id}`;
  return {
    ...base,
    id: run.id,
    node_id: run.nodeId,
    head_sha: run.headSha,
    name: run.name,
    external_id: '',
    url,
    html_url: `https://github.com/${repo.owner}/${repo.name}/runs/${run.id}`,
    details_url: `https://github.com/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { title: run.title, summary: run.summary, text: null, annotations_count: run.annotations.length, annotations_url: `${url}/annotations` },
    pull_requests: [],
  };
}

export function annotationOf(repo: DRepo, run: DCheckRun, a: DAnnotation): Obj {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    start_column: a.startColumn ?? null,
    end_column: a.endColumn ?? null,
    annotation_level: a.level,
    title: a.title ?? null,
    message: a.message,
    raw_details: a.rawDetails ?? null,
    blob_href: `https://github.com/${repo.owner}/${repo.name}/blob/${run.headSha}/${a.path}`,
  };
}
