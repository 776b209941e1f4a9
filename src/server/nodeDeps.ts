/**
 * The server's dependencies on Node and git. The run store is read here directly, read-only:
 * `RunStore.list()` moves a corrupt `run.json` aside, which a viewer in another editor must not do.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Run } from '../core/model';
import { migrateRunDocument } from '../store/migrate';
import { watchRunStore } from '../store/watchRunStore';
import type { ServerDeps } from './deps';

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
