import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { commitAll, createBackup, fetchAndMerge, listBackups, pushWithLease, removeWorktree, restoreBackup, restoreWorktree, type RestoreResult } from '../../../src/git';
import { commitFiles, isolateGitEnv, makeRemoteFixture, pushFromSeed, remoteTip, sh, writeFiles, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs } from '../../helpers/tempDir';

describe('lease-pinned push, backups and worktree removal', () => {
  let undo: () => void;
  let fx: RemoteFixture;
  let run: RestoreResult;
  before(() => (undo = isolateGitEnv()));
  after(() => undo());
  beforeEach(async () => {
    fx = makeRemoteFixture();
    run = await restoreWorktree({ repoDir: fx.user, runId: 'run-1', remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore', baseUpdate: 'merge' });
  });
  afterEach(() => cleanupTempDirs());

  it('fast-forwards the prior branch with the lease pinned to the restored SHA, without a backup', async () => {
    writeFiles(run.worktree, { 'round1.txt': '1\n' });
    const head = await commitAll(run.worktree, 'revise: round 1');
    const pushed = await pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, run.restoredSha);
    assert.deepEqual(pushed, { pushedSha: head, forced: false });
    assert.equal(remoteTip(fx, fx.priorBranch), head);
  });

  it('refuses with lease-refused when a teammate pushed meanwhile: their commit survives and the remote tip is unchanged', async () => {
    const teammate = pushFromSeed(fx, fx.priorBranch, 'teammate: hotfix', { 'teammate.txt': 'theirs\n' });
    writeFiles(run.worktree, { 'round1.txt': '1\n' });
    await commitAll(run.worktree, 'revise: round 1');
    const error = await pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, run.restoredSha).then(
      () => assert.fail('the push should be refused'),
      (e: unknown) => e as GitError,
    );
    assert.ok(error instanceof GitError);
    assert.equal(error.code, 'lease-refused');
    assert.match(error.message, /agent\/fix-parser/);
    assert.match(error.message, new RegExp(run.restoredSha));
    assert.equal(remoteTip(fx, fx.priorBranch), teammate);
  });

  it('refetches and merges the teammate’s commit after a refusal, so the next push keeps both', async () => {
    pushFromSeed(fx, fx.priorBranch, 'teammate: hotfix', { 'teammate.txt': 'theirs\n' });
    writeFiles(run.worktree, { 'round1.txt': '1\n' });
    await commitAll(run.worktree, 'revise: round 1');
    const merged = await fetchAndMerge(run.worktree, 'run-1', 'origin', fx.priorBranch);
    assert.equal(merged.conflict, false);
    assert.equal(merged.remoteSha, remoteTip(fx, fx.priorBranch));
    const pushed = await pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, merged.remoteSha);
    assert.equal(pushed.forced, false);
    sh(fx.seed, ['fetch', '--quiet', 'origin']);
    const files = sh(fx.seed, ['ls-tree', '--name-only', `origin/${fx.priorBranch}`]);
    assert.match(files, /teammate\.txt/);
    assert.match(files, /round1\.txt/);
  });

  it('backs up the remote’s old tip before a push that is not a fast-forward, and the backup restores it', async () => {
    sh(run.worktree, ['reset', '--quiet', '--hard', run.baseSha]);
    writeFiles(run.worktree, { 'redo.txt': 'redone\n' });
    const head = await commitAll(run.worktree, 'revise: redo');
    const pushed = await pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, run.restoredSha);
    assert.equal(pushed.forced, true);
    assert.equal(remoteTip(fx, fx.priorBranch), head);
    assert.ok(pushed.backup);
    assert.equal(pushed.backup.sha, fx.priorSha);
    assert.match(pushed.backup.ref, /^refs\/revise\/backup\/run-1\//);
    await restoreBackup(fx.user, pushed.backup.ref, 'recovered/attempt');
    assert.equal(sh(fx.user, ['rev-parse', 'refs/heads/recovered/attempt']), fx.priorSha);
  });

  it('creates the prior branch when the lease expects it absent, and refuses when it exists', async () => {
    writeFiles(run.worktree, { 'round1.txt': '1\n' });
    await commitAll(run.worktree, 'revise: round 1');
    await assert.rejects(pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, null), (e: unknown) => e instanceof GitError && e.code === 'lease-refused');
    assert.equal(remoteTip(fx, fx.priorBranch), fx.priorSha);
    const pushed = await pushWithLease(run.worktree, 'run-1', 'origin', 'agent/brand-new', null);
    assert.equal(remoteTip(fx, 'agent/brand-new'), pushed.pushedSha);
  });

  it('backs up uncommitted and untracked work with its commits, lists it, and restores it into a new branch', async () => {
    writeFiles(run.worktree, { 'fix.txt': 'edited but not committed\n', 'new-file.txt': 'untracked\n' });
    const backup = await createBackup(fx.user, 'run-1', 'HEAD', 'before a test reset', { includeUncommittedFrom: run.worktree });
    assert.notEqual(backup.sha, fx.priorSha);
    assert.equal(sh(fx.user, ['rev-parse', `${backup.sha}^`]), fx.priorSha);
    assert.deepEqual(backup.commits.map((c) => c.subject), ['revise: uncommitted changes (backup)']);
    // The worktree itself is untouched: still dirty, same index, nothing stashed.
    assert.match(sh(run.worktree, ['status', '--porcelain']), /new-file\.txt/);
    assert.equal(sh(run.worktree, ['stash', 'list']), '');
    const listed = await listBackups(fx.user, 'run-1');
    assert.deepEqual(listed.map((b) => [b.ref, b.sha, b.reason]), [[backup.ref, backup.sha, 'before a test reset']]);
    await restoreBackup(fx.user, backup.ref, 'recovered/wip');
    assert.equal(sh(fx.user, ['show', 'recovered/wip:new-file.txt']), 'untracked');
    assert.equal(sh(fx.user, ['show', 'recovered/wip:fix.txt']), 'edited but not committed');
  });

  it('refuses to restore a backup over an existing branch or from a ref that is not a backup', async () => {
    const backup = await createBackup(fx.user, 'run-1', fx.priorSha, 'test');
    await assert.rejects(restoreBackup(fx.user, backup.ref, 'main'), (e: unknown) => e instanceof GitError && e.code === 'bad-input');
    assert.equal(sh(fx.user, ['rev-parse', 'main']), fx.baseSha);
    await assert.rejects(restoreBackup(fx.user, 'refs/heads/main', 'copy'), (e: unknown) => e instanceof GitError && e.code === 'bad-input');
    await assert.rejects(restoreBackup(fx.user, 'refs/revise/backup/run-1/0', 'copy'), (e: unknown) => e instanceof GitError && e.code === 'bad-input');
  });

  it('removing a worktree with uncommitted work backs it up first; the content is recoverable from the backup ref', async () => {
    commitFiles(run.worktree, 'revise: round 1', { 'round1.txt': 'committed locally\n' });
    writeFiles(run.worktree, { 'wip.txt': 'not committed\n' });
    const { backup } = await removeWorktree(fx.user, 'run-1', run.worktree);
    assert.ok(backup, 'a backup was made');
    assert.equal(existsSync(run.worktree), false);
    assert.doesNotMatch(sh(fx.user, ['worktree', 'list']), /run-1/);
    assert.equal(sh(fx.user, ['show', `${backup.ref}:wip.txt`]), 'not committed');
    assert.equal(sh(fx.user, ['show', `${backup.ref}:round1.txt`]), 'committed locally');
    assert.deepEqual(backup.commits.map((c) => c.subject), ['revise: uncommitted changes (backup)', 'revise: round 1']);
    assert.deepEqual((await listBackups(fx.user, 'run-1')).map((b) => b.ref), [backup.ref]);
  });

  it('removing a clean worktree whose commits are all on the remote makes no backup', async () => {
    sh(fx.user, ['fetch', '--quiet', 'origin']);
    const result = await removeWorktree(fx.user, 'run-1', run.worktree);
    assert.deepEqual(result, {});
    assert.equal(existsSync(run.worktree), false);
    assert.equal(readFileSync(join(fx.user, 'README.md'), 'utf8'), '# demo\n');
  });

  it('removing a worktree that is already gone only prunes it', async () => {
    sh(fx.user, ['worktree', 'remove', '--force', run.worktree]);
    assert.deepEqual(await removeWorktree(fx.user, 'run-1', run.worktree), {});
  });
});
