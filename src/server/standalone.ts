/**
 * Standalone mode (another editor runs `revise-lsp --stdio` without sending findings): find the
 * repository of the workspace folder, show the findings of every run that is not settled, and
 * reload when the run store changes. Read-only: nothing is ever written to the store.
 *
 * Diagnostics go to the files of each run's worktree (the findings' paths are relative to it and
 * anchored to its commits); nothing is mapped onto the main checkout, whose files may differ.
 */
import { type Run } from '../core/model';
import { isSettled, lastRound } from '../core/runFacts';
import type { RunFindings } from '../shared/protocol';
import type { StandaloneDeps } from './deps';

export interface StandaloneHost {
  setRoot(root: string, runs: readonly RunFindings[]): void;
  /** Roots currently shown (to clear those whose runs ended). */
  roots(): string[];
  log(message: string): void;
}

/** Start reading and watching the run store; resolves to a function that stops watching. */
export async function startStandalone(folder: string, deps: StandaloneDeps, host: StandaloneHost): Promise<() => void> {
  const commonDir = await deps.gitCommonDir(folder);
  if (!commonDir) {
    host.log(`Revise: ${folder} is not inside a git repository; no findings to show.`);
    return () => undefined;
  }
  let shown = new Set<string>();
  let loading: Promise<void> = Promise.resolve();
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const load = async (): Promise<void> => {
    let runs: Run[];
    try {
      runs = await deps.readRuns(commonDir);
    } catch (error) {
      host.log(`Revise: could not read the run store in ${commonDir}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const byRoot = groupByWorktree(runs.filter((r) => !isSettled(r)));
    for (const root of shown) if (!byRoot.has(root)) host.setRoot(root, []);
    for (const [root, list] of byRoot) host.setRoot(root, list);
    shown = new Set(byRoot.keys());
  };
  // Loads never overlap; a change during a load triggers one more load after it.
  const reload = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (again) return;
      again = true;
      loading = loading.then(() => {
        again = false;
        return load();
      });
    }, 50);
  };

  const watcher = deps.watchRuns(commonDir, reload);
  loading = load();
  await loading;
  return () => {
    if (timer) clearTimeout(timer);
    watcher.dispose();
  };
}

function groupByWorktree(runs: readonly Run[]): Map<string, RunFindings[]> {
  const map = new Map<string, RunFindings[]>();
  for (const run of runs) {
    const entry: RunFindings = { runId: run.id, round: lastRound(run)?.index ?? 0, findings: run.findings };
    const list = map.get(run.worktree);
    if (list) list.push(entry);
    else map.set(run.worktree, [entry]);
  }
  return map;
}
