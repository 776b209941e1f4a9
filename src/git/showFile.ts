/** Read a file as it is in a commit (`git show <commit>:<path>`), for diffs between rounds. */
import { GitError } from '../core/errors';
import { gitStatus } from './exec';
import { assertSafeRev } from './refSafety';

/** The file's text at `commit`, or undefined when the path does not exist there. */
export async function showFileAtCommit(repoDir: string, commit: string, path: string): Promise<string | undefined> {
  assertSafeRev(commit);
  if (path.startsWith('/') || path.split('/').includes('..')) throw new GitError('bad-input', `"${path}" is not a path inside the repository.`);
  const result = await gitStatus(repoDir, ['show', `${commit}:${path}`]);
  if (result.exitCode === 0) return result.stdout;
  if (/does not exist|exists on disk, but not in/.test(result.stderr)) return undefined;
  throw new GitError('git-failed', `Could not read ${path} at ${commit.slice(0, 12)}: ${result.stderr.trim()}`);
}
