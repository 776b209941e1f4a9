import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { commitAll, findLeftovers, pushWithLease, removeWorktree, restoreWorktree, type RestoreResult } from '../../../src/git';
import { commitFiles, remoteTip, sh, writeFiles, useRemoteFixture, type RemoteFixture } from '../../helpers/gitFixture';
import { ensureGitLfs } from '../../helpers/gitLfs';
import { makeTempDir } from '../../helpers/tempDir';

/** Submodules over file:// need this since git 2.38.1 (CVE-2022-39253); a real remote would not. */
const FILE_OK = ['-c', 'protocol.file.allow=always'];

describe('pushes carry what a pre-push hook would: LFS objects and submodule commits', function () {
  this.timeout(120_000);
  let fx: RemoteFixture;
  let run: RestoreResult;
  useRemoteFixture((made) => (fx = made));
  const restore = async () => (run = await restoreWorktree({ repoDir: fx.user, runId: 'run-1', remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore', baseUpdate: 'none' }));

  describe('Git LFS', () => {
    before(function () {
      this.timeout(600_000);
      if (!ensureGitLfs()) throw new Error('git-lfs is needed for these tests and could not be installed (apt-get install git-lfs)');
    });
    beforeEach(async () => {
      sh(fx.seed, ['lfs', 'install', '--local']);
      sh(fx.seed, ['checkout', '--quiet', fx.priorBranch]);
      sh(fx.seed, ['lfs', 'track', '*.bin']);
      commitFiles(fx.seed, 'track binaries with LFS', { 'model.bin': Buffer.from([0, 1, 2, 3]) });
      sh(fx.seed, ['push', '--quiet', 'origin', fx.priorBranch]);
      sh(fx.user, ['lfs', 'install', '--local']);
      await restore();
    });

    it("uploads the round's LFS files, so a teammate's clone of the pushed branch checks them out", async () => {
      writeFiles(run.worktree, { 'weights.bin': Buffer.from('the real weights\n') });
      const head = await commitAll(run.worktree, 'revise: round 1');
      assert.match(sh(run.worktree, ['show', `${head}:weights.bin`]), /^version https:\/\/git-lfs/, 'the commit holds a pointer');
      await pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, run.priorSha);
      assert.equal(remoteTip(fx, fx.priorBranch), head);
      const teammate = join(makeTempDir('revise-teammate-'), 'clone');
      sh(fx.root, ['clone', '--quiet', '--no-checkout', `file://${fx.bare}`, teammate]);
      sh(teammate, ['lfs', 'install', '--local']);
      sh(teammate, ['checkout', '--quiet', fx.priorBranch]);
      assert.equal(sh(teammate, ['cat-file', '-p', 'HEAD:weights.bin']).split('\n')[0], 'version https://git-lfs.github.com/spec/v1');
      assert.equal(sh(teammate, ['lfs', 'ls-files', '--name-only']).split('\n').sort().join(','), 'model.bin,weights.bin');
      assert.equal(readFileSync(join(teammate, 'weights.bin'), 'utf8'), 'the real weights\n', 'the smudged file, not the pointer');
    });

    it("rolls back a start whose checkout fails because the LFS server lacks a file (no orphan worktree, branch or refs)", async () => {
      sh(fx.seed, ['checkout', '--quiet', fx.priorBranch]);
      // Pushed the way the old approve did: --no-verify skips LFS's upload, so the remote lacks the object.
      commitFiles(fx.seed, 'a file the server never got', { 'orphan.bin': Buffer.from('never uploaded\n') });
      sh(fx.seed, ['push', '--quiet', '--no-verify', 'origin', fx.priorBranch]);
      await assert.rejects(
        restoreWorktree({ repoDir: fx.user, runId: 'run-2', remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore', baseUpdate: 'none' }),
        (e: unknown) => e instanceof GitError && e.code === 'worktree-failed' && /orphan\.bin|smudge/i.test(e.message) && /was removed/.test(e.message),
      );
      assert.deepEqual(await findLeftovers(fx.user, new Set(['run-1'])), []);
    });

    it('refuses with lfs-unavailable and pushes nothing when git-lfs is not installed', async () => {
      writeFiles(run.worktree, { 'weights.bin': Buffer.from('w\n') });
      await commitAll(run.worktree, 'revise: round 1');
      // A PATH with git but no git-lfs.
      const bin = makeTempDir('revise-no-lfs-');
      symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bin, 'git'));
      const saved = process.env.PATH;
      process.env.PATH = bin;
      try {
        await assert.rejects(pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, run.priorSha), (e: unknown) => e instanceof GitError && e.code === 'lfs-unavailable' && /Nothing was pushed/.test(e.message));
      } finally {
        process.env.PATH = saved;
      }
      assert.equal(remoteTip(fx, fx.priorBranch), run.priorSha);
    });
  });

  describe('submodules', () => {
    let subBare: string;
    beforeEach(async () => {
      subBare = join(fx.root, 'lib.git');
      sh(fx.root, ['init', '--quiet', '--bare', '--initial-branch=main', subBare]);
      const subSeed = join(fx.root, 'lib-seed');
      sh(fx.root, ['clone', '--quiet', subBare, subSeed]);
      commitFiles(subSeed, 'lib v1', { 'lib.txt': 'v1\n' });
      sh(subSeed, ['push', '--quiet', 'origin', 'HEAD:main']);
      sh(fx.seed, ['checkout', '--quiet', fx.priorBranch]);
      sh(fx.seed, [...FILE_OK, 'submodule', 'add', '--quiet', `file://${subBare}`, 'lib']);
      sh(fx.seed, ['commit', '--quiet', '-m', 'add lib']);
      sh(fx.seed, ['push', '--quiet', 'origin', fx.priorBranch]);
      await restore();
      sh(run.worktree, [...FILE_OK, 'submodule', 'update', '--quiet', '--init']);
    });

    /** The agent commits inside the submodule; Revise's round commit records the new gitlink. */
    async function roundInSubmodule(): Promise<{ head: string; subCommit: string }> {
      const sub = join(run.worktree, 'lib');
      const subCommit = commitFiles(sub, 'lib: the fix', { 'lib.txt': 'v2\n' });
      const head = (await commitAll(run.worktree, 'revise: round 1'))!;
      return { head, subCommit };
    }

    it("pushes the round's submodule commit to the submodule's remote before the superproject", async () => {
      const { head, subCommit } = await roundInSubmodule();
      await pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, run.priorSha);
      assert.equal(sh(subBare, ['rev-parse', 'refs/heads/revise/run-1']), subCommit);
      assert.equal(remoteTip(fx, fx.priorBranch), head);
      const teammate = join(makeTempDir('revise-teammate-'), 'clone');
      sh(fx.root, [...FILE_OK, 'clone', '--quiet', '--recurse-submodules', '--branch', fx.priorBranch, `file://${fx.bare}`, teammate]);
      assert.equal(sh(join(teammate, 'lib'), ['rev-parse', 'HEAD']), subCommit);
    });

    it("refuses the push with the reason when the submodule's remote cannot take the commit, and pushes nothing", async () => {
      await roundInSubmodule();
      sh(join(run.worktree, 'lib'), ['remote', 'set-url', 'origin', join(fx.root, 'gone.git')]);
      await assert.rejects(pushWithLease(run.worktree, 'run-1', 'origin', fx.priorBranch, run.priorSha), (e: unknown) => e instanceof GitError && e.code === 'submodule-unpushed' && /lib/.test(e.message));
      assert.equal(remoteTip(fx, fx.priorBranch), run.priorSha, 'the superproject was not pushed');
    });

    it("abort keeps unpushed submodule commits (and uncommitted submodule files) in the repository's backup refs", async () => {
      const { subCommit } = await roundInSubmodule();
      writeFileSync(join(run.worktree, 'lib', 'scratch.txt'), 'not committed\n');
      const removed = await removeWorktree(fx.user, 'run-1', run.worktree);
      const [backup] = removed.submoduleBackups ?? [];
      assert.ok(backup, 'a submodule backup was made');
      assert.equal(sh(fx.user, ['show', `${backup.ref}:scratch.txt`]), 'not committed');
      assert.equal(sh(fx.user, ['merge-base', '--is-ancestor', subCommit, backup.ref]), '');
      assert.deepEqual(backup.commits.map((c) => c.sha).includes(subCommit), true);
    });
  });
});
