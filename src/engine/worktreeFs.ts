/** The real file system as the findings path check sees it (see `checkWorktreePath`). */
import { realpath, stat } from 'node:fs/promises';
import type { WorktreeFs } from '../core/findings';

/** Node's `realpath` and `stat` under `worktree`, each path asked once (an import may name one file thousands of times). */
export function nodeWorktreeFs(worktree: string): WorktreeFs {
  return {
    worktree,
    realpath: once((p) => realpath(p)),
    exists: once((p) => stat(p).then(() => true, () => false)),
  };
}

/** `read` with each path's answer kept for the life of the returned function. */
export function once<T>(read: (path: string) => Promise<T>): (path: string) => Promise<T> {
  const answers = new Map<string, Promise<T>>();
  return (path) => {
    let answer = answers.get(path);
    if (!answer) answers.set(path, (answer = read(path)));
    return answer;
  };
}
