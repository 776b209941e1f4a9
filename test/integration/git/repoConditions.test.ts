import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { commitAll, isClean, openRepo, pushWithLease, removeWorktree, restoreWorktree, updateFromBase, type RestoreResult } from '../../../src/git';
import { machineCause } from '../../../src/git/causes';
import { commitFiles, pushFromSeed, sh, writeFiles, useRemoteFixture, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';

describe('real repository conditions: sparse checkout, hooks of the attempt branch, machine causes', () => {
  let fx: RemoteFixture;
  let run: RestoreResult;
  useRemoteFixture((made) => (fx = made), { 'docs/guide.md': 'guide\n', 'src/app.txt': 'app\n' });
  const restore = async (runId = 'run-1', baseUpdate: 'merge' | 'none' = 'none') =>
    (run = await restoreWorktree({ repoDir: fx.user, runId, remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore', baseUpdate }));

  describe('sparse checkout', () => {
    beforeEach(async () => {
      await restore();
      sh(run.worktree, ['sparse-checkout', 'set', 'src']);
      assert.ok(!existsSync(join(run.worktree, 'docs', 'guide.md')), 'docs/ is outside the cone');
    });

    it('commits a fix outside the cone and a new file there, not only the paths inside it', async () => {
      writeFiles(run.worktree, { 'docs/guide.md': 'fixed guide\n', 'docs/new.md': 'new\n', 'src/app.txt': 'app 2\n' });
      const head = await commitAll(run.worktree, 'revise: round 1');
      assert.ok(head);
      assert.equal(sh(run.worktree, ['show', `${head}:docs/guide.md`]), 'fixed guide');
      assert.equal(sh(run.worktree, ['show', `${head}:docs/new.md`]), 'new');
      assert.equal(sh(run.worktree, ['show', `${head}:src/app.txt`]), 'app 2');
      assert.ok(await isClean(run.worktree), 'nothing is left uncommitted');
    });

    it('commits nothing when nothing changed (the absent paths outside the cone are not deletions)', async () => {
      assert.equal(await commitAll(run.worktree, 'revise: round 1'), null);
    });

    it("abort's backup holds the changes outside the cone before the worktree is removed", async () => {
      writeFiles(run.worktree, { 'docs/guide.md': 'fixed guide\n', 'docs/new.md': 'new\n' });
      const { backup } = await removeWorktree(fx.user, 'run-1', run.worktree);
      assert.ok(backup);
      assert.equal(sh(fx.user, ['show', `${backup.ref}:docs/guide.md`]), 'fixed guide');
      assert.equal(sh(fx.user, ['show', `${backup.ref}:docs/new.md`]), 'new');
      assert.ok(!existsSync(run.worktree));
    });
  });

  describe("hooks from the attempt branch never run in Revise's own git calls", () => {
    const marker = () => join(fx.root, 'hook-ran');
    beforeEach(() => {
      // The attempt branch ships hooks and points core.hooksPath at them (relative: resolved in the worktree).
      const hook = `#!/bin/sh\necho "$0" >> '${marker()}'\nexit 1\n`;
      const names = ['post-checkout', 'pre-commit', 'post-commit', 'post-merge', 'pre-merge-commit', 'pre-push', 'pre-rebase', 'post-rewrite'];
      sh(fx.seed, ['checkout', '--quiet', fx.priorBranch]);
      writeFiles(fx.seed, Object.fromEntries(names.map((name) => [`.githooks/${name}`, hook])));
      for (const name of names) chmodSync(join(fx.seed, '.githooks', name), 0o755);
      commitFiles(fx.seed, 'ship hooks', {});
      sh(fx.seed, ['push', '--quiet', 'origin', fx.priorBranch]);
      sh(fx.user, ['config', 'core.hooksPath', '.githooks']);
      pushFromSeed(fx, 'main', 'base moves on', { 'later.txt': 'later\n' });
    });

    it('restores with a merge, commits, rebases and pushes without running any of them', async () => {
      await restore('run-h', 'merge');
      assert.equal(run.baseUpdate.result, 'merged');
      writeFiles(run.worktree, { 'round.txt': '1\n' });
      assert.ok(await commitAll(run.worktree, 'revise: round 1'));
      const base = sh(fx.user, ['rev-parse', 'origin/main']);
      await updateFromBase({ repoDir: fx.user, runId: 'run-h', worktree: run.worktree, baseSha: base, baseLabel: 'main', mode: 'rebase' });
      await pushWithLease(run.worktree, 'run-h', 'origin', fx.priorBranch, run.priorSha);
      assert.ok(!existsSync(marker()), `a hook ran: ${existsSync(marker()) ? readFileSync(marker(), 'utf8') : ''}`);
      // Control: the same hooks do run (and refuse) for a plain git commit in the worktree.
      assert.throws(() => sh(run.worktree, ['commit', '--quiet', '--allow-empty', '-m', 'by hand']));
      assert.match(readFileSync(marker(), 'utf8'), /pre-commit/);
    });
  });

  describe('errors that name the machine cause', () => {
    it('reports a repository owned by another user as unsafe-repository with the safe.directory step', async function () {
      if (process.getuid?.() !== 0) this.skip();
      const foreign = makeTempDir('revise-foreign-');
      sh(foreign, ['init', '--quiet']);
      chownSync(foreign, 65534, 65534);
      await assert.rejects(openRepo(foreign), (e: unknown) => e instanceof GitError && e.code === 'unsafe-repository' && e.message.includes(`safe.directory '${foreign}'`));
    });

    it('reports git missing from PATH as git-not-found, not not-a-repo', async () => {
      const saved = process.env.PATH;
      process.env.PATH = makeTempDir('revise-empty-path-');
      try {
        await assert.rejects(openRepo(fx.user), (e: unknown) => e instanceof GitError && e.code === 'git-not-found' && /not found on PATH/.test(e.message));
      } finally {
        process.env.PATH = saved;
      }
    });

    it("recognises git's own words for a full disk", () => {
      const said = "error: unable to write file .git/objects/ab/cdef: No space left on device\nfatal: unable to write new index file";
      assert.equal(machineCause(said, '/repo')?.code, 'disk-full');
      assert.equal(machineCause('fatal: could not read Username', '/repo'), undefined);
    });
  });
});
