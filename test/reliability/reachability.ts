/**
 * The reliability suite's one question after every fault: is every commit that ever existed in the
 * run still reachable from a branch, a backup ref (`refs/revise/...`) or the remote's refs? A
 * `CommitLedger` collects commits while a trial runs (the prior attempt's tip, what each round
 * recorded, what the worktree's HEAD ever pointed at, what an agent said it committed before it was
 * killed); `checkReachability` answers with `{checked, lost}`. `assertRunRecoverable` checks the
 * other half of the promise: the store loads and the run offers a sensible next decision.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { DecisionOption, Run } from '../../src/core/model';
import { Engine } from '../../src/engine';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 }).trim();
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Every commit seen during a trial, with where it was seen first (for the failure message). */
export class CommitLedger {
  private readonly seen = new Map<string, string>();

  /** Record one commit (a full SHA); empty values are ignored. */
  add(sha: string | null | undefined, origin: string): void {
    if (sha && /^[0-9a-f]{40}$/.test(sha) && !this.seen.has(sha)) this.seen.set(sha, origin);
  }

  /** Every commit the worktree's HEAD ever pointed at (its reflog survives a deleted branch). */
  addWorktree(worktree: string, origin = 'worktree HEAD'): void {
    if (!existsSync(worktree)) return;
    try {
      for (const sha of lines(git(worktree, ['reflog', 'show', '--format=%H', 'HEAD', '--']))) this.add(sha, `${origin} reflog`);
    } catch {
      // A HEAD without a reflog (or an unborn branch): the commits are still collected from the run.
    }
    try {
      this.add(git(worktree, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']), origin);
    } catch {
      // unborn HEAD: nothing to add
    }
  }

  /** The restored tip, every round's heads and every backup's commits a run recorded. */
  addRun(run: Run): void {
    this.add(run.restoredSha, `run ${run.id} restored tip`);
    for (const round of run.rounds) {
      this.add(round.headBefore, `run ${run.id} round ${round.index} headBefore`);
      this.add(round.headAfter, `run ${run.id} round ${round.index} headAfter`);
    }
    for (const backup of run.backups) {
      this.add(backup.sha, `backup ${backup.ref}`);
      for (const commit of backup.commits) this.add(commit.sha, `backup ${backup.ref} commit`);
    }
  }

  get size(): number {
    return this.seen.size;
  }

  entries(): Array<[sha: string, origin: string]> {
    return [...this.seen];
  }
}

export interface Reachability {
  /** How many commits were checked. */
  checked: number;
  /** The ones reachable from nothing, with where each was seen. */
  lost: Array<{ sha: string; origin: string }>;
}

/** Commits reachable from the given refs of `repo` (empty when it has none). */
function reachableFrom(repo: string, patterns: string[]): Set<string> {
  const tips = lines(git(repo, ['for-each-ref', '--format=%(objectname)', ...patterns]));
  if (tips.length === 0) return new Set();
  // Tags may point at tag objects; peel everything to commits and walk from there.
  const out = execFileSync('git', ['rev-list', '--stdin'], { cwd: repo, input: `${[...new Set(tips)].join('\n')}\n`, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return new Set(lines(out));
}

/**
 * Whether every commit in `ledger` is reachable from a branch, tag or `refs/revise/...` ref of the
 * user's repository, or from any ref of the remote (a bare repository on disk). Remote-tracking
 * refs of the user's clone do not count: they are a cache the next fetch may move.
 */
export function checkReachability(input: { repo: string; remote: string; ledger: CommitLedger }): Reachability {
  const local = reachableFrom(input.repo, ['refs/heads', 'refs/tags', 'refs/revise']);
  const remote = reachableFrom(input.remote, ['refs']);
  const lost = input.ledger
    .entries()
    .filter(([sha]) => !local.has(sha) && !remote.has(sha))
    .map(([sha, origin]) => ({ sha, origin }));
  return { checked: input.ledger.size, lost };
}

/** Asserts that nothing in the ledger is lost; returns the number of commits checked. */
export function assertNothingLost(input: { repo: string; remote: string; ledger: CommitLedger }): number {
  const result = checkReachability(input);
  assert.deepEqual(result.lost, [], `commits no longer reachable from a branch, backup ref or the remote: ${JSON.stringify(result.lost)}`);
  return result.checked;
}

/**
 * A fresh engine (what a new process or a reloaded window sees) lists the run (its run.json loads),
 * and the run is waiting for a decision that offers `expect` (any one of the lists).
 */
export async function assertRunRecoverable(repo: string, runId: string, expect: DecisionOption[][]): Promise<Run> {
  const engine = await Engine.open(repo);
  try {
    const listing = await engine.list();
    assert.deepEqual(listing.quarantined.filter((q) => q.runId === runId), [], `run.json of ${runId} was not quarantined`);
    assert.deepEqual(listing.newer.filter((n) => n.runId === runId), []);
    const run = listing.runs.find((r) => r.id === runId);
    assert.ok(run, `run ${runId} is listed`);
    assert.equal(run.status, 'awaiting-decision', `run ${runId} waits for a decision (is ${run.status})`);
    const options = run.pendingDecision?.options ?? [];
    assert.ok(
      expect.some((wanted) => JSON.stringify(wanted) === JSON.stringify(options)),
      `run ${runId} offers ${JSON.stringify(options)}, expected one of ${JSON.stringify(expect)}`,
    );
    return run;
  } finally {
    engine.dispose();
  }
}

/** The options of each decision a run can sensibly offer after a fault. */
export const AFTER_FAILURE: DecisionOption[] = ['retry-round', 'request-changes', 'abort'];
export const AFTER_REVIEW: DecisionOption[] = ['approve', 'request-changes', 'abort'];
