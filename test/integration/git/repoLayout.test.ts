import assert from 'node:assert/strict';
import { appendFileSync, chownSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { locateRepo, openRepo, plainRepoLayout } from '../../../src/git';
import { plainConfig } from '../../../src/git/repoLayout';
import { commitFiles, sh } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';

/** A fresh repository with one commit (a HEAD on a branch, objects, refs). */
function repo(): string {
  const dir = makeTempDir('revise-layout-');
  sh(dir, ['init', '--quiet', '--initial-branch=main']);
  commitFiles(dir, 'first', { 'a.txt': 'a\n' });
  return dir;
}

describe('the repository of a folder read from the disk', () => {
  it('answers what git answers for the top of a main working tree, also through a symlink and on a detached HEAD', async () => {
    const dir = repo();
    assert.deepEqual(plainRepoLayout(dir), await openRepo(dir));
    const link = join(makeTempDir('revise-layout-link-'), 'link');
    symlinkSync(dir, link);
    assert.deepEqual(plainRepoLayout(link), await openRepo(link));
    sh(dir, ['checkout', '--quiet', '--detach']);
    assert.deepEqual(plainRepoLayout(dir), await openRepo(dir));
  });

  it('leaves to git a subfolder, a linked worktree, a work tree or bare flag in the config, an include and an extension', async () => {
    const dir = repo();
    mkdirSync(join(dir, 'sub'));
    const linked = join(makeTempDir('revise-layout-wt-'), 'wt');
    sh(dir, ['worktree', 'add', '--quiet', '--detach', linked]);
    for (const folder of [join(dir, 'sub'), linked]) {
      assert.equal(plainRepoLayout(folder), undefined, folder);
      assert.deepEqual(await locateRepo(folder), await openRepo(folder));
    }
    const other = repo();
    sh(dir, ['config', 'core.worktree', other]);
    assert.equal(plainRepoLayout(dir), undefined);
    assert.deepEqual(await locateRepo(dir), await openRepo(dir));
    assert.equal((await locateRepo(dir)).topLevel, other);
    for (const setting of [['core.bare', 'true'], ['include.path', 'elsewhere'], ['extensions.worktreeConfig', 'true']]) {
      const plain = repo();
      sh(plain, ['config', ...setting]);
      assert.equal(plainRepoLayout(plain), undefined, setting.join('='));
    }
  });

  it('reads nothing into a .git that is not a git directory: git decides, and says not-a-repo', async () => {
    const dir = makeTempDir('revise-layout-fake-');
    mkdirSync(join(dir, '.git', 'objects'), { recursive: true });
    mkdirSync(join(dir, '.git', 'refs'));
    writeFileSync(join(dir, '.git', 'config'), '[core]\n\tbare = false\n');
    writeFileSync(join(dir, '.git', 'HEAD'), 'not a ref\n');
    assert.equal(plainRepoLayout(dir), undefined);
    await assert.rejects(locateRepo(dir), (e: unknown) => e instanceof GitError && e.code === 'not-a-repo');
    const broken = repo();
    rmSync(join(broken, '.git', 'objects'), { recursive: true });
    assert.equal(plainRepoLayout(broken), undefined);
    assert.equal(plainRepoLayout(join(makeTempDir(), 'missing')), undefined);
  });

  it("leaves another user's repository to git, which refuses it as unsafe-repository", async function () {
    if (process.getuid?.() !== 0) this.skip();
    const foreign = repo();
    chownSync(foreign, 65534, 65534);
    assert.equal(plainRepoLayout(foreign), undefined);
    await assert.rejects(locateRepo(foreign), (e: unknown) => e instanceof GitError && e.code === 'unsafe-repository');
  });

  it('takes only a config that cannot move the work tree as plain', () => {
    const fresh = repo();
    const config = sh(fresh, ['config', '--local', '--list']);
    assert.ok(config.includes('core.bare=false'), config);
    assert.equal(plainConfig('[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n'), true);
    assert.equal(plainConfig('[core]\n\tbare = False\n[remote "origin"]\n\turl = ../remote.git\n'), true);
    for (const text of ['[core]\n\tbare\n', '[core]\n\tbare = yes\n', '[core]\n\tworktree = /x\n', '[includeIf "gitdir:/x/"]\n\tpath = y\n', '[core]\n\trepositoryformatversion = 1\n', '[extensions]\n\tobjectformat = sha256\n']) {
      assert.equal(plainConfig(text), false, text);
    }
    appendFileSync(join(fresh, '.git', 'config'), '[core]\n\tbare = true\n');
    assert.equal(plainRepoLayout(fresh), undefined);
  });
});
