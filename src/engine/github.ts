/**
 * GitHub around a run: start from a pull request (head = prior attempt, base = base, fork head
 * fetched from the fork), import its reviews and unresolved threads as findings and its closing
 * issue into the prompt, refresh them, and answer each thread with its disposition after approve.
 * The token is handed in by the front end and held in memory only.
 */
import { GitHubError, InputError } from '../core/errors';
import { parseMarkdownReview } from '../core/findings';
import type { Finding, IssueRef, Run } from '../core/model';
import { lastRound } from '../core/runFacts';
import { remoteUrl } from '../git';
import { callGitHub, createGitHubClient, fetchPullRequestReview, listOpenPullRequests, postDispositionReplies, submitReview, mergeThreads, parseGitHubRemote, type GitHubClient, type PullRequestReview, type PullRequestSummary, type ReplyMode } from '../github';
import type { StartOptions } from './config';
import type { EngineContext } from './engineContext';
import { locateInWorktree, mergeDrafts } from './importReview';
import { startRun, type StartFacts } from './startRun';

/** How to reach GitHub: a token (never stored) and, for Enterprise or the test double, the API URL. */
export interface GitHubAccess {
  token: string;
  apiUrl?: string | undefined;
  /** Short waits in tests. */
  fastRetries?: boolean;
}

/** What to post back after approve. */
export interface ReplyPolicy {
  mode: ReplyMode;
  resolveThreads: boolean;
  submitReview: boolean;
}

export function clientFor(access: GitHubAccess): GitHubClient {
  return createGitHubClient({
    token: access.token,
    ...(access.apiUrl ? { baseUrl: access.apiUrl } : {}),
    ...(access.fastRetries ? { throttle: { retryAfterBaseMs: 1, retryBaseMs: 1, writeSpacingMs: 0 } } : {}),
  });
}

/** The GitHub repository the run's remote names. */
export async function repoOfRemote(ctx: EngineContext, remote: string, access: GitHubAccess): Promise<{ owner: string; repo: string; host: string }> {
  const url = await remoteUrl(ctx.topLevel, remote);
  const enterpriseHost = access.apiUrl ? new URL(access.apiUrl).host : undefined;
  const repo = parseGitHubRemote(url, enterpriseHost ? { enterpriseHosts: [enterpriseHost] } : {});
  if (!repo) {
    throw new GitHubError('not-a-github-remote', `The remote "${remote}" (${url}) is not a GitHub repository${enterpriseHost ? ` on github.com or ${enterpriseHost}` : ''}.`, { details: { remote, url, field: 'github.apiUrl' } });
  }
  return repo;
}

/** Open pull requests of the remote's repository, for a pick list. */
export async function listPullRequests(ctx: EngineContext, remote: string, access: GitHubAccess): Promise<PullRequestSummary[]> {
  return listOpenPullRequests(clientFor(access), await repoOfRemote(ctx, remote, access));
}

function issueOf(review: PullRequestReview): IssueRef | undefined {
  const i = review.closingIssue;
  return i ? { number: i.number, title: i.title, body: i.body, state: i.state, labels: i.labels } : undefined;
}

/** Start a run from PR #N (and/or with issue #N in the prompt). */
export async function startWithGitHub(ctx: EngineContext, options: StartOptions, access: GitHubAccess & { issueNumber?: number | undefined }): Promise<Run> {
  const remote = options.remote ?? 'origin';
  const coords = await repoOfRemote(ctx, remote, access);
  const client = clientFor(access);
  const facts: StartFacts = {};
  let review: PullRequestReview | undefined;
  let start = options;
  if (options.pr !== undefined) {
    review = await fetchPullRequestReview(client, coords, options.pr);
    const pr = review.pr;
    if (options.priorBranch && options.priorBranch !== pr.headBranch) {
      throw new InputError('bad-input', `PR #${pr.number}'s head branch is ${pr.headBranch}, not ${options.priorBranch}.`, { details: { pr: pr.number, headBranch: pr.headBranch, field: 'priorBranch', situation: 'pr-branch-mismatch' } });
    }
    start = { ...options, priorBranch: pr.headBranch, baseBranch: options.baseBranch ?? pr.baseBranch, title: options.title ?? `#${pr.number} ${pr.title}` };
    facts.pr = { number: pr.number, url: pr.url, owner: coords.owner, repo: coords.repo, title: pr.title, isFork: pr.isFork, maintainerCanModify: pr.maintainerCanModify, ...(pr.headRepoCloneUrl ? { headRepoUrl: pr.headRepoCloneUrl } : {}), ...(access.apiUrl ? { apiUrl: access.apiUrl } : {}) };
    if (pr.isFork) {
      if (!pr.headRepoCloneUrl) throw new GitHubError('github-not-found', `PR #${pr.number}'s fork was deleted, so its head cannot be fetched.`);
      facts.fetchUrl = pr.headRepoCloneUrl;
      if (pr.maintainerCanModify) facts.pushUrl = pr.headRepoCloneUrl;
      else facts.pushBlockedReason = `PR #${pr.number} comes from the fork ${pr.headRepoFullName ?? pr.headRepoCloneUrl}, which does not allow edits from maintainers, so Revise cannot push back; the run stays local. Ask the author to enable "Allow edits by maintainers", or push the run's branch somewhere yourself.`;
    }
    const issue = issueOf(review);
    if (issue) facts.issue = issue;
  }
  if (access.issueNumber !== undefined && !facts.issue) {
    const n = access.issueNumber;
    const data = await callGitHub(client, `issue #${n}`, async (o) => (await o.rest.issues.get({ owner: coords.owner, repo: coords.repo, issue_number: n })).data);
    facts.issue = { number: n, title: data.title, body: data.body ?? '', state: data.state, labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean) };
  }
  const run = await startRun(ctx, start, facts);
  return review ? (await importPullRequestFindings(ctx, run, review)).run : run;
}

