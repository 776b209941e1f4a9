/**
 * Everything a run imports from a pull request: the PR itself, its reviews that ask for something
 * (bodies go to the markdown importer), its review threads with their whole conversations (GraphQL:
 * resolution state exists only there), and the issue it closes.
 */
import { GitHubError } from '../core/errors';
import { callGitHub, queryGitHub, type GitHubClient, type ReviseOctokit } from './client';
import { reviewStateOf, toPullRequestSummary, type PullRequestSummary, type RepoCoordinates } from './pullRequests';
import {
  REVIEW_THREADS_QUERY,
  THREAD_COMMENTS_QUERY,
  type GqlClosingIssue,
  type GqlComment,
  type GqlThread,
  type ReviewThreadsPage,
  type ThreadCommentsPage,
} from './reviewThreadsQuery';
import { normalizeLogin } from './reviewBots';

/** A submitted review that asks for changes or comments. */
export interface ImportedReview {
  /** GraphQL node id. */
  id: string;
  /** REST id. */
  databaseId?: number;
  state: 'CHANGES_REQUESTED' | 'COMMENTED';
  author: string | null;
  body: string;
  url: string;
  commitId: string | null;
}

export interface ThreadComment {
  id: string;
  /** REST id of the comment, for `pulls.createReplyForReviewComment`. */
  databaseId: number | null;
  author: string | null;
  body: string;
  createdAt: string;
  url: string;
}

/**
 * One review thread, as GitHub's GraphQL API describes it (`line`/`startLine` are null when
 * outdated; the `original*` fields are not), with its comments flattened, oldest first.
 */
export interface ImportedThread extends Omit<GqlThread, 'comments'> {
  /** The commit the first comment is on now (absent when outdated away). */
  commitOid?: string;
  /** The commit the first comment was made on. */
  originalCommitOid?: string;
  url: string;
  comments: ThreadComment[];
}

export interface ClosingIssue {
  number: number;
  title: string;
  body: string;
  state: string;
  labels: string[];
}

export interface PullRequestReview {
  pr: PullRequestSummary;
  reviews: ImportedReview[];
  threads: ImportedThread[];
  closingIssue?: ClosingIssue;
}

// GitHub's closing keywords (docs: "Linking a pull request to an issue").
const CLOSING_KEYWORD = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/i;

/** Fetch a pull request with its reviews, all review threads (paginated) and its closing issue. */
export async function fetchPullRequestReview(client: GitHubClient, repo: RepoCoordinates, number: number): Promise<PullRequestReview> {
  const where = `pull request #${number} of ${repo.owner}/${repo.repo}`;
  const restPr = await callGitHub(client, `read ${where}`, async (o) => (await o.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number })).data);
  const rawReviews = await callGitHub(client, `list the reviews of ${where}`, (o) =>
    o.paginate(o.rest.pulls.listReviews, { owner: repo.owner, repo: repo.repo, pull_number: number, per_page: 100 }),
  );
  const { threads, decision, closing } = await queryGitHub(client, `read the review threads of ${where}`, (o) => readThreads(o, repo, number));
  const pr = toPullRequestSummary(restPr, reviewStateOf(decision));
  const reviews = rawReviews.flatMap((r) => {
    const review = toImportedReview(r);
    return review ? [review] : [];
  });
  const closingIssue = closing ? toClosingIssue(closing) : await issueFromBody(client, repo, pr.body);
  return { pr, reviews, threads, ...(closingIssue ? { closingIssue } : {}) };
}

/**
 * The fields of a REST review this layer reads. Nullable where any GitHub payload sends null: the
 * REST description says `body` is a string, but webhook deliveries (`pull_request_review.review`)
 * send `"body": null` for a review without text, and a deleted account is `user: null`.
 */
export interface RestReview {
  id: number;
  node_id: string;
  state: string;
  user?: { login: string } | null;
  body?: string | null;
  html_url: string;
  commit_id?: string | null;
}

/**
 * A REST or webhook-shaped review as an `ImportedReview`, or undefined for one that asks for
 * nothing (approved, dismissed, pending). The author's `[bot]` suffix is dropped, so a bot is the
 * same author here as in GraphQL threads.
 */
