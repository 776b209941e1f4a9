/**
 * The per-run lock that also holds across processes (proper-lockfile's `mkdir` lock). Only
 * contention is waited out: proper-lockfile's own retries would retry every failure — a full disk,
 * a read-only file system, missing permissions — for the whole budget, so it runs with none and
 * this loop retries `ELOCKED` alone.
 */
import { join } from 'node:path';
import type * as Lockfile from 'proper-lockfile';

/**
 * proper-lockfile, loaded by the first lock: with graceful-fs and signal-exit it loads Node's
 * `assert`, `constants` and more, a few milliseconds that a listing, which takes no lock, spares.
 */
function lockfile(): typeof Lockfile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('proper-lockfile') as typeof Lockfile;
}

/** How long a writer waits for another process to release the lock before `store-locked`. */
const CONTENTION_BUDGET_MS = 50_000;

/**
 * Take the lock of a run folder. Rejects with proper-lockfile's `ELOCKED` when the budget ran out
 * under contention, and with the file system's own error (`ENOENT`, `EROFS`, `ENOSPC`…) at once.
 */
export async function lockRunDir(dir: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + CONTENTION_BUDGET_MS;
  let delay = 5;
  for (;;) {
    try {
      return await lockfile().lock(dir, {
        lockfilePath: join(dir, 'run.lock'),
        realpath: false,
        stale: 10_000,
        update: 2_000,
        retries: 0,
        // The lock's mtime could not be refreshed (the disk went read-only or full while held). The
        // default throws from a timer and ends the process; the write under the lock fails on its own.
        onCompromised: () => undefined,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
      delay = Math.min(250, Math.ceil(delay * 1.3));
    }
  }
}
