/**
 * Which runs wait for the user, and which of those decisions are new. Node only, no `vscode`, so
 * the badge count and the "open the panel" rule are unit-tested without a window.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Run } from '../../core/model';

/** A run whose pending decision the user can act on now (not while a round is queued or running). */
export function isWaiting(run: Pick<Run, 'status' | 'pendingDecision' | 'rounds'>): boolean {
  return run.status === 'awaiting-decision' && Boolean(run.pendingDecision) && !run.rounds.some((r) => r.status === 'queued');
}

/**
 * Remembers the decision each run waits on. A decision is new the first time it is seen, if it was
 * raised after `since` (this window's start): decisions already waiting when the window opened are
 * shown by the badge, not pushed at the user, and one raised while the runs first load still counts.
 */
export class DecisionWatch {
  private readonly seen = new Map<string, string>();

  constructor(private readonly since: Date) {}

  /** The runs of `runs` whose waiting decision is new. */
  newDecisions(runs: readonly Run[]): Run[] {
    const fresh: Run[] = [];
    for (const run of runs) {
      const decision = run.pendingDecision;
      if (!decision || !isWaiting(run) || this.seen.get(run.id) === decision.id) continue;
      this.seen.set(run.id, decision.id);
      if (Date.parse(decision.raisedAt) >= this.since.getTime()) fresh.push(run);
    }
    return fresh;
  }
}

/**
 * The folder that holds the runs of the repository at `folder` (`<git-common-dir>/revise/runs`),
 * read from `.git` itself (a folder, or a worktree's `gitdir:` file and its `commondir`) without
 * running git. Undefined when `folder` is not the top of a repository.
 */
export async function runsFolder(folder: string): Promise<string | undefined> {
  const dotGit = join(folder, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (!info) return undefined;
  if (info.isDirectory()) return join(dotGit, 'revise', 'runs');
  const gitdir = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(dotGit, 'utf8').catch(() => ''))?.[1];
  if (!gitdir) return undefined;
  const gitDirPath = isAbsolute(gitdir) ? gitdir : resolve(folder, gitdir);
  const common = (await readFile(join(gitDirPath, 'commondir'), 'utf8').catch(() => '')).trim();
  return join(common ? resolve(gitDirPath, common) : gitDirPath, 'revise', 'runs');
}
