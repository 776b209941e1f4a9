/**
 * REST response bodies built from the double's state. Each starts from GitHub's official example
 * for that schema (so fields Revise never reads still have GitHub's shapes) and overrides every
 * field that identifies or describes the object. The guard validates each one on the way out.
 */
import { officialExample } from './openapiGuard';
import type { DComment, DIssue, DIssueComment, DPull, DRepo, DReview, DThread, DoubleState } from './state';

type Obj = Record<string, unknown>;
const WEB = 'https://github.com';

/** Where the double lives, for API URLs in bodies. */
export interface ShapeContext {
  api: string;
  state: DoubleState;
}

function userOf(login: string, ctx: ShapeContext): Obj {
  const u = (officialExample('pull-request-review') as Obj).user as Obj;
  const id = [...login].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 1_000_000, 7);
  return {
    ...u,
    login,
    id,
    // GitHub Apps comment as `name[bot]` with type Bot over REST (GraphQL drops the suffix).
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    node_id: ctx.state.nodeId(login.endsWith('[bot]') ? 'BOT' : 'U', id),
    // As GitHub writes them: `users/coderabbitai%5Bbot%5D`, and an app's page under `apps/`.
    url: `${ctx.api}/users/${encodeURIComponent(login)}`,
    html_url: login.endsWith('[bot]') ? `${WEB}/apps/${login.slice(0, -'[bot]'.length)}` : `${WEB}/${login}`,
    avatar_url: `${WEB}/${encodeURIComponent(login)}.png`,
  };
}

function repositoryOf(owner: string, name: string, ctx: ShapeContext, cloneUrl?: string): Obj {
  const base = ((officialExample('pull-request') as Obj).head as Obj).repo as Obj;
  const known = ctx.state.repo(owner, name);
  return {
    ...base,
    id: known?.id ?? 1,
    node_id: known?.nodeId ?? ctx.state.nodeId('R', 1),
    name,
    full_name: `${owner}/${name}`,
    owner: userOf(owner, ctx),
    private: known?.private ?? false,
    fork: false,
    html_url: `${WEB}/${owner}/${name}`,
    url: `${ctx.api}/repos/${owner}/${name}`,
    clone_url: cloneUrl ?? known?.cloneUrl ?? `${WEB}/${owner}/${name}.git`,
    git_url: `git://github.com/${owner}/${name}.git`,
    ssh_url: `git@github.com:${owner}/${name}.git`,
  };
}

function pullFields(repo: DRepo, pull: DPull, ctx: ShapeContext): Obj {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const html = `${WEB}/${repo.owner}/${repo.name}/pull/${pull.number}`;
  const headRepo = pull.headRepo ? repositoryOf(pull.headRepo.owner, pull.headRepo.name, ctx, pull.headRepo.cloneUrl) : null;
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    number: pull.number,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    user: userOf(pull.author, ctx),
    labels: [],
    milestone: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    draft: pull.draft,
    created_at: pull.createdAt,
    updated_at: pull.createdAt,
    closed_at: pull.state === 'closed' ? (pull.mergedAt ?? pull.createdAt) : null,
    merged_at: pull.mergedAt ?? null,
    merge_commit_sha: null,
    auto_merge: null,
    head: { label: `${pull.headRepo?.owner ?? 'unknown'}:${pull.headRef}`, ref: pull.headRef, sha: pull.headSha, user: userOf(pull.headRepo?.owner ?? 'ghost', ctx), repo: headRepo },
    base: { label: `${repo.owner}:${pull.baseRef}`, ref: pull.baseRef, sha: pull.baseSha, user: userOf(repo.owner, ctx), repo: repositoryOf(repo.owner, repo.name, ctx) },
  };
}

/** `pull-request-simple` (pulls/list). */
export function pullRequestSimple(repo: DRepo, pull: DPull, ctx: ShapeContext): Obj {
  const base = (officialExample('pull-request-simple-items') as Obj[])[0] ?? {};
  return { ...base, ...pullFields(repo, pull, ctx) };
}