/** Merge a fetched PR's threads and review bodies into the run; closes findings whose threads were resolved. */
async function importPullRequestFindings(ctx: EngineContext, run: Run, review: PullRequestReview): Promise<{ run: Run; added: string[]; closed: string[] }> {
  const drafts = review.reviews.filter((r) => r.body.trim()).flatMap((r) =>
    parseMarkdownReview(r.body, { origin: r.url, root: run.worktree }).map((d) => ({
      ...d,
      source: { ...d.source, kind: 'github-review' as const, url: r.url, ...(r.author ? { author: r.author } : {}) },
    })),
  );
  let added: string[] = [];
  if (drafts.length > 0) added = (await mergeDrafts(ctx, run.id, await locateInWorktree(run, drafts), review.pr.url)).added;
  let closed: string[] = [];
  const updated = await ctx.update(run.id, (r) => {
    const merged = mergeThreads(review.threads, { existing: r.findings, now: ctx.now(), prUrl: review.pr.url });
    r.findings = merged.findings;
    closed = merged.closed;
    added = [...added, ...merged.added];
  });
  return { run: updated, added, closed };
}

/** Fetch the PR again: new threads become findings, resolved ones close theirs; nothing is duplicated. */
export async function refreshFromGitHub(ctx: EngineContext, runId: string, access: GitHubAccess): Promise<{ run: Run; added: string[]; closed: string[] }> {
  const run = await ctx.read(runId);
  if (!run.pr) throw new InputError('bad-input', `Run ${runId} was not started from a pull request.`);
  const review = await fetchPullRequestReview(clientFor({ ...access, apiUrl: access.apiUrl ?? run.pr.apiUrl }), { owner: run.pr.owner, repo: run.pr.repo }, run.pr.number);
  return importPullRequestFindings(ctx, run, review);
}

function replyText(f: Finding): string {
  const d = f.disposition;
  if (!d) return `**${f.id}**: not addressed in this run.`;
  const note = d.note ? ` — ${d.note}` : '';
  switch (d.kind) {
    case 'fixed':
      return `**${f.id}: fixed** in round ${d.round}${d.commit ? ` (${d.commit.slice(0, 12)})` : ''}${note}`;
    case 'disagree':
      return `**${f.id}: not changed** (disagree)${note}`;
    case 'deferred':
      return `**${f.id}: deferred**${d.issue ? ` to ${d.issue}` : ''}${note}`;
  }
}

/** Answer each imported thread with its finding's disposition; what was posted is recorded so a retry never double-posts. */
export async function postReplies(ctx: EngineContext, runId: string, access: GitHubAccess, policy: ReplyPolicy): Promise<Run> {
  const run = await ctx.read(runId);
  if (!run.pr || policy.mode === 'off') return run;
  const client = clientFor({ ...access, apiUrl: access.apiUrl ?? run.pr.apiUrl });
  const coords = { owner: run.pr.owner, repo: run.pr.repo };
  const round = lastRound(run)?.index ?? 0;
  const items = run.findings
    .filter((f) => f.source.kind === 'github-thread' && f.source.threadId)
    .map((f) => ({
      threadId: f.source.threadId!,
      findingId: f.id,
      // Thread findings keep the thread's node id; the GraphQL reply needs nothing else.
      commentDatabaseId: null,
      text: replyText(f),
      resolve: f.disposition?.kind === 'fixed',
    }));
  const persist = async (key: string, posted: { id: string }) => {
    await ctx.update(runId, (r) => {
      r.posted[key] = { id: posted.id, round, at: ctx.now() };
    });
  };
  const pending: Array<Promise<void>> = [];
  const already = Object.fromEntries(Object.entries(run.posted).map(([k, v]) => [k, { id: v.id }]));
  const posted = await postDispositionReplies(client, coords, run.pr.number, items, { mode: policy.mode, resolveThreads: policy.resolveThreads, alreadyPosted: already, onPosted: (key, p) => pending.push(persist(key, p)) });
  await Promise.all(pending);
  if (policy.submitReview && !posted.review) {
    const summary = run.findings.map((f) => `- ${replyText(f)}`).join('\n');
    const review = await submitReview(client, coords, run.pr.number, { event: 'COMMENT', body: `Revise run ${run.id}: ${run.findings.length} finding(s) answered.\n\n${summary}`, alreadyPosted: posted });
    for (const [key, value] of Object.entries(review)) if (!posted[key]) await persist(key, value);
  }
  return ctx.read(runId);
}
