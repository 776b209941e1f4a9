/** The real file system as the findings path check sees it (see `checkWorktreePath`). */
import { realpath, stat } from 'node:fs/promises';
import type { WorktreeFs } from '../core/findings';

/** Node's `realpath` and `stat` under `worktree`. */
export function nodeWorktreeFs(worktree: string): WorktreeFs {
  return {
    worktree,
    realpath: (p) => realpath(p),
    exists: (p) => stat(p).then(() => true, () => false),
  };
}
