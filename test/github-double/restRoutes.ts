/**
 * The REST operations the double serves, keyed by operation id. Behaviour the schema cannot say is
 * written here after GitHub's documentation: `Link` pagination with `per_page` ≤ 100, replies
 * attached to the thread's top-level comment, a review's `event` becoming its `state`, and
 * `basic-error` bodies for what does not exist.
 */
import { annotationOf, checkRunOf, checkRunsForRef, findCheckRun } from './checkRuns';
import { actionsRoutes, type ActionsDouble } from './actions';
import type { OperationId } from './openapiGuard';
import { issueCommentOf, issueOf, pullRequestFull, pullRequestSimple, reviewCommentOf, reviewOf, type ShapeContext } from './restShapes';
import type { DIssue, DPull, DRepo, DReview } from './state';

export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** The request URL as received, for `Link` headers. */
  url: URL;
}

export interface RestResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext extends ShapeContext {
  viewer: string;
  actions: ActionsDouble;
}

const NOT_FOUND: RestResult = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };

/** A page of `items` and its `Link` header, as GitHub paginates (`page` from 1, `per_page` ≤ 100, default 30). */
function paginate<T>(items: readonly T[], req: RestRequest): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(req.query.per_page ?? 30) || 30, 100);
  const page = Math.max(Number(req.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const u = new URL(req.url.toString());
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) rels.push(link(page + 1, 'next'), link(last, 'last'));
  return { page: items.slice((page - 1) * perPage, page * perPage), headers: rels.length ? { link: rels.join(', ') } : {} };
}

function repoOf(req: RestRequest, ctx: RouteContext): DRepo | undefined {
  return ctx.state.repo(req.params.owner ?? '', req.params.repo ?? '');
}

function pullOf(req: RestRequest, ctx: RouteContext): { repo: DRepo; pull: DPull } | undefined {
  const repo = repoOf(req, ctx);
  const pull = repo?.pulls.get(Number(req.params.pull_number));
  return repo && pull ? { repo, pull } : undefined;
}

type Handler = (req: RestRequest, ctx: RouteContext) => RestResult;

const REVIEW_STATE: Record<string, DReview['state']> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };

/** Handlers for every served operation. */
export const restRoutes: Record<OperationId, Handler> = {
  'pulls/list': (req, ctx) => {
    const repo = repoOf(req, ctx);
    if (!repo) return NOT_FOUND;
    const wanted = req.query.state ?? 'open';
    const pulls = [...repo.pulls.values()].filter((p) => wanted === 'all' || p.state === wanted).reverse();
    const { page, headers } = paginate(pulls, req);
    return { status: 200, body: page.map((p) => pullRequestSimple(repo, p, ctx)), headers };
  },
  'pulls/get': (req, ctx) => {
    const found = pullOf(req, ctx);
    return found ? { status: 200, body: pullRequestFull(found.repo, found.pull, ctx) } : NOT_FOUND;
  },
  'pulls/list-reviews': (req, ctx) => {
    const found = pullOf(req, ctx);
    if (!found) return NOT_FOUND;
    const { page, headers } = paginate(found.pull.reviews, req);
    return { status: 200, body: page.map((r) => reviewOf(found.repo, found.pull, r, ctx)), headers };
  },
  'pulls/create-reply-for-review-comment': (req, ctx) => {
    const found = pullOf(req, ctx);
    const target = found && ctx.state.findComment(found.pull, Number(req.params.comment_id));
    if (!found || !target) return NOT_FOUND;
    const comment = ctx.state.addThreadComment(found.pull, target.thread, ctx.viewer, (req.body as { body: string }).body);
    const body = reviewCommentOf(found.repo, found.pull, target.thread, comment, ctx);
    return { status: 201, body, headers: { location: String(body.url) } };
  },
  'pulls/create-review': (req, ctx) => {
    const found = pullOf(req, ctx);
    if (!found) return NOT_FOUND;
    const input = (req.body ?? {}) as { event?: string; body?: string; commit_id?: string };
    const state = input.event ? REVIEW_STATE[input.event] : 'PENDING';
    if (!state) return { status: 422, body: { message: 'Unprocessable Entity', errors: [`event ${input.event} is not valid`] } };
    const review = ctx.state.addReview(found.pull, { state, author: ctx.viewer, body: input.body ?? '' });
    if (input.commit_id) review.commitId = input.commit_id;
    return { status: 200, body: reviewOf(found.repo, found.pull, review, ctx) };
  },
  'issues/get': (req, ctx) => {
    const repo = repoOf(req, ctx);
    const issue = repo?.issues.get(Number(req.params.issue_number));
    return repo && issue ? { status: 200, body: issueOf(repo, issue, ctx) } : NOT_FOUND;
  },
  'issues/create-comment': (req, ctx) => {
    const repo = repoOf(req, ctx);
    const number = Number(req.params.issue_number);
    const target: DIssue | DPull | undefined = repo?.issues.get(number) ?? repo?.pulls.get(number);
    if (!repo || !target) return NOT_FOUND;
    const comment = ctx.state.addIssueComment(target, ctx.viewer, (req.body as { body: string }).body);
    const body = issueCommentOf(repo, number, comment, ctx);
    return { status: 201, body, headers: { location: String(body.url) } };
  },
  'checks/list-for-ref': (req, ctx) => {
    const repo = repoOf(req, ctx);
    if (!repo) return NOT_FOUND;
    const all = checkRunsForRef(repo, req.params.ref ?? '', req.query);
    const { page, headers } = paginate(all, req);
    return { status: 200, body: { total_count: all.length, check_runs: page.map((r) => checkRunOf(repo, r, ctx.api)) }, headers };
  },
  'checks/list-annotations': (req, ctx) => {
    const repo = repoOf(req, ctx);
    const run = repo && findCheckRun(repo, Number(req.params.check_run_id));
    if (!repo || !run) return NOT_FOUND;
    const { page, headers } = paginate(run.annotations, req);
    return { status: 200, body: page.map((a) => annotationOf(repo, run, a)), headers };
  },
  ...actionsRoutes,
};
