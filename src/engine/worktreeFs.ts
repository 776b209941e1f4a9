/**
 * The real file system as the findings path check sees it (see `checkWorktreePath`).
 *
 * Each path is read synchronously, once: an import of 100,000 results on 1,000 files checks and
 * reads each file once, and an asynchronous read costs four thread-pool round trips (open, stat,
 * read, close) that took several times as long as the reads themselves while the import waited
 * anyway (1,000 files: ~100 ms of the main thread against ~15 ms; same finding as RunStore.list).
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import type { WorktreeFs } from '../core/findings';

/** Node's `realpath` and `stat` under `worktree`, each path asked once (an import may name one file thousands of times). */
export function nodeWorktreeFs(worktree: string): WorktreeFs {
  return {
    worktree,
    realpath: once(syncly((p) => realpathSync(p))),
    exists: once(syncly(existsSync)),
  };
}

/** A file's text as `fs.promises.readFile(path, 'utf8')` gives it (read synchronously, once per path). */
export function readTextOnce(): (path: string) => Promise<string> {
  return once(syncly((p) => readFileSync(p, 'utf8')));
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

/** A synchronous read as a promise: its value, or its error as the rejection. */
function syncly<T>(read: (path: string) => T): (path: string) => Promise<T> {
  // eslint-disable-next-line @typescript-eslint/require-await -- the async wrapper turns a thrown error into the rejection
  return async (path) => read(path);
}
