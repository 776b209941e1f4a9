/**
 * What a start that failed half-way leaves in git — a worktree on `revise/<id>`, that branch, the
 * run-scoped refs (`refs/revise/prior|base/<id>`, `refs/revise/rounds/<id>/…`) — with no run that
 * owns it. `rollbackStart` undoes one start; `findLeftovers` lists every such id against the runs
 * the store knows, and `removeLeftovers` removes them. Backup refs are never removed, and a
 * leftover worktree with work of its own is backed up first (see removeWorktree).
 */
import { existsSync } from 'node:fs';
import type { Backup } from '../core/model';
import { BACKUP_PREFIX, createBackup } from './backups';
import { removeWorktree } from './cleanup';
import { gitOr, gitStatus } from './exec';
import { assertSafeRunId } from './refSafety';

/** One run id's leftovers. */
export interface Leftover {
  runId: string;
  /** The worktree folder checked out on `revise/<runId>`, if any. */
  worktree?: string;
  /** Refs that name the id (the branch and run-scoped refs; backups are not listed). */
  refs: string[];
}

const SCOPED = ['refs/heads/revise/', 'refs/revise/prior/', 'refs/revise/base/', 'refs/revise/rounds/'] as const;

function idOf(ref: string): string | undefined {
  for (const prefix of SCOPED) if (ref.startsWith(prefix)) return ref.slice(prefix.length).split('/')[0];
  return undefined;
}

async function worktreesByRun(repoDir: string): Promise<Map<string, string>> {
  const out = await gitOr('worktree-failed', 'Could not list the worktrees', repoDir, ['worktree', 'list', '--porcelain', '-z']);
  const found = new Map<string, string>();
  let path = '';
  for (const field of out.split('\0')) {
    if (field.startsWith('worktree ')) path = field.slice('worktree '.length);
    else if (field.startsWith('branch refs/heads/revise/')) found.set(field.slice('branch refs/heads/revise/'.length), path);
  }
  return found;
}

/** Git leftovers of run ids not in `known`. */
export async function findLeftovers(repoDir: string, known: ReadonlySet<string>): Promise<Leftover[]> {
  const out = await gitOr('git-failed', 'Could not list the refs', repoDir, ['for-each-ref', '--format=%(refname)', ...SCOPED]);
  const byId = new Map<string, Leftover>();
  const entry = (runId: string) => byId.get(runId) ?? byId.set(runId, { runId, refs: [] }).get(runId)!;
  for (const ref of out.split('\n').filter(Boolean)) {
    const id = idOf(ref);
    if (id && !known.has(id)) entry(id).refs.push(ref);
  }
  for (const [id, path] of await worktreesByRun(repoDir)) if (!known.has(id)) entry(id).worktree = path;
  return [...byId.values()].sort((a, b) => a.runId.localeCompare(b.runId));
}

/** Whether every commit of `ref` is also on a remote-tracking ref, a branch or a backup ref. */
async function keptElsewhere(repoDir: string, ref: string): Promise<boolean> {
  const result = await gitStatus(repoDir, ['rev-list', '-n1', ref, '--not', '--remotes', '--branches', `--glob=${BACKUP_PREFIX}*`, '--']);
  return result.exitCode === 0 && result.stdout.trim() === '';
}

/**
 * Remove one id's leftovers: its worktree (backed up first when it holds work of its own), branch
 * and run-scoped refs. A round pin whose commits nothing else keeps becomes a backup first.
 */
export async function removeLeftover(repoDir: string, leftover: Leftover): Promise<Backup[]> {
  assertSafeRunId(leftover.runId);
  const backups: Backup[] = [];
  const { backup } = await removeWorktree(repoDir, leftover.runId, leftover.worktree ?? '');
  if (backup) backups.push(backup);
  const branch = `refs/heads/revise/${leftover.runId}`;
  for (const ref of leftover.refs) {
    // The branch stays when removeWorktree kept it (commits on no remote and no backup made).
    if (ref === branch) continue;
    if (ref.startsWith('refs/revise/rounds/') && !(await keptElsewhere(repoDir, ref))) backups.push(await createBackup(repoDir, leftover.runId, ref, `${ref}, a round head of a run that no longer exists`));
    await gitStatus(repoDir, ['update-ref', '-d', ref]);
  }
  return backups;
}

/**
 * Undo a start that failed after its first git step: the worktree (fresh, nothing of the user's
 * in it), the run branch and the run-scoped refs. Throws when something could not be removed; the
 * caller reports it (and `revise leftovers` lists it). Returns how many things it removed.
 */
export async function rollbackStart(repoDir: string, runId: string): Promise<number> {
  assertSafeRunId(runId);
  const [leftover] = (await findLeftovers(repoDir, new Set())).filter((l) => l.runId === runId);
  let removed = 0;
  const made = leftover?.worktree;
  if (made !== undefined) {
    await gitStatus(repoDir, ['worktree', 'remove', '--force', '--end-of-options', made]);
    removed++;
  }
  await gitOr('worktree-failed', 'Could not prune worktrees', repoDir, ['worktree', 'prune']);
  for (const ref of leftover?.refs ?? []) {
    await gitOr('git-failed', `Could not delete ${ref}`, repoDir, ['update-ref', '-d', ref]);
    removed++;
  }
  if (made !== undefined && existsSync(made)) throw new Error(`the folder ${made} could not be removed`);
  return removed;
}