export function toImportedReview(r: RestReview): ImportedReview | undefined {
  const state = r.state.toUpperCase();
  if (state !== 'CHANGES_REQUESTED' && state !== 'COMMENTED') return undefined;
  return { id: r.node_id, databaseId: r.id, state, author: normalizeLogin(r.user?.login), body: r.body ?? '', url: r.html_url, commitId: r.commit_id ?? null };
}

async function readThreads(
  o: ReviseOctokit,
  repo: RepoCoordinates,
  number: number,
): Promise<{ threads: ImportedThread[]; decision: string | null; closing: GqlClosingIssue | undefined }> {
  const threads: ImportedThread[] = [];
  let decision: string | null = null;
  let closing: GqlClosingIssue | undefined;
  let after: string | null = null;
  for (let first = true; ; first = false) {
    const page: ReviewThreadsPage = await o.graphql<ReviewThreadsPage>(REVIEW_THREADS_QUERY, { owner: repo.owner, name: repo.repo, number, after, first });
    const pr = page.repository?.pullRequest;
    if (!pr) throw new GitHubError('github-not-found', `Could not read the review threads of #${number}: GitHub found no such pull request in ${repo.owner}/${repo.repo} — or the token cannot see this private repository.`);
    if (first) {
      decision = pr.reviewDecision ?? null;
      closing = pr.closingIssuesReferences?.nodes?.find((n): n is GqlClosingIssue => n !== null);
    }
    for (const node of pr.reviewThreads.nodes ?? []) if (node) threads.push(await toThread(o, node));
    const info = pr.reviewThreads.pageInfo;
    if (!info.hasNextPage || !info.endCursor) return { threads, decision, closing };
    after = info.endCursor;
  }
}

async function toThread(o: ReviseOctokit, node: GqlThread): Promise<ImportedThread> {
  const raw = (node.comments.nodes ?? []).filter((c): c is GqlComment => c !== null);
  let info = node.comments.pageInfo;
  while (info.hasNextPage && info.endCursor) {
    const more: ThreadCommentsPage = await o.graphql<ThreadCommentsPage>(THREAD_COMMENTS_QUERY, { id: node.id, after: info.endCursor });
    const conn = more.node?.comments;
    if (!conn) break;
    raw.push(...(conn.nodes ?? []).filter((c): c is GqlComment => c !== null));
    info = conn.pageInfo;
  }
  const head = raw[0];
  return {
    id: node.id,
    isResolved: node.isResolved,
    isOutdated: node.isOutdated,
    path: node.path,
    line: node.line,
    originalLine: node.originalLine,
    startLine: node.startLine,
    originalStartLine: node.originalStartLine,
    diffSide: node.diffSide,
    ...(head?.commit ? { commitOid: head.commit.oid } : {}),
    ...(head?.originalCommit ? { originalCommitOid: head.originalCommit.oid } : {}),
    url: head?.url ?? '',
    comments: raw.map((c) => ({
      id: c.id,
      databaseId: c.fullDatabaseId === null ? null : Number(c.fullDatabaseId),
      author: normalizeLogin(c.author?.login),
      body: c.body,
      createdAt: c.createdAt,
      url: c.url,
    })),
  };
}

function toClosingIssue(i: GqlClosingIssue): ClosingIssue {
  const labels = (i.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : []));
  return { number: i.number, title: i.title, body: i.body, state: i.state.toLowerCase(), labels };
}

/** `Fixes #12` in the PR body → that issue, read over REST. A missing issue is not an error. */
async function issueFromBody(client: GitHubClient, repo: RepoCoordinates, body: string): Promise<ClosingIssue | undefined> {
  const match = CLOSING_KEYWORD.exec(body);
  if (!match?.[1]) return undefined;
  const issueNumber = Number(match[1]);
  try {
    const issue = await callGitHub(client, `read issue #${issueNumber} of ${repo.owner}/${repo.repo}`, async (o) =>
      (await o.rest.issues.get({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber })).data,
    );
    const labels = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== '');
    return { number: issue.number, title: issue.title, body: issue.body ?? '', state: issue.state, labels };
  } catch (error) {
    if (error instanceof GitHubError && error.code === 'github-not-found') return undefined;
    throw error;
  }
}
