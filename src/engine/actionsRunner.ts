/**
 * The engine's part of a round on a GitHub Actions runner (src/action, docs/actions.md): who may ask
 * for a round, pushing the round's head to its candidate ref (never the PR branch), exporting the
 * round for the artifact, and the pull-request comment that sums it up.
 */
import { candidateRef } from '../core/remoteRound';
import type { Run } from '../core/model';
import { pushCandidate } from '../git';
import { collaboratorPermission, commentOnIssue, createGitHubClient } from '../github';
import type { EngineContext } from './engineContext';
import type { GitHubAccess } from './github';

/** `owner/name` (as in `GITHUB_REPOSITORY`) split. */
export function repoCoordinates(fullName: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = fullName.split('/');
  if (!owner || !repo || rest.length > 0) throw new Error(`"${fullName}" is not an owner/name repository.`);
  return { owner, repo };
}

/** The repository permission of `login` (`admin`, `maintain`, `write`, `triage`, `read` or `none`). */
export function repositoryPermission(access: GitHubAccess, fullName: string, login: string): Promise<string> {
  return collaboratorPermission(createGitHubClient({ token: access.token, ...(access.apiUrl ? { baseUrl: access.apiUrl } : {}) }), repoCoordinates(fullName), login);
}

/** Post a comment on pull request `pr`; returns its URL. */
export function commentOnPullRequest(access: GitHubAccess, fullName: string, pr: number, body: string): Promise<string> {
  return commentOnIssue(createGitHubClient({ token: access.token, ...(access.apiUrl ? { baseUrl: access.apiUrl } : {}) }), repoCoordinates(fullName), pr, body);
}

/**
 * Push the head of round `index` of `run` to `refs/revise/<runName>/round-<round>` on the run's
 * remote; returns the ref, or null when the round left no new commit (nothing to push).
 */
export async function pushRoundCandidate(ctx: EngineContext, run: Run, index: number, runName: string, round: number): Promise<string | null> {
  const r = run.rounds[index];
  if (!r?.headAfter || r.headAfter === r.headBefore) return null;
  const ref = candidateRef(runName, round);
  await pushCandidate(ctx.topLevel, run.remote, r.headAfter, ref);
  return ref;
}
