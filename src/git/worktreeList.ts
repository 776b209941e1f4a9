/** Every checkout of a repository: the main working tree and each linked worktree. */
import { realpath } from 'node:fs/promises';
import { gitStatus } from './exec';

/**
 * Absolute paths of every working tree of the repository at `dir` (`git worktree list --porcelain`),
 * each also by its real path when a symlink leads to it. Bare entries are left out; on a git error
 * only `dir` is returned, since the list only widens which absolute paths are recognised.
 */
export async function listCheckouts(dir: string): Promise<string[]> {
  const result = await gitStatus(dir, ['worktree', 'list', '--porcelain', '-z']);
  const paths = result.exitCode === 0 ? porcelainPaths(result.stdout) : [dir];
  const real = await Promise.all(paths.map((p) => realpath(p).catch(() => p)));
  return [...new Set([...paths, ...real])];
}

/** The `worktree <path>` entries of `git worktree list --porcelain -z` output, without bare ones. */
export function porcelainPaths(output: string): string[] {
  const out: string[] = [];
  let current: string | undefined;
  let bare = false;
  const flush = (): void => {
    if (current !== undefined && !bare) out.push(current);
    current = undefined;
    bare = false;
  };
  for (const field of output.split('\0')) {
    if (field === '') flush();
    else if (field.startsWith('worktree ')) {
      flush();
      current = field.slice('worktree '.length);
    } else if (field === 'bare') bare = true;
  }
  flush();
  return out;
}
