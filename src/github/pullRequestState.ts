/**
 * Whether a pull request is still open, merged or closed, and where its head is now: what the
 * autopilot checks after every round, so it never works on a pull request that is gone or on a
 * branch someone else pushed to.
 */
import { callGitHub, type GitHubClient } from './client';
import type { RepoCoordinates } from './pullRequests';

export interface PullRequestState {
  state: 'open' | 'closed' | 'merged';
  headSha: string;
}

/** REST `pulls/get`: `merged` (or `merged_at`) tells a merged pull request from a closed one. */
export async function pullRequestState(client: GitHubClient, repo: RepoCoordinates, number: number): Promise<PullRequestState> {
  const pr = await callGitHub(client, `read pull request #${number} of ${repo.owner}/${repo.repo}`, async (o) => (await o.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number })).data);
  const merged = pr.merged || pr.merged_at !== null;
  return { state: merged ? 'merged' : pr.state === 'closed' ? 'closed' : 'open', headSha: pr.head.sha };
}
