/**
 * Keeping every round's head and the run's branch honest (docs/restore.md, docs/agent-safety.md).
 *
 * - Each round's head is pinned by `refs/revise/rounds/<runId>/<k>`, so a later reset, rebase or
 *   amend cannot leave it on no ref.
 * - Before a round, the worktree must hold the run branch's files: a commit made on `revise/<id>`
 *   from another checkout moves the branch but not the worktree's index and files, and committing
 *   them as they are would silently revert it.
 * - After a round, the work is committed on `revise/<id>` only: an agent that switched the worktree
 *   to another branch or detached it has its work (commits and files) put on the run branch, and the
 *   other branch put back where it was. Whether the result still descends from the previous head
 *   is the caller's question (see `descends`).
 */
import { GitError } from '../core/errors';
import type { Backup } from '../core/model';
import { createBackup, snapshotWorktree } from './backups';
import { commitAll, headSha } from './commit';
import { gitOr, gitStatus } from './exec';
import { assertSafeRefName, assertSafeRunId, assertSafeRev } from './refSafety';
import { currentBranch, isAncestor, resolveCommit } from './repo';

/** The ref that pins round `index` of `runId`. */
export function roundRef(runId: string, index: number): string {
  return `refs/revise/rounds/${runId}/${index}`;
}

/** Pin `sha` as round `index`'s head (replacing an earlier pin of the same round). */
export async function pinRoundHead(repoDir: string, runId: string, index: number, sha: string): Promise<string> {
  assertSafeRunId(runId);
  assertSafeRev(sha);
  const ref = roundRef(runId, index);
  await gitOr('git-failed', `Could not pin round ${index}'s head`, repoDir, ['update-ref', '--create-reflog', '-m', `revise: round ${index} head`, ref, sha]);
  return ref;
}

/** Every local branch and its tip (to put back one that an agent moved). */
export async function branchTips(repoDir: string): Promise<Map<string, string>> {
  const out = await gitOr('git-failed', 'Could not list the branches', repoDir, ['for-each-ref', '--format=%(refname)%00%(objectname)', 'refs/heads/']);
  const tips = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [ref = '', sha = ''] = line.split('\0');
    tips.set(ref, sha);
  }
  return tips;
}

async function quietDiff(dir: string, args: string[]): Promise<boolean> {
  const result = await gitStatus(dir, args);
  if (result.exitCode > 1) throw new GitError('git-failed', `git ${args[0]} failed in ${dir}: ${result.stderr.trim()}`);
  return result.exitCode === 0;
}

export interface BranchCheck {
  /** The head the round starts from (`expected`, or the branch's new tip when it was brought in). */
  head: string;
  /** The branch's tip when it had moved ahead from elsewhere and the worktree was brought up to it. */
  advancedTo?: string;
}

/**
 * Before a round: the worktree is on `branch`, and its index holds the branch's tip. When the
 * branch was moved from outside the worktree (a commit made on it in another checkout), the
 * worktree is fast-forwarded to it when that is safe (the new tip descends from `expected` and the
 * worktree has no changes of its own); otherwise `branch-moved`, with the next step, and nothing
 * is changed.
 */
export async function checkRunBranch(worktree: string, branch: string, expected: string): Promise<BranchCheck> {
  assertSafeRefName(branch, 'branch');
  assertSafeRev(expected);
  const on = await currentBranch(worktree);
  if (on !== branch) {
    // Left on another branch or detached by hand: the round's settle step brings the work back.
    return { head: expected };
  }
  const head = await headSha(worktree);
  if (head === expected || (await quietDiff(worktree, ['diff-index', '--quiet', '--cached', 'HEAD', '--']))) {
    // Either nothing moved, or the index follows HEAD: commits made in the worktree itself.
    return { head };
  }
  const indexAtExpected = await quietDiff(worktree, ['diff-index', '--quiet', '--cached', expected, '--']);
  const filesMatchIndex = await quietDiff(worktree, ['diff-files', '--quiet']);
  if (indexAtExpected && filesMatchIndex && (await isAncestor(worktree, expected, head))) {
    await gitOr('git-failed', `Could not bring the worktree ${worktree} up to ${branch}`, worktree, ['read-tree', '-m', '-u', expected, head]);
    return { head, advancedTo: head };
  }
  throw new GitError(
    'branch-moved',
    `The run branch ${branch} was moved outside its worktree (to ${head.slice(0, 12)}; the worktree still holds ${expected.slice(0, 12)}), and running a round now would revert that. Nothing was changed. To take the branch's commits, run \`git -C "${worktree}" stash --include-untracked\` if you have changes there, then \`git -C "${worktree}" reset --hard ${head.slice(0, 12)}\`; to drop them, \`git -C "${worktree}" reset --soft ${expected.slice(0, 12)}\`. Then retry the round.`,
    { details: { branch, expected, head } },
  );
}

