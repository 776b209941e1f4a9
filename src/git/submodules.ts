/**
 * Submodules of a run's worktree. A round can commit inside a submodule; the superproject then
 * records a gitlink to a commit that exists only in the worktree's module store
 * (`<common dir>/worktrees/<name>/modules/…`). Pushing the superproject alone would publish a link
 * to a commit no one can fetch, and removing the worktree would delete the commit. So:
 * before a push, each such commit is pushed to the submodule's own remote (on `revise/<runId>`),
 * or the push is refused with the reason; before a worktree is removed, unpushed submodule work is
 * pinned by a backup ref in the submodule and copied into the superproject's backup refs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../core/errors';
import type { Backup } from '../core/model';
import { commitsNotOnRemotes, createBackup, snapshotWorktree } from './backups';
import { headSha } from './commit';
import { firstLine, git, gitOr, gitStatus } from './exec';
import { DEFAULT_NETWORK_TIMEOUT_MS } from './probe';
import { assertSafeRunId } from './refSafety';

interface Gitlink {
  path: string;
  sha: string;
}

/** Gitlinks (submodule commits) recorded in `commit`. */
async function gitlinksAt(dir: string, commit: string): Promise<Gitlink[]> {
  const out = await gitOr('git-failed', `Could not list the submodules of ${commit}`, dir, ['ls-tree', '-r', '-z', commit]);
  const links: Gitlink[] = [];
  for (const entry of out.split('\0').filter(Boolean)) {
    const [meta = '', path = ''] = entry.split('\t');
    const [mode, , sha = ''] = meta.split(' ');
    if (mode === '160000') links.push({ path, sha });
  }
  return links;
}

/** Submodules checked out (initialised) in `worktree`, at the paths its index records (a submodule added but not committed yet included). */
async function initialised(worktree: string): Promise<Gitlink[]> {
  const out = await gitOr('git-failed', `Could not list the submodules of ${worktree}`, worktree, ['ls-files', '--stage', '-z']);
  const links: Gitlink[] = [];
  for (const entry of out.split('\0').filter(Boolean)) {
    const [meta = '', path = ''] = entry.split('\t');
    const [mode, sha = ''] = meta.split(' ');
    if (mode === '160000' && existsSync(join(worktree, path, '.git'))) links.push({ path, sha });
  }
  return links;
}

async function hasCommit(dir: string, sha: string): Promise<boolean> {
  return (await gitStatus(dir, ['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
}

async function onSomeRemote(dir: string, sha: string): Promise<boolean> {
  const result = await gitStatus(dir, ['rev-list', '-n1', sha, '--not', '--remotes', '--']);
  return result.exitCode === 0 && result.stdout.trim() === '';
}

/**
 * Before pushing `head`: every gitlink that `head` records and that differs from `remoteSha`'s is
 * pushed to its submodule's remote as `refs/heads/revise/<runId>` when no remote-tracking ref of the
 * submodule has it (after a fetch). `submodule-unpushed` when that cannot be done; nothing else
 * is pushed then. Returns the paths pushed.
 */
export async function pushSubmoduleCommits(worktree: string, runId: string, remoteSha: string | null, head: string): Promise<string[]> {
  assertSafeRunId(runId);
  const before = new Map((remoteSha && (await hasCommit(worktree, remoteSha)) ? await gitlinksAt(worktree, remoteSha) : []).map((l) => [l.path, l.sha]));
  const pushed: string[] = [];
  for (const link of await gitlinksAt(worktree, head)) {
    if (before.get(link.path) === link.sha) continue;
    const sub = join(worktree, link.path);
    // Not checked out here, or a commit this worktree never had: it came from elsewhere (a merge of the base).
    if (!existsSync(join(sub, '.git')) || !(await hasCommit(sub, link.sha))) continue;
    const remote = firstLine((await gitStatus(sub, ['remote'])).stdout);
    const refuse = (why: string) =>
      new GitError('submodule-unpushed', `The run records the submodule ${link.path} at ${link.sha.slice(0, 12)}, a commit on none of its remote's branches, and it could not be pushed: ${why}. Push it yourself (\`git -C "${sub}" push <remote> ${link.sha.slice(0, 12)}:refs/heads/<branch>\`) and push again. Nothing was pushed.`, { details: { path: link.path, sha: link.sha } });
    if (!remote) throw refuse('the submodule has no remote');
    await gitStatus(sub, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', remote], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
    if (await onSomeRemote(sub, link.sha)) continue;
    const result = await gitStatus(sub, ['push', '--porcelain', '--no-verify', '--end-of-options', remote, `${link.sha}:refs/heads/revise/${runId}`], { timeoutMs: DEFAULT_NETWORK_TIMEOUT_MS });
    if (result.exitCode !== 0) throw refuse(firstLine(result.stderr) || result.stdout.trim());
    pushed.push(link.path);
  }
  return pushed;
}

/**
 * Before removing `worktree`: each initialised submodule whose HEAD (plus uncommitted files) holds
 * commits on none of its remotes is pinned by a backup ref in the submodule, and that ref is
 * fetched into the superproject (`repoDir`), which outlives the worktree's module store.
 */
export async function backupSubmodules(repoDir: string, runId: string, worktree: string): Promise<Backup[]> {
  const backups: Backup[] = [];
  for (const link of await initialised(worktree)) {
    const sub = join(worktree, link.path);
    const work = await snapshotWorktree(sub, await headSha(sub), 'revise: uncommitted submodule changes (backup)');
    if (await onSomeRemote(sub, work)) continue;
    const reason = `submodule ${link.path}: commits on none of its remotes, before removing the run worktree`;
    const inSub = await createBackup(sub, runId, work, reason);
    const gitDir = (await git(sub, ['rev-parse', '--absolute-git-dir'])).trim();
    await gitOr('git-failed', `Could not copy the backup of submodule ${link.path} into the repository`, repoDir, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', gitDir, `+${inSub.ref}:${inSub.ref}`]);
    backups.push({ ...inSub, commits: await commitsNotOnRemotes(sub, work) });
  }
  return backups;
}
