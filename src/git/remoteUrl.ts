/**
 * The URL a remote is configured with, to recognise a GitHub repository. Read raw from the config:
 * `git remote get-url` would expand `url.<base>.insteadOf` rewrites (mirrors, proxies), hiding the
 * repository the user named.
 */
import { GitError } from '../core/errors';
import { gitStatus } from './exec';
import { assertSafeRefName } from './refSafety';

export async function remoteUrl(repoDir: string, remote: string): Promise<string> {
  assertSafeRefName(remote, 'remote');
  const result = await gitStatus(repoDir, ['config', '--get', `remote.${remote}.url`]);
  if (result.exitCode !== 0) throw new GitError('remote-not-found', `The remote "${remote}" is not configured in ${repoDir}.`, { details: { remote, field: 'remote' } });
  return result.stdout.trim();
}
