/**
 * The repository of a folder read from the disk instead of asked of git, for the plain case only.
 * Starting `git rev-parse` was about 8 ms of a `revise status` of 100-odd ms; the answer is on the
 * disk when `dir` is the top of a repository's main working tree. Anything this file does not
 * recognise with certainty is left to git (`openRepo`), which stays the authority.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where a folder's repository is: its working tree and the git directory all its worktrees share. */
export interface RepoInfo {
  /** Absolute path of the working tree `dir` is in. */
  topLevel: string;
  /** Absolute path of the git directory shared by all worktrees. */
  commonDir: string;
}

/**
 * What git would answer for `dir` (see `openRepo`), read from the disk when `dir` is plainly the top
 * of a main working tree; otherwise undefined. Plainly means: `dir/.git` is a git directory (a
 * valid HEAD, `objects/` and `refs/`, no `commondir`) that, like `dir`, belongs to this user (git
 * refuses another user's repository unless `safe.directory` says otherwise), and whose config sets
 * no work tree, no bare flag, no include and no extension and is of format version 0. Not on
 * Windows, where git spells paths its own way. A subfolder or a linked worktree is undefined too.
 */
export function plainRepoLayout(dir: string): RepoInfo | undefined {
  if (process.platform === 'win32' || process.getuid === undefined) return undefined;
  const uid = process.getuid();
  const top = resolve(dir);
  const gitDir = join(top, '.git');
  try {
    if (statSync(top).uid !== uid) return undefined;
    const git = statSync(gitDir);
    if (!git.isDirectory() || git.uid !== uid) return undefined;
    if (!statSync(join(gitDir, 'objects')).isDirectory() || !statSync(join(gitDir, 'refs')).isDirectory()) return undefined;
    if (!/^(ref: refs\/\S+|[0-9a-f]{40}|[0-9a-f]{64})\s*$/.test(readFileSync(join(gitDir, 'HEAD'), 'utf8'))) return undefined;
    if (existsSync(join(gitDir, 'commondir'))) return undefined;
    if (!plainConfig(readFileSync(join(gitDir, 'config'), 'utf8'))) return undefined;
    return { topLevel: realpathSync.native(top), commonDir: gitDir };
  } catch {
    return undefined;
  }
}

/**
 * Whether a repository's config leaves the layout as it looks: no `core.worktree` (nor
 * `extensions.worktreeConfig`, whose file may set one), no `core.bare` other than false, no
 * include (which could set either), no extension and format version 0. Any mention is enough to
 * ask git: a false alarm only costs the time saved.
 */
export function plainConfig(text: string): boolean {
  if (/worktree|include|extensions/i.test(text)) return false;
  for (const [, value] of text.matchAll(/^\s*bare\b\s*(?:=\s*(.*?))?\s*$/gim)) if (value?.toLowerCase() !== 'false') return false;
  for (const [, version] of text.matchAll(/^\s*repositoryformatversion\s*=\s*(.*?)\s*$/gim)) if (version !== '0') return false;
  return true;
}

