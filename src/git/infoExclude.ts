/**
 * The repository's own ignore list (`info/exclude` in the common git folder, shared by every
 * worktree). Revise adds its round folder there rather than a `.gitignore` inside the folder, because
 * some agent CLIs (Gemini CLI) refuse to read a file that a `.gitignore` ignores, while git's
 * exclusion applies the same to Revise's commit and to an agent's own `git add --all`.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { gitOr } from './exec';

/** Make sure `pattern` is a line of the repository's `info/exclude`; adds it once with `comment` above it. */
export async function ensureExcluded(worktree: string, pattern: string, comment: string): Promise<void> {
  const relative = (await gitOr('git-failed', `Could not find the ignore list of ${worktree}`, worktree, ['rev-parse', '--git-path', 'info/exclude'])).trim();
  const file = resolve(worktree, relative);
  const current = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  if (current.split(/\r?\n/).includes(pattern)) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${current === '' || current.endsWith('\n') ? '' : '\n'}# ${comment}\n${pattern}\n`);
}
