/**
 * Staging everything a worktree holds, sparse checkouts included. Plain `git add --all -- :/`
 * silently leaves out paths outside the sparse-checkout cone (a modified skip-worktree file, a new
 * file there) and exits 0, so a round's fix outside the cone would be in no commit and no backup.
 * `--sparse` (git ≥ 2.34) stages them too; a git too old for it is refused with the next step rather
 * than dropping work.
 */
import { GitError } from '../core/errors';
import { git, gitOutput, gitStatus, type GitCallOptions } from './exec';

/** Whether the worktree at `dir` uses a sparse checkout (its own or the repository's config). */
export async function isSparse(dir: string): Promise<boolean> {
  const result = await gitStatus(dir, ['config', '--type=bool', 'core.sparseCheckout']);
  return result.exitCode === 0 && result.stdout.trim() === 'true';
}

/** `git add --all` of every path in `dir` (untracked included, ignored not), into the index `options.env` names. */
export async function stageAll(dir: string, options: GitCallOptions = {}): Promise<void> {
  const sparse = await isSparse(dir);
  try {
    await git(dir, ['add', '--all', ...(sparse ? ['--sparse'] : []), '--', ':/'], options);
  } catch (error) {
    const said = gitOutput(error);
    if (sparse && /unknown option.*sparse/.test(said)) {
      throw new GitError('sparse-unsupported', `${dir} uses a sparse checkout and this git cannot stage paths outside its cone (\`git add --sparse\` needs git 2.34 or newer). Update git, or run \`git -C "${dir}" sparse-checkout disable\`, then retry; the files are still in the worktree.`, { cause: error });
    }
    throw new GitError('git-failed', `Could not stage the changes in ${dir}: ${said}`, { cause: error });
  }
}
