import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { assertRemoteConfigured, restoreWorktree } from '../../../src/git';
import { remoteInRepoConfig } from '../../../src/git/remoteConfig';
import { isolateGitEnv, makeRemoteFixture, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { makeGitSpy } from '../../helpers/gitServer';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

describe('reading a configured remote from the repository config file, checked against `git remote`', () => {
  let undo: () => void;
  let fx: RemoteFixture;
  let commonDir: string;
  before(() => (undo = isolateGitEnv()));
  after(() => undo());
  beforeEach(() => {
    fx = makeRemoteFixture();
    commonDir = join(fx.user, '.git');
  });
  afterEach(() => cleanupTempDirs());

  const gitKnows = (name: string): boolean => sh(fx.user, ['remote']).split('\n').includes(name);

  it('says yes for remotes git wrote, whatever their names, and git lists each of them', () => {
    for (const name of ['origin', 'upstream', 'team/fork.v2', 'Fork_2']) {
      if (name !== 'origin') sh(fx.user, ['remote', 'add', name, `file://${fx.bare}`]);
      assert.equal(remoteInRepoConfig(commonDir, name), true, name);
      assert.equal(gitKnows(name), true, name);
    }
    assert.equal(remoteInRepoConfig(commonDir, 'fork'), false, 'a prefix of a configured name is another name');
    assert.equal(remoteInRepoConfig(commonDir, 'ORIGIN'), false, 'remote names are case-sensitive');
  });

  it('says yes for a hand-written section in another spelling only where git agrees', () => {
    appendFileSync(join(commonDir, 'config'), '[Remote "hand"] ; written by hand\n\tURL = file:///elsewhere\n');
    assert.equal(gitKnows('hand'), true);
    assert.equal(remoteInRepoConfig(commonDir, 'hand'), true);
  });

  it('leaves the answer to git for a remote without a URL, one from the global config or an include, and a removed one', async () => {
    sh(fx.user, ['config', 'remote.nourl.fetch', '+refs/heads/*:refs/remotes/nourl/*']);
    assert.equal(remoteInRepoConfig(commonDir, 'nourl'), false);

    const included = join(makeTempDir(), 'included.config');
    writeFileSync(included, `[remote "viainclude"]\n\turl = file://${fx.bare}\n`);
    sh(fx.user, ['config', 'include.path', included]);
    assert.equal(remoteInRepoConfig(commonDir, 'viainclude'), false);
    assert.equal(gitKnows('viainclude'), true);
    await assertRemoteConfigured(fx.user, 'viainclude', commonDir);

    const global = join(makeTempDir(), 'global.config');
    writeFileSync(global, `[remote "fromglobal"]\n\turl = file://${fx.bare}\n`);
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = global;
    try {
      assert.equal(remoteInRepoConfig(commonDir, 'fromglobal'), false);
      await assertRemoteConfigured(fx.user, 'fromglobal', commonDir);
    } finally {
      process.env.GIT_CONFIG_GLOBAL = saved;
    }

    sh(fx.user, ['remote', 'add', 'gone', `file://${fx.bare}`]);
    sh(fx.user, ['remote', 'remove', 'gone']);
    assert.equal(remoteInRepoConfig(commonDir, 'gone'), false);
    await assert.rejects(assertRemoteConfigured(fx.user, 'gone', commonDir), (e: unknown) => e instanceof GitError && e.code === 'remote-not-found' && e.message.includes('origin'));
  });

  it('says "ask git" when the config file cannot be read', () => {
    assert.equal(remoteInRepoConfig(join(makeTempDir(), 'no-git-dir'), 'origin'), false);
  });

  it('still refuses an unsafe remote name before reading anything', async () => {
    await assert.rejects(assertRemoteConfigured(fx.user, '--upload-pack=/tmp/x', commonDir), (e: unknown) => e instanceof GitError && e.code === 'unsafe-ref');
  });

  it('lets a usual restore start only the fetch and the checkout with the reads beside it, asking `git remote` only without the common directory', async () => {
    const spy = makeGitSpy();
    spy.install();
    try {
      const options = { repoDir: fx.user, topLevel: fx.user, remote: 'origin', priorBranch: fx.priorBranch, baseBranch: 'main', strategy: 'restore' as const, baseUpdate: 'merge' as const };
      const restored = await restoreWorktree({ ...options, commonDir, runId: 'run-known' });
      assert.equal(restored.restoredSha, fx.priorSha);
      assert.deepEqual(spy.argvs().map((argv) => argv[0]).sort(), ['fetch', 'merge-base', 'rev-parse', 'worktree'], spy.calls().join('\n'));
      spy.reset();
      await restoreWorktree({ ...options, runId: 'run-asked' });
      assert.ok(spy.argvs().some((argv) => argv.length === 1 && argv[0] === 'remote'), spy.calls().join('\n'));
    } finally {
      spy.uninstall();
    }
  });
});
