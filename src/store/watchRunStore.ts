/**
 * Watching the run store for writes by other processes (the CLI, another window, a language server
 * in another editor). Plain (non-recursive) `fs.watch` watchers only: every change is an inotify
 * event, where recursive watchers were seen to miss renames.
 */
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/**
 * Watch the run store: the runs folder for runs coming and going (`onChange()`), and each run's
 * folder for its `run.json` being replaced (`onChange(runId)`). Before the store exists, the deepest
 * existing folder on the way to it is watched.
 */
export function watchRunStore(commonDir: string, onChange: (runId?: string) => void): { dispose(): void } {
  const reviseDir = join(commonDir, 'revise');
  const runsDir = join(reviseDir, 'runs');
  let outer: FSWatcher | undefined;
  let watching: string | undefined;
  const runWatchers = new Map<string, FSWatcher>();
  let disposed = false;

  const syncRunWatchers = (): void => {
    let ids: string[];
    try {
      ids = readdirSync(runsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      ids = [];
    }
    for (const [id, w] of runWatchers) {
      if (!ids.includes(id)) {
        w.close();
        runWatchers.delete(id);
      }
    }
    for (const id of ids) {
      if (runWatchers.has(id)) continue;
      try {
        // Only run.json itself: the lock folder and the temporary files of atomic writes come and go on every write.
        runWatchers.set(id, watch(join(runsDir, id), (_event, file) => {
          if (file === null || file === 'run.json') onChange(id);
        }));
      } catch {
        // The folder went away between listing and watching; the next event re-syncs.
      }
    }
  };

  const arm = (): void => {
    if (disposed) return;
    // Folders may be created between any two checks, so re-check after every new watcher.
    const level = existsSync(runsDir) ? runsDir : existsSync(reviseDir) ? reviseDir : commonDir;
    if (level === watching) return;
    outer?.close();
    watching = level;
    if (level === runsDir) {
      outer = watch(runsDir, () => {
        syncRunWatchers();
        onChange();
      });
      syncRunWatchers();
      onChange();
      return;
    }
    outer = watch(level, () => arm());
    arm();
  };
  arm();
  return {
    dispose: () => {
      disposed = true;
      outer?.close();
      for (const w of runWatchers.values()) w.close();
      runWatchers.clear();
    },
  };
}

