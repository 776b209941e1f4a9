import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { listBackups, probeRemoteBranch, restoreWorktree } from '../../../src/git';
import { useRemoteFixture, pushFromSeed, sh, snapshotCheckout, writeFiles, type RemoteFixture } from '../../helpers/gitFixture';
import { closedPort } from '../../helpers/gitServer';

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<GitError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GitError, `expected a GitError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('restoreWorktree', () => {
  let fx: RemoteFixture;
  useRemoteFixture((made) => (fx = made));

  const base = (runId: string) => ({ runId, remote: 'origin', priorBranch: 'agent/fix-parser', baseBranch: 'main', strategy: 'restore' as const, baseUpdate: 'merge' as const });

  it('checks the prior tip out in a new worktree beside the repository and leaves the user checkout byte for byte as it was', async () => {
    // The user has work in progress: a staged change, an unstaged change, an untracked file and a stash.
    writeFiles(fx.user, { 'README.md': '# stashed edit\n' });
    sh(fx.user, ['-c', 'user.name=U', '-c', 'user.email=u@example.invalid', 'stash', 'push', '--quiet']);
    writeFiles(fx.user, { 'shared.txt': 'staged\n' });
    sh(fx.user, ['add', 'shared.txt']);
    writeFiles(fx.user, { 'README.md': '# unstaged\n', 'notes.txt': 'untracked\n' });
    const before = snapshotCheckout(fx.user);

    const result = await restoreWorktree({ repoDir: fx.user, ...base('run-happy') });

    assert.equal(result.worktree, join(`${fx.user}.revise`, 'run-happy'));
    assert.equal(result.localBranch, 'revise/run-happy');
    assert.equal(result.restoredSha, fx.priorSha);
    assert.equal(result.priorSha, fx.priorSha);
    assert.equal(result.baseSha, fx.baseSha);
    assert.equal(result.baseUpdate.result, 'up-to-date');
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD']), fx.priorSha);
    assert.equal(sh(result.worktree, ['symbolic-ref', '--short', 'HEAD']), 'revise/run-happy');
    assert.equal(readFileSync(join(result.worktree, 'fix.txt'), 'utf8'), 'the fix\n');
    assert.deepEqual(snapshotCheckout(fx.user), before);
  });
});

describe('restoreWorktree in awkward checkouts and over the network', () => {
  let fx: RemoteFixture;
  useRemoteFixture((made) => (fx = made));

  const opts = (runId: string, extra: Partial<Parameters<typeof restoreWorktree>[0]> = {}) => ({
    repoDir: fx.user,
    runId,
    remote: 'origin',
    priorBranch: 'agent/fix-parser',
    baseBranch: 'main',
    strategy: 'restore' as const,
    baseUpdate: 'merge' as const,
    ...extra,
  });

  it('restores while the prior branch itself is checked out in the user checkout, without moving it', async () => {
    sh(fx.user, ['checkout', '--quiet', 'agent/fix-parser']);
    pushFromSeed(fx, 'agent/fix-parser', 'attempt: more', { 'more.txt': 'more\n' });
    const before = snapshotCheckout(fx.user);
    const result = await restoreWorktree(opts('run-same-branch'));
    assert.notEqual(result.restoredSha, fx.priorSha, 'the newer remote tip is restored, not the stale local branch');
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD']), result.restoredSha);
    assert.ok(existsSync(join(result.worktree, 'more.txt')));
    assert.deepEqual(snapshotCheckout(fx.user), before);
  });

  it('restores while the user checkout is on a detached HEAD', async () => {
    sh(fx.user, ['checkout', '--quiet', '--detach', 'HEAD']);
    const before = snapshotCheckout(fx.user);
    const result = await restoreWorktree(opts('run-detached'));
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD']), fx.priorSha);
    assert.deepEqual(snapshotCheckout(fx.user), before);
  });

  it('puts the worktree under a chosen root or at an exact path, spaces and non-ASCII included', async () => {
    const rooted = await restoreWorktree(opts('run-rooted', { worktreeRoot: join(fx.root, 'wörk trees') }));
    assert.equal(rooted.worktree, join(fx.root, 'wörk trees', 'run-rooted'));
    const exact = await restoreWorktree(opts('run-exact', { worktreePath: join(fx.root, 'exäct dir') }));
    assert.equal(sh(exact.worktree, ['rev-parse', 'HEAD']), fx.priorSha);
  });

  it('refuses a worktree folder that already has files in it, changing nothing', async () => {
    writeFiles(join(fx.root, 'busy'), { 'keep.txt': 'mine\n' });
    const before = snapshotCheckout(fx.user);
    await rejectsWith(restoreWorktree(opts('run-busy', { worktreePath: join(fx.root, 'busy') })), 'worktree-failed');
    assert.equal(readFileSync(join(fx.root, 'busy', 'keep.txt'), 'utf8'), 'mine\n');
    assert.deepEqual(snapshotCheckout(fx.user), before);
  });

  it('fails with remote-branch-missing, naming the branch and refusing the base, when the prior branch is absent', async () => {
    const before = snapshotCheckout(fx.user);
    const error = await rejectsWith(restoreWorktree(opts('run-missing', { priorBranch: 'agent/never-pushed' })), 'remote-branch-missing');
    assert.match(error.message, /agent\/never-pushed/);
    assert.match(error.message, /origin/);
    assert.match(error.message, /Refusing to start from the base branch/);
    assert.match(error.message, /never pushed/);
    assert.equal(existsSync(join(`${fx.user}.revise`, 'run-missing')), false);
    assert.deepEqual(snapshotCheckout(fx.user), before);
  });

  it('fails with remote-unreachable (not remote-branch-missing) when nothing listens on the remote port', async () => {
    sh(fx.user, ['remote', 'set-url', 'origin', `git://127.0.0.1:${await closedPort()}/remote.git`]);
    const error = await rejectsWith(restoreWorktree(opts('run-unreachable')), 'remote-unreachable');
    assert.match(error.message, /origin/);
    assert.match(error.message, /credentials/);
    await rejectsWith(probeRemoteBranch(fx.user, 'origin', 'agent/fix-parser'), 'remote-unreachable');
  });

  it('fails with remote-not-found for a remote name that is not configured', async () => {
    const error = await rejectsWith(restoreWorktree(opts('run-noremote', { remote: 'upstream' })), 'remote-not-found');
    assert.match(error.message, /upstream/);
    assert.match(error.message, /origin/);
  });

  it('takes a base that exists only locally from the local branch, still restoring the prior attempt from the remote', async () => {
    sh(fx.user, ['branch', 'local-base', 'main']);
    const localBase = sh(fx.user, ['rev-parse', 'local-base']);
    const result = await restoreWorktree(opts('run-local-base', { baseBranch: 'local-base' }));
    assert.equal(result.restoredSha, fx.priorSha);
    assert.equal(result.baseSha, localBase);
    assert.equal(sh(fx.user, ['for-each-ref', 'refs/revise/base/']), '');
  });

  it('fails with remote-branch-missing naming the base, and makes no worktree, when the base is neither on the remote nor local', async () => {
    const error = await rejectsWith(restoreWorktree(opts('run-no-base', { baseBranch: 'nowhere' })), 'remote-branch-missing');
    assert.match(error.message, /"nowhere" exists neither/);
    assert.equal(existsSync(join(`${fx.user}.revise`, 'run-no-base')), false);
  });

  it('starts from the base only when --strategy fresh is chosen, and still reports the prior tip for the lease', async () => {
    pushFromSeed(fx, 'main', 'base moved', { 'merged.txt': 'merged\n' });
    const result = await restoreWorktree(opts('run-fresh', { strategy: 'fresh' }));
    assert.equal(result.restoredSha, result.baseSha);
    assert.equal(result.priorSha, fx.priorSha);
    assert.ok(existsSync(join(result.worktree, 'merged.txt')));
    assert.equal(existsSync(join(result.worktree, 'fix.txt')), false);
    const none = await restoreWorktree(opts('run-fresh-none', { strategy: 'fresh', priorBranch: 'agent/new-work' }));
    assert.equal(none.priorSha, null);
  });

  it('records no backups when nothing was rewritten', async () => {
    const result = await restoreWorktree(opts('run-nobackup'));
    assert.deepEqual(result.backups, []);
    assert.deepEqual(await listBackups(fx.user, 'run-nobackup'), []);
  });
});
