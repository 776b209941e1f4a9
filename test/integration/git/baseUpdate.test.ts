import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FALLBACK_IDENTITY, isClean, listBackups, restoreWorktree } from '../../../src/git';
import { useRemoteFixture, pushFromSeed, sh, snapshotCheckout, type RemoteFixture } from '../../helpers/gitFixture';

describe('bringing the moved base into the restored attempt', () => {
  let fx: RemoteFixture;
  useRemoteFixture((made) => (fx = made));

  const restore = (runId: string, baseUpdate: 'merge' | 'rebase' | 'none') =>
    restoreWorktree({ repoDir: fx.user, runId, remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore', baseUpdate });

  it('merges the moved base (default): both the base’s new file and the attempt’s file are present, the attempt is kept as a parent', async () => {
    pushFromSeed(fx, 'main', 'base: merged work', { 'merged.txt': 'merged\n' });
    const before = snapshotCheckout(fx.user);
    const result = await restore('run-merge', 'merge');
    assert.equal(result.baseUpdate.result, 'merged');
    assert.equal(result.restoredSha, fx.priorSha);
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD']), result.baseUpdate.headAfter);
    assert.ok(existsSync(join(result.worktree, 'merged.txt')));
    assert.ok(existsSync(join(result.worktree, 'fix.txt')));
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD^1']), fx.priorSha);
    assert.deepEqual(result.backups, [], 'a merge drops nothing, so it needs no backup');
    assert.deepEqual(snapshotCheckout(fx.user), before);
  });

  it('uses a fixed committer identity when the repository has none configured', async () => {
    pushFromSeed(fx, 'main', 'base: merged work', { 'merged.txt': 'merged\n' });
    const result = await restore('run-identity', 'merge');
    assert.equal(sh(result.worktree, ['log', '-1', '--format=%cn <%ce>']), `${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>`);
  });

  it('rebases onto the moved base when asked, after pinning the old tip in a backup ref', async () => {
    pushFromSeed(fx, 'main', 'base: merged work', { 'merged.txt': 'merged\n' });
    const result = await restore('run-rebase', 'rebase');
    assert.equal(result.baseUpdate.result, 'rebased');
    assert.ok(existsSync(join(result.worktree, 'merged.txt')));
    assert.ok(existsSync(join(result.worktree, 'fix.txt')));
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD^']), result.baseSha, 'the attempt now sits on the current base');
    assert.equal(result.backups.length, 1);
    const backup = result.backups[0]!;
    assert.equal(backup.sha, fx.priorSha);
    assert.match(backup.ref, /^refs\/revise\/backup\/run-rebase\/\d+$/);
    assert.equal(sh(fx.user, ['rev-parse', backup.ref]), fx.priorSha);
    assert.deepEqual((await listBackups(fx.user, 'run-rebase')).map((b) => [b.ref, b.sha, b.reason]), [[backup.ref, fx.priorSha, backup.reason]]);
  });

  for (const mode of ['merge', 'rebase'] as const) {
    it(`on a ${mode} conflict aborts, leaves the worktree clean at the prior tip and reports the conflicting files`, async () => {
      // The attempt and the base both rewrote shared.txt.
      pushFromSeed(fx, fx.priorBranch, 'attempt: edit shared', { 'shared.txt': 'attempt version\n' });
      pushFromSeed(fx, 'main', 'base: edit shared', { 'shared.txt': 'base version\n' });
      const prior = sh(fx.bare, ['rev-parse', `refs/heads/${fx.priorBranch}`]);
      const result = await restore(`run-conflict-${mode}`, mode);
      assert.equal(result.baseUpdate.result, 'conflict');
      assert.deepEqual(result.baseUpdate.conflictFiles, ['shared.txt']);
      assert.equal(result.baseUpdate.headAfter, prior);
      assert.equal(sh(result.worktree, ['rev-parse', 'HEAD']), prior);
      assert.equal(sh(result.worktree, ['symbolic-ref', '--short', 'HEAD']), `revise/run-conflict-${mode}`);
      assert.ok(await isClean(result.worktree));
      assert.equal(readFileSync(join(result.worktree, 'shared.txt'), 'utf8'), 'attempt version\n');
    });
  }

  it('leaves the attempt as it is with base update none, and says it skipped', async () => {
    pushFromSeed(fx, 'main', 'base: merged work', { 'merged.txt': 'merged\n' });
    const result = await restore('run-none', 'none');
    assert.equal(result.baseUpdate.result, 'skipped');
    assert.equal(sh(result.worktree, ['rev-parse', 'HEAD']), fx.priorSha);
    assert.equal(existsSync(join(result.worktree, 'merged.txt')), false);
  });
});