export interface SettledRound {
  /** The run branch's tip after the round's work was committed. */
  headAfter: string;
  /** The branch (short name) or `detached HEAD` the worktree was on when the agent finished, when not the run branch. */
  switchedFrom?: string;
  /** Another branch the agent moved, put back to where it was before the round. */
  restoredBranch?: { branch: string; to: string };
  backups: Backup[];
}

/**
 * After a round: commit what the agent left on `branch`. When the worktree is elsewhere (another
 * branch, detached), its HEAD plus uncommitted files become one commit on `branch`, the worktree is
 * put back on `branch` (its files untouched), and the other branch is reset to its tip in
 * `before` (or deleted if the agent created it) — its commits are on `branch` now, never pushed.
 */
export async function settleRoundWork(input: { repoDir: string; runId: string; worktree: string; branch: string; message: string; before: Map<string, string> }): Promise<SettledRound> {
  const { repoDir, runId, worktree, branch, message, before } = input;
  assertSafeRefName(branch, 'branch');
  const on = await currentBranch(worktree);
  if (on === branch) {
    const committed = await commitAll(worktree, message);
    return { headAfter: committed ?? (await headSha(worktree)), backups: [] };
  }
  const agentTip = await headSha(worktree);
  const work = await snapshotWorktree(worktree, agentTip, message);
  const ref = `refs/heads/${branch}`;
  const backups: Backup[] = [];
  const branchTip = await resolveCommit(repoDir, ref);
  if (branchTip && !(await isAncestor(repoDir, branchTip, work))) {
    backups.push(await createBackup(repoDir, runId, branchTip, `the run branch's tip, before the round's work from ${on ?? 'a detached HEAD'} replaced it`));
  }
  await gitOr('git-failed', `Could not move ${branch} to the round's work`, repoDir, ['update-ref', '-m', `revise: round work from ${on ?? 'a detached HEAD'}`, ref, work, branchTip ?? '']);
  await gitOr('git-failed', `Could not put the worktree back on ${branch}`, worktree, ['symbolic-ref', '-m', 'revise: back on the run branch', 'HEAD', ref]);
  // The index follows the new HEAD; the files in the worktree already are its content.
  await gitOr('git-failed', `Could not refresh the index of ${worktree}`, worktree, ['reset', '--quiet', '--mixed', 'HEAD', '--']);
  const settled: SettledRound = { headAfter: work, switchedFrom: on ?? 'detached HEAD', backups };
  if (on !== null) {
    const otherRef = `refs/heads/${on}`;
    const was = before.get(otherRef);
    if (was !== agentTip) {
      // Compare-and-swap on the agent's tip: a branch someone else moved meanwhile is left alone.
      const args = was ? ['update-ref', '-m', 'revise: undo the agent moving this branch', otherRef, was, agentTip] : ['update-ref', '-d', otherRef, agentTip];
      if ((await gitStatus(repoDir, args)).exitCode === 0) settled.restoredBranch = { branch: on, to: was ?? '(deleted)' };
    }
  }
  return settled;
}

/** Whether `head` still contains `previous` (false after a reset, rebase, amend or squash). */
export async function descends(repoDir: string, previous: string, head: string): Promise<boolean> {
  return previous === head || isAncestor(repoDir, previous, head);
}

/**
 * Put the run branch back at `previous` (the user chose to restore it after a rewrite): the
 * current head and any uncommitted files are pinned in a backup first, then `reset --hard`.
 */
export async function restorePreviousHead(repoDir: string, runId: string, worktree: string, previous: string): Promise<Backup> {
  assertSafeRev(previous);
  const backup = await createBackup(repoDir, runId, 'HEAD', `the rewritten head, before restoring ${previous.slice(0, 12)}`, { includeUncommittedFrom: worktree });
  await gitOr('git-failed', `Could not put ${worktree} back at ${previous.slice(0, 12)} (the rewritten head is kept in ${backup.ref})`, worktree, ['reset', '--quiet', '--hard', previous, '--']);
  return backup;
}
