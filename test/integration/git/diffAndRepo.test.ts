import assert from 'node:assert/strict';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { changedLineRanges, commitAll, commitsBetween, currentBranch, filesChangedSince, gitCommonDir, headSha, isAncestor, isClean, numstatBetween, openRepo, resolveCommits } from '../../../src/git';
import { commitFiles, useRemoteFixture, sh, writeFiles, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';

describe('diffs, commits and repository facts', () => {
  let fx: RemoteFixture;
  useRemoteFixture((made) => (fx = made));

  it('lists commits, line counts and old-side changed ranges between two heads, paths with spaces included', async () => {
    const from = commitFiles(fx.user, 'setup', { 'src/a file.txt': 'l1\nl2\nl3\nl4\nl5\n' });
    const to = commitFiles(fx.user, 'change', { 'src/a file.txt': 'l1\nL2\nl3\nl4\nl5\nl6\n', 'added.txt': 'new\n' });
    const commits = await commitsBetween(fx.user, from, to);
    assert.deepEqual(commits.map((c) => [c.sha, c.subject]), [[to, 'change']]);
    assert.deepEqual(await numstatBetween(fx.user, from, to), [
      { file: 'added.txt', added: 1, deleted: 0, binary: false },
      { file: 'src/a file.txt', added: 2, deleted: 1, binary: false },
    ]);
    const ranges = await changedLineRanges(fx.user, from, to);
    assert.deepEqual([...ranges.entries()], [['src/a file.txt', [[2, 2], [5, 5]]]]);
  });

  it('lists files changed since a SHA, committed, uncommitted and untracked', async () => {
    const since = await headSha(fx.user);
    commitFiles(fx.user, 'c', { 'committed.txt': 'x\n' });
    writeFiles(fx.user, { 'README.md': 'edited\n', 'untracked ü.txt': 'u\n' });
    assert.deepEqual(await filesChangedSince(fx.user, since), ['README.md', 'committed.txt', 'untracked ü.txt']);
  });

  it('commits leftover changes (untracked included) with a fallback identity, and reports null when clean', async () => {
    assert.equal(await commitAll(fx.user, 'nothing'), null);
    writeFiles(fx.user, { 'left.txt': 'over\n' });
    assert.equal(await isClean(fx.user), false);
    const sha = await commitAll(fx.user, 'revise: round 1');
    assert.equal(sha, await headSha(fx.user));
    assert.equal(await isClean(fx.user), true);
    assert.equal(sh(fx.user, ['log', '-1', '--format=%s|%an']), 'revise: round 1|Revise');
  });

  it('resolves several revisions in one call, with null for each that names no commit, and refuses an option-shaped one', async () => {
    const head = await headSha(fx.user);
    const tree = sh(fx.user, ['rev-parse', 'HEAD^{tree}']);
    assert.deepEqual(await resolveCommits(fx.user, ['HEAD', 'refs/heads/main']), [head, head]);
    assert.deepEqual(await resolveCommits(fx.user, ['HEAD', 'refs/heads/absent', tree]), [head, null, null]);
    await assert.rejects(resolveCommits(fx.user, ['HEAD', '--output=x']), (e: unknown) => e instanceof GitError && e.code === 'unsafe-ref');
  });

  it('tells whether one commit is in another, and fails with git-failed for an unknown object', async () => {
    const from = await headSha(fx.user);
    const to = commitFiles(fx.user, 'later', { 'later.txt': 'x\n' });
    assert.equal(await isAncestor(fx.user, from, to), true);
    assert.equal(await isAncestor(fx.user, to, from), false);
    await assert.rejects(isAncestor(fx.user, from, '0'.repeat(40)), (e: unknown) => e instanceof GitError && e.code === 'git-failed');
  });

  it('finds the top level and common git dir from a subfolder and from a linked worktree', async () => {
    writeFiles(fx.user, { 'sub dir/x.txt': 'x\n' });
    const info = await openRepo(join(fx.user, 'sub dir'));
    assert.equal(info.topLevel, fx.user);
    assert.equal(info.commonDir, join(fx.user, '.git'));
    const wt = join(fx.root, 'linked wt');
    sh(fx.user, ['worktree', 'add', '--quiet', '--detach', wt]);
    assert.equal(await gitCommonDir(wt), join(fx.user, '.git'));
    assert.equal(await currentBranch(fx.user), 'main');
    assert.equal(await currentBranch(wt), null);
  });

  it('says not-a-repo for a folder outside any repository and for one that does not exist', async () => {
    for (const dir of [makeTempDir(), join(makeTempDir(), 'missing')]) {
      await assert.rejects(openRepo(dir), (e: unknown) => e instanceof GitError && e.code === 'not-a-repo' && e.message.includes(dir));
    }
  });
});