/** `pull-request` (pulls/get). */
export function pullRequestFull(repo: DRepo, pull: DPull, ctx: ShapeContext): Obj {
  const base = officialExample('pull-request') as Obj;
  return { ...base, ...pullFields(repo, pull, ctx), maintainer_can_modify: pull.maintainerCanModify, merged: pull.mergedAt !== undefined, merged_by: null, comments: pull.comments.length };
}

/** `pull-request-review`. */
export function reviewOf(repo: DRepo, pull: DPull, review: DReview, ctx: ShapeContext): Obj {
  const base = officialExample('pull-request-review') as Obj;
  const html = `${WEB}/${repo.owner}/${repo.name}/pull/${pull.number}#pullrequestreview-${review.id}`;
  return {
    ...base,
    id: review.id,
    node_id: review.nodeId,
    user: userOf(review.author, ctx),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${ctx.api}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`,
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
    _links: { html: { href: html }, pull_request: { href: `${ctx.api}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}` } },
  };
}

/** `pull-request-review-comment`. Outdated threads give null `line`/`position` (ERRATA.md #1). */
export function reviewCommentOf(repo: DRepo, pull: DPull, thread: DThread, comment: DComment, ctx: ShapeContext): Obj {
  const base = officialExample('pull-request-review-comment') as Obj;
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const html = `${WEB}/${repo.owner}/${repo.name}/pull/${pull.number}#discussion_r${comment.id}`;
  const side = thread.diffSide;
  return {
    ...base,
    url: `${api}/pulls/comments/${comment.id}`,
    id: comment.id,
    node_id: comment.nodeId,
    pull_request_review_id: comment.reviewId,
    path: thread.path,
    position: thread.isOutdated ? null : 1,
    original_position: 1,
    commit_id: comment.commitOid,
    original_commit_id: comment.originalCommitOid,
    in_reply_to_id: comment.inReplyToId ?? undefined,
    user: userOf(comment.author, ctx),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: html,
    pull_request_url: `${api}/pulls/${pull.number}`,
    start_line: thread.startLine,
    original_start_line: thread.originalStartLine,
    start_side: thread.startLine === null ? null : side,
    line: thread.line,
    original_line: thread.originalLine,
    side,
    _links: { self: { href: `${api}/pulls/comments/${comment.id}` }, html: { href: html }, pull_request: { href: `${api}/pulls/${pull.number}` } },
  };
}

/** `issue` (issues/get); a pull request number gives the PR seen as an issue. */
export function issueOf(repo: DRepo, issue: DIssue, ctx: ShapeContext): Obj {
  const base = officialExample('issue') as Obj;
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const labels = issue.labels.map((name, i) => ({ id: i + 1, node_id: ctx.state.nodeId('LA', i + 1), url: `${api}/labels/${encodeURIComponent(name)}`, name, description: null, color: 'ededed', default: false }));
  const out: Obj = {
    ...base,
    id: issue.number + 500_000,
    node_id: issue.nodeId,
    url: `${api}/issues/${issue.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${issue.number}/labels{/name}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    events_url: `${api}/issues/${issue.number}/events`,
    html_url: `${WEB}/${repo.owner}/${repo.name}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    title: issue.title,
    body: issue.body,
    user: userOf(issue.author, ctx),
    labels,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: issue.comments.length,
    closed_at: null,
    closed_by: null,
  };
  delete out.pull_request;
  return out;
}

/** `issue-comment`. */
export function issueCommentOf(repo: DRepo, number: number, comment: DIssueComment, ctx: ShapeContext): Obj {
  const base = officialExample('issue-comment') as Obj;
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    ...base,
    id: comment.id,
    node_id: comment.nodeId,
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${repo.owner}/${repo.name}/issues/${number}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${number}`,
    body: comment.body,
    user: userOf(comment.author, ctx),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
  };
}
