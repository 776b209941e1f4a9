/**
 * The server's dependencies on Node and git. The run store is read here directly, read-only:
 * `RunStore.list()` moves a corrupt `run.json` aside, which a viewer in another editor must not do.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Run } from '../core/model';
import { migrateRunDocument } from '../store/migrate';
import type { Disposable, ServerDeps } from './deps';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch {
    return undefined;
  }
}

/** Runs in `<commonDir>/revise/runs/*\/run.json` that parse and validate; others are skipped. */
export async function readRunsReadOnly(commonDir: string): Promise<Run[]> {
  const root = join(commonDir, 'revise', 'runs');
  let ids: string[];
  try {
    ids = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
  const runs = await Promise.all(
    ids.map(async (id) => {
      try {
        const migrated = migrateRunDocument(JSON.parse(await readFile(join(root, id, 'run.json'), 'utf8')));
        if (migrated.kind !== 'current' && migrated.kind !== 'migrated') return undefined;
        const parsed = Run.safeParse(migrated.doc);
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return runs.filter((r): r is Run => r !== undefined);
}

/**
 * Watch the run store: the runs folder for runs coming and going, and each run's folder for its
 * `run.json` being replaced. Plain (non-recursive) watchers only, so every change is an inotify
 * event. Before the store exists, the deepest existing folder on the way to it is watched.
 */
export function watchRunStore(commonDir: string, onChange: () => void): Disposable {
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
        runWatchers.set(id, watch(join(runsDir, id), onChange));
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
    outer = watch(level, arm);
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

export function nodeDeps(log?: (message: string) => void): ServerDeps {
  return {
    readFile: (path) => readFile(path, 'utf8').catch(() => undefined),
    readFileAtCommit: (root, commit, relPath) => git(root, ['show', `${commit}:${relPath}`]),
    standalone: {
      gitCommonDir: async (folder) => {
        const out = (await git(folder, ['rev-parse', '--git-common-dir']))?.trim();
        if (!out) return undefined;
        return isAbsolute(out) ? out : resolve(folder, out);
      },
      readRuns: readRunsReadOnly,
      watchRuns: watchRunStore,
    },
    ...(log ? { log } : {}),
  };
}
