/**
 * Pull requests to pick from and the one a run starts from: head branch (the prior attempt), base,
 * where the head lives (a fork's clone URL) and whether Revise may push back to it.
 */
import { callGitHub, queryGitHub, type GitHubClient, type ReviseOctokit } from './client';

/** Owner and name of a GitHub repository (a `GitHubRepoRef` fits). */
export interface RepoCoordinates {
  owner: string;
  repo: string;
}

/** GitHub's overall review verdict on a pull request. */
export type ReviewState = 'approved' | 'changes-requested' | 'review-required' | 'none';

/** What Revise needs to know about a pull request to list it and start a run from it. */
export interface PullRequestSummary {
  number: number;
  title: string;
  body: string;
  /** Web URL (`https://github.com/o/r/pull/7`). */
  url: string;
  /** REST API URL of the pull request. */
  apiUrl: string;
  draft: boolean;
  state: string;
  author: string | null;
  headBranch: string;
  headSha: string;
  /** Clone URL of the repository holding the head branch; null when that fork was deleted. */
  headRepoCloneUrl: string | null;
  /** `owner/name` of the head repository, null when deleted. */
  headRepoFullName: string | null;
  baseBranch: string;
  /** The head lives in another repository than the base. */
  isFork: boolean;
  /** Whether the base repository's maintainers may push to the head branch. */
  maintainerCanModify: boolean;
  reviewState: ReviewState;
}

/** The fields of REST `pull-request-simple` / `pull-request` this layer reads. */
export interface RestPullRequest {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  url: string;
  draft?: boolean;
  state: string;
  user: { login: string } | null;
  head: { ref: string; sha: string; repo: { clone_url: string; full_name: string } | null };
  base: { ref: string; repo: { full_name: string } };
  maintainer_can_modify?: boolean;
}

const REVIEW_DECISIONS = `query ReviewDecisions($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(states: [OPEN], first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { number reviewDecision }
    }
  }
}`;

const REVIEW_DECISION = `query ReviewDecision($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { reviewDecision } }
}`;

interface DecisionsPage {
  repository: {
    pullRequests: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ number: number; reviewDecision: string | null } | null> };
  } | null;
}

/** Turn GitHub's `reviewDecision` into Revise's review state. */
export function reviewStateOf(decision: string | null | undefined): ReviewState {
  return REVIEW_STATES[decision ?? ''] ?? 'none';
}

const REVIEW_STATES: Record<string, ReviewState> = {
  APPROVED: 'approved',
  CHANGES_REQUESTED: 'changes-requested',
  REVIEW_REQUIRED: 'review-required',
};

/** Map a REST pull request to a summary. */
export function toPullRequestSummary(pr: RestPullRequest, reviewState: ReviewState): PullRequestSummary {
  const headRepo = pr.head.repo;
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    url: pr.html_url,
    apiUrl: pr.url,
    draft: pr.draft ?? false,
    state: pr.state,
    author: pr.user?.login ?? null,
    headBranch: pr.head.ref,
    headSha: pr.head.sha,
    headRepoCloneUrl: headRepo?.clone_url ?? null,
    headRepoFullName: headRepo?.full_name ?? null,
    baseBranch: pr.base.ref,
    isFork: headRepo === null || headRepo.full_name.toLowerCase() !== pr.base.repo.full_name.toLowerCase(),
    maintainerCanModify: pr.maintainer_can_modify ?? false,
    reviewState,
  };
}

/** Every open pull request of `repo`, newest first, with its review state. Paginated. */
export async function listOpenPullRequests(client: GitHubClient, repo: RepoCoordinates): Promise<PullRequestSummary[]> {
  const where = `${repo.owner}/${repo.repo}`;
  const pulls = await callGitHub(client, `list the open pull requests of ${where}`, (o) =>
    o.paginate(o.rest.pulls.list, { owner: repo.owner, repo: repo.repo, state: 'open', per_page: 100 }),
  );
  const decisions = await queryGitHub(client, `read the review states of ${where}`, (o) => reviewDecisions(o, repo));
  return pulls.map((pr) => toPullRequestSummary(pr, reviewStateOf(decisions.get(pr.number))));
}

/** One pull request by number. */
export async function getPullRequest(client: GitHubClient, repo: RepoCoordinates, number: number): Promise<PullRequestSummary> {
  const what = `read pull request #${number} of ${repo.owner}/${repo.repo}`;
  const pr = await callGitHub(client, what, async (o) => (await o.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number })).data);
  const decision = await queryGitHub(client, what, async (o) => {
    const res = await o.graphql<{ repository: { pullRequest: { reviewDecision: string | null } | null } | null }>(REVIEW_DECISION, {
      owner: repo.owner,
      name: repo.repo,
      number,
    });
    return res.repository?.pullRequest?.reviewDecision ?? null;
  });
  return toPullRequestSummary(pr, reviewStateOf(decision));
}

async function reviewDecisions(o: ReviseOctokit, repo: RepoCoordinates): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  let after: string | null = null;
  for (;;) {
    const page: DecisionsPage = await o.graphql<DecisionsPage>(REVIEW_DECISIONS, { owner: repo.owner, name: repo.repo, after });
    const conn = page.repository?.pullRequests;
    if (!conn) return out;
    for (const node of conn.nodes) if (node) out.set(node.number, node.reviewDecision);
    if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) return out;
    after = conn.pageInfo.endCursor;
  }
}
