/** `revise start`: from a branch, or from a pull request (GITHUB_TOKEN, --github-api-url / REVISE_GITHUB_API_URL). */
import { InputError } from '../core/errors';
import type { Run } from '../core/model';
import type { Engine, StartOptions } from '../engine';

export interface GitHubFlags {
  issueNumber?: number | undefined;
  apiUrl?: string | undefined;
  token?: string | undefined;
}

export async function startFromCli(engine: Engine, options: StartOptions, github: GitHubFlags): Promise<Run> {
  if (options.issue && github.issueNumber !== undefined) throw new InputError('usage', 'Use --issue N or --issue-file FILE, not both.');
  if (options.pr === undefined && github.issueNumber === undefined) {
    if (!options.priorBranch) throw new InputError('usage', '--branch <prior> is required (or --pr N to start from a pull request).');
    return engine.start(options);
  }
  if (!github.token) {
    throw new InputError('usage', 'Starting from a pull request or a GitHub issue needs a token: set GITHUB_TOKEN (a token with `repo` scope).');
  }
  return engine.startWithGitHub(options, { token: github.token, apiUrl: github.apiUrl, issueNumber: github.issueNumber });
}
