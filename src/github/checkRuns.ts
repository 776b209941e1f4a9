/**
 * The CI checks of a commit (GitHub's Checks API): every check run on it (the latest of each name,
 * all pages), and the annotations of those that failed. Runs still queued or in progress are listed
 * apart: they have no result yet.
 */
import { callGitHub, type GitHubClient } from './client';

/** Conclusions that mean the check found a problem. */
export const FAILED_CONCLUSIONS: readonly string[] = ['failure', 'timed_out', 'action_required'];
/** Conclusions that mean the check passed (its report is complete and clean). */
export const PASSED_CONCLUSIONS: readonly string[] = ['success', 'neutral', 'skipped'];

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn: number | null;
  endColumn: number | null;
  /** `failure`, `warning` or `notice` (null when GitHub has none). */
  level: string | null;
  title: string | null;
  message: string | null;
  rawDetails: string | null;
}

export interface CheckRunReport {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  url: string;
  title: string | null;
  summary: string | null;
  /** Read for failed runs only. */
  annotations: CheckAnnotation[];
}

export interface CommitChecks {
  sha: string;
  /** Completed runs, with the annotations of the failed ones. */
  completed: CheckRunReport[];
  /** Runs without a result yet (queued, in progress, waiting…). */
  pending: Array<{ name: string; status: string }>;
}

/** Every check run on `sha` and the annotations of the failed ones. */
export async function fetchCommitChecks(client: GitHubClient, coords: { owner: string; repo: string }, sha: string): Promise<CommitChecks> {
  const runs = await callGitHub(client, `list the check runs of ${sha.slice(0, 12)} in ${coords.owner}/${coords.repo}`, (o) =>
    o.paginate(o.rest.checks.listForRef, { owner: coords.owner, repo: coords.repo, ref: sha, filter: 'latest', per_page: 100 }),
  );
  const completed: CheckRunReport[] = [];
  const pending: CommitChecks['pending'] = [];
  for (const run of runs) {
    if (run.status !== 'completed') {
      pending.push({ name: run.name, status: run.status });
      continue;
    }
    const failed = run.conclusion !== null && FAILED_CONCLUSIONS.includes(run.conclusion);
    const annotations = failed && (run.output.annotations_count ?? 0) > 0 ? await fetchAnnotations(client, coords, run.id, run.name) : [];
    completed.push({ id: run.id, name: run.name, status: run.status, conclusion: run.conclusion, url: run.html_url ?? run.url, title: run.output.title, summary: run.output.summary, annotations });
  }
  return { sha, completed, pending };
}

async function fetchAnnotations(client: GitHubClient, coords: { owner: string; repo: string }, id: number, name: string): Promise<CheckAnnotation[]> {
  const items = await callGitHub(client, `list the annotations of check run "${name}" (${id})`, (o) => o.paginate(o.rest.checks.listAnnotations, { owner: coords.owner, repo: coords.repo, check_run_id: id, per_page: 100 }));
  return items.map((a) => ({
    path: a.path,
    startLine: a.start_line,
    endLine: a.end_line,
    startColumn: a.start_column,
    endColumn: a.end_column,
    level: a.annotation_level,
    title: a.title,
    message: a.message,
    rawDetails: a.raw_details,
  }));
}
