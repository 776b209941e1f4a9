/** Waiting on a file another process writes (an e2e hook, an agent): an event, never a timed guess. */
import { existsSync, watch } from 'node:fs';
import { join } from 'node:path';

/** Resolves once `file` exists (now or after a change in its folder). */
export function fileAppears(file: string): Promise<void> {
  if (existsSync(file)) return Promise.resolve();
  return new Promise((done) => {
    const watcher = watch(join(file, '..'), () => {
      if (!existsSync(file)) return;
      watcher.close();
      done();
    });
    // The file may have appeared between the check above and the watch starting.
    if (existsSync(file)) {
      watcher.close();
      done();
    }
  });
}
