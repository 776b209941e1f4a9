/**
 * Git LFS on push. Revise pushes with `--no-verify` (no hook of the attempt branch may run), which
 * also skips LFS's pre-push hook — the one that uploads the files the pushed pointers name. So when
 * the pushed commit uses LFS, Revise does that work itself, before the branch push: `git lfs push`
 * of every object the head's history names (the server skips those it has). Without git-lfs the
 * push is refused: pointers without their files would break every teammate's checkout.
 */
import { GitError } from '../core/errors';
import { firstLine, gitStatus } from './exec';
import { DEFAULT_NETWORK_TIMEOUT_MS } from './probe';

/** Whether the tree of `commit` marks any path `filter=lfs` in a .gitattributes file. */
export async function usesLfs(dir: string, commit: string): Promise<boolean> {
  const result = await gitStatus(dir, ['grep', '--quiet', '-F', '-e', 'filter=lfs', commit, '--', ':(glob)**/.gitattributes']);
  if (result.exitCode > 1) throw new GitError('git-failed', `Could not read the .gitattributes of ${commit}: ${firstLine(result.stderr)}`);
  return result.exitCode === 0;
}

/** Upload the LFS objects of `commit`'s history to `remote` (a name or a vetted URL) when it uses LFS. */
export async function pushLfsObjects(dir: string, remote: string, commit: string): Promise<boolean> {
  if (!(await usesLfs(dir, commit))) return false;
  const version = await gitStatus(dir, ['lfs', 'version']);
  if (version.exitCode !== 0) {
    throw new GitError(
      'lfs-unavailable',
      'This repository stores files with Git LFS (filter=lfs in .gitattributes), but git-lfs is not installed here: pushing would publish pointers without their files. Install Git LFS (https://git-lfs.com, then `git lfs install`) and push again. Nothing was pushed.',
    );
  }
  const pushed = await gitStatus(dir, ['lfs', 'push', '--all', remote, commit], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
  if (pushed.exitCode !== 0) {
    const why = pushed.timedOut ? 'the LFS server stopped answering' : firstLine(pushed.stderr) || firstLine(pushed.stdout) || `git lfs exited with ${pushed.exitCode}`;
    throw new GitError('push-failed', `Could not upload the LFS files to "${remote}": ${why}. Check the LFS server and your rights; nothing was pushed.`, { details: { remote } });
  }
  return true;
}
