/**
 * Re-create a worktree's `.git` file when something (an agent) deleted it. `git worktree repair`
 * cannot help then — it needs that file to find the repository — but the repository still knows
 * the worktree: `<commonDir>/worktrees/<name>/gitdir` names `<worktree>/.git`.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GitError } from '../core/errors';

/** Returns true when the link was missing and has been written back. */
export async function restoreWorktreeLink(commonDir: string, worktree: string): Promise<boolean> {
  const dotGit = join(worktree, '.git');
  if (existsSync(dotGit)) return false;
  const admin = join(commonDir, 'worktrees');
  const wanted = new Set([resolve(dotGit), join(await realpath(worktree).catch(() => resolve(worktree)), '.git')]);
  for (const name of await readdir(admin).catch(() => [] as string[])) {
    const pointer = (await readFile(join(admin, name, 'gitdir'), 'utf8').catch(() => '')).trim();
    if (wanted.has(resolve(pointer))) {
      await writeFile(dotGit, `gitdir: ${join(admin, name)}\n`);
      return true;
    }
  }
  throw new GitError('worktree-failed', `The worktree ${worktree} lost its .git file and the repository has no record of it; its files are intact, but commit them by hand (git -C "${worktree}" …) after re-adding it.`);
}
