/** The URL a remote points at (`git remote get-url`), to recognise a GitHub repository. */
import { GitError } from '../core/errors';
import { gitStatus } from './exec';
import { assertSafeRefName } from './refSafety';

export async function remoteUrl(repoDir: string, remote: string): Promise<string> {
  assertSafeRefName(remote, 'remote');
  const result = await gitStatus(repoDir, ['remote', 'get-url', '--end-of-options', remote]);
  if (result.exitCode !== 0) throw new GitError('remote-not-found', `The remote "${remote}" is not configured in ${repoDir}. Add it with \`git remote add ${remote} <url>\` or pass --remote.`);
  return result.stdout.trim();
}
