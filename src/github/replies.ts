/**
 * Answers back to the pull request: a reply per thread (or one summary comment) carrying each
 * finding's disposition, thread resolution only when asked, and an optional review. Everything
 * posted is keyed (thread id, `summary`, `review`, `resolve:<thread id>`) so a retry after a failure
 * halfway skips what already went out and never double-posts.
 */
import { GitHubError } from '../core/errors';
import { callGitHub, type GitHubClient } from './client';
import type { RepoCoordinates } from './pullRequests';

/** One finding's answer, to post on the thread it came from. */
export interface DispositionReply {
  /** GraphQL node id of the review thread. */
  threadId: string;
  findingId: string;
  /** REST id of the thread's first comment; null falls back to the GraphQL reply mutation. */
  commentDatabaseId: number | null;
  text: string;
  /** Resolve the thread after replying (only when `resolveThreads` is on; e.g. the finding was fixed). */
  resolve?: boolean;
}

export type ReplyMode = 'per-thread' | 'summary' | 'off';

/** What was posted, by key; ids are GitHub's (REST ids as strings, or node ids). */
export type PostedMap = Record<string, { id: string }>;

export interface ReplyOptions {
  mode: ReplyMode;
  /** Master switch for resolving threads; off by default in Revise (reviewers resolve their own). */
  resolveThreads: boolean;
  /** What earlier attempts posted; those keys are skipped. */
  alreadyPosted: PostedMap;
  /** Called after each successful post, so the caller can persist it before the next one. */
  onPosted?: (key: string, posted: { id: string }) => void;
}

const ADD_THREAD_REPLY = `mutation AddThreadReply($threadId: ID!, $body: String!) {
  addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $threadId, body: $body }) { comment { id } }
}`;

const RESOLVE_THREAD = `mutation ResolveThread($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

/**
 * Post the dispositions and return the full posted map (old and new). If a post fails, the error
 * is a `GitHubError` whose `details.posted` holds everything posted so far.
 */
export async function postDispositionReplies(
  client: GitHubClient,
  repo: RepoCoordinates,
  prNumber: number,
  items: readonly DispositionReply[],
  opts: ReplyOptions,
): Promise<PostedMap> {
  const posted: PostedMap = { ...opts.alreadyPosted };
  const record = (key: string, id: string) => {
    posted[key] = { id };
    opts.onPosted?.(key, { id });
  };
  const where = `#${prNumber} of ${repo.owner}/${repo.repo}`;
  try {
    if (opts.mode === 'per-thread') {
      for (const item of items) {
        if (posted[item.threadId]) continue;
        record(item.threadId, await replyToThread(client, repo, prNumber, item, where));
      }
    } else if (opts.mode === 'summary' && items.length > 0 && !posted.summary) {
      const body = ['Revise: how each review comment was addressed.', '', ...items.map((i) => `- **${i.findingId}**: ${i.text}`)].join('\n');
      const comment = await callGitHub(client, `post a summary comment on ${where}`, async (o) =>
        (await o.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: prNumber, body })).data,
      );
      record('summary', String(comment.id));
    }
    if (opts.resolveThreads) {
      for (const item of items) {
        const key = `resolve:${item.threadId}`;
        if (!item.resolve || posted[key]) continue;
        await callGitHub(client, `resolve a review thread on ${where}`, (o) => o.graphql(RESOLVE_THREAD, { threadId: item.threadId }));
        record(key, item.threadId);
      }
    }
  } catch (error) {
    if (error instanceof GitHubError) {
      throw new GitHubError(error.code, error.message, { cause: error, details: { ...error.details, posted } });
    }
    throw error;
  }
  return posted;
}

async function replyToThread(client: GitHubClient, repo: RepoCoordinates, prNumber: number, item: DispositionReply, where: string): Promise<string> {
  const what = `reply to the review thread of ${item.findingId} on ${where}`;
  const commentId = item.commentDatabaseId;
  if (commentId !== null) {
    const reply = await callGitHub(client, what, async (o) =>
      (await o.rest.pulls.createReplyForReviewComment({ owner: repo.owner, repo: repo.repo, pull_number: prNumber, comment_id: commentId, body: item.text })).data,
    );
    return String(reply.id);
  }
  const res = await callGitHub(client, what, (o) =>
    o.graphql<{ addPullRequestReviewThreadReply: { comment: { id: string } | null } | null }>(ADD_THREAD_REPLY, { threadId: item.threadId, body: item.text }),
  );
  const id = res.addPullRequestReviewThreadReply?.comment?.id;
  if (!id) throw new GitHubError('github-failed', `Could not ${what}: GitHub accepted the reply but returned no comment. Check the thread on GitHub before retrying.`);
  return id;
}

export interface SubmitReviewOptions {
  event: 'COMMENT' | 'APPROVE' | 'REQUEST_CHANGES';
  body: string;
  /** The head commit the review is about (defaults to the PR's head on GitHub's side). */
  commitId?: string;
  alreadyPosted: PostedMap;
}

/** Submit one review on the pull request, unless one was already posted (key `review`). */
export async function submitReview(client: GitHubClient, repo: RepoCoordinates, prNumber: number, opts: SubmitReviewOptions): Promise<PostedMap> {
  if (opts.alreadyPosted.review) return { ...opts.alreadyPosted };
  const review = await callGitHub(client, `submit a review on #${prNumber} of ${repo.owner}/${repo.repo}`, async (o) =>
    (
      await o.rest.pulls.createReview({
        owner: repo.owner,
        repo: repo.repo,
        pull_number: prNumber,
        event: opts.event,
        body: opts.body,
        ...(opts.commitId ? { commit_id: opts.commitId } : {}),
      })
    ).data,
  );
  return { ...opts.alreadyPosted, review: { id: String(review.id) } };
}
