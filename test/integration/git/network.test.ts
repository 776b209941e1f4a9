import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { commitAll, probeRemoteBranch, pushWithLease, restoreWorktree } from '../../../src/git';
import { isolateGitEnv, makeRemoteFixture, pushFromSeed, remoteTip, sh, snapshotCheckout, writeFiles, type RemoteFixture } from '../../helpers/gitFixture';
import { startCuttingProxy, startGitDaemon, type GitDaemon } from '../../helpers/gitServer';
import { cleanupTempDirs } from '../../helpers/tempDir';

describe('restore and push over a real git:// transport (git daemon on loopback)', () => {
  let undo: () => void;
  let fx: RemoteFixture;
  let daemon: GitDaemon;
  before(() => (undo = isolateGitEnv()));
  after(() => undo());
  beforeEach(async () => {
    fx = makeRemoteFixture();
    daemon = await startGitDaemon(fx.root);
    sh(fx.user, ['remote', 'set-url', 'origin', daemon.url('remote.git')]);
  });
  afterEach(async () => {
    await daemon.stop();
    cleanupTempDirs();
  });

  const opts = (runId: string) => ({ repoDir: fx.user, runId, remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore' as const, baseUpdate: 'merge' as const });

  it('probes, fetches and restores the prior tip from the daemon', async () => {
    const before = snapshotCheckout(fx.user);
    assert.deepEqual(await probeRemoteBranch(fx.user, 'origin', fx.priorBranch), { sha: fx.priorSha });
    const result = await restoreWorktree(opts('run-daemon'));
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD']), fx.priorSha);
    assert.ok(existsSync(join(result.worktree, 'fix.txt')));
    assert.deepEqual(snapshotCheckout(fx.user), before);
  });

  it('tells a missing branch from an unreachable daemon with different codes', async () => {
    await assert.rejects(probeRemoteBranch(fx.user, 'origin', 'agent/gone'), (e: unknown) => e instanceof GitError && e.code === 'remote-branch-missing');
    await daemon.stop();
    await assert.rejects(probeRemoteBranch(fx.user, 'origin', fx.priorBranch), (e: unknown) => e instanceof GitError && e.code === 'remote-unreachable');
    daemon = await startGitDaemon(fx.root);
  });

  it('pushes with the lease over git:// and refuses once a teammate has pushed, leaving their commit on the remote', async () => {
    const restored = await restoreWorktree(opts('run-daemon-push'));
    writeFiles(restored.worktree, { 'round1.txt': 'round 1\n' });
    const round1 = await commitAll(restored.worktree, 'revise: round 1');
    const pushed = await pushWithLease(restored.worktree, 'run-daemon-push', 'origin', fx.priorBranch, restored.restoredSha);
    assert.equal(pushed.pushedSha, round1);
    assert.equal(pushed.forced, false);
    assert.equal(remoteTip(fx, fx.priorBranch), round1);

    const teammate = pushFromSeed(fx, fx.priorBranch, 'teammate: hotfix', { 'teammate.txt': 'theirs\n' });
    writeFiles(restored.worktree, { 'round2.txt': 'round 2\n' });
    await commitAll(restored.worktree, 'revise: round 2');
    await assert.rejects(pushWithLease(restored.worktree, 'run-daemon-push', 'origin', fx.priorBranch, pushed.pushedSha), (e: unknown) => e instanceof GitError && e.code === 'lease-refused');
    assert.equal(remoteTip(fx, fx.priorBranch), teammate);
  });

  it('fails with fetch-failed and leaves no worktree when the server dies in the middle of the fetch', async () => {
    // A 1 MiB incompressible file the user does not have yet makes the fetch long enough to cut.
    pushFromSeed(fx, fx.priorBranch, 'attempt: big asset', { 'blob.bin': randomBytes(1 << 20) });
    // Every connection is cut after 64 KiB: ref listings (the fetch's, then the probe asking why) pass, the pack does not.
    const proxy = await startCuttingProxy(daemon.port, 0, 64 * 1024);
    try {
      sh(fx.user, ['remote', 'set-url', 'origin', `git://127.0.0.1:${proxy.port}/remote.git`]);
      const before = snapshotCheckout(fx.user);
      await assert.rejects(restoreWorktree(opts('run-cut')), (e: unknown) => e instanceof GitError && e.code === 'fetch-failed' && /origin/.test(e.message));
      assert.equal(existsSync(join(`${fx.user}.revise`, 'run-cut')), false);
      assert.equal(sh(fx.user, ['for-each-ref', 'refs/revise/']), '');
      assert.deepEqual(snapshotCheckout(fx.user), before);
    } finally {
      await proxy.stop();
    }
  });
});
