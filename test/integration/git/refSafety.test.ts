import assert from 'node:assert/strict';
import { GitError } from '../../../src/core/errors';
import { assertSafeRefName, createBackup, fetchAndMerge, listBackups, probeRemoteBranch, pushWithLease, refNameProblem, removeWorktree, restoreBackup, restoreWorktree } from '../../../src/git';
import { isolateGitEnv, makeRemoteFixture, type RemoteFixture } from '../../helpers/gitFixture';
import { makeGitSpy, type GitSpy } from '../../helpers/gitServer';
import { cleanupTempDirs } from '../../helpers/tempDir';

/** One name per family of unsafe names. */
const unsafe: Record<string, string> = {
  'option-shaped upload-pack': '--upload-pack=/tmp/evil',
  'option-shaped mirror': '--mirror',
  'single dash': '-x',
  'path traversal': '../../etc/passwd',
  'double dot': 'a..b',
  empty: '',
  'control character (newline)': 'feature\nmain',
  'control character (NUL)': 'feature\u0000x',
  'control character (DEL)': 'feature\u007f',
  space: 'my branch',
  'reflog syntax': 'main@{1}',
  'lone at': '@',
  'revision syntax': 'main^2',
  tilde: 'main~1',
  colon: 'a:b',
  glob: 'feat*',
  backslash: 'a\\b',
  'double slash': 'a//b',
  'trailing slash': 'feature/',
  'leading slash': '/feature',
  'trailing dot': 'feature.',
  'lock suffix': 'feature.lock',
  'hidden component': 'feature/.hidden',
  'too long': 'a'.repeat(201),
};

describe('ref name safety', () => {
  for (const [family, name] of Object.entries(unsafe)) {
    it(`refuses a ${family} name with unsafe-ref`, () => {
      assert.throws(
        () => assertSafeRefName(name, 'branch'),
        (e: unknown) => e instanceof GitError && e.code === 'unsafe-ref' && /Nothing was run/.test(e.message),
      );
    });
  }

  it('accepts ordinary branch names, including slashes, dots and non-ASCII letters', () => {
    for (const name of ['main', 'agent/fix-parser', 'release-1.2', 'feature/ünïcode', 'a'.repeat(200)]) assert.equal(refNameProblem(name, 'branch'), null, name);
  });

  it('refuses a remote name with a slash (a path or URL is never taken as a remote)', () => {
    assert.notEqual(refNameProblem('origin/main', 'remote'), null);
    assert.equal(refNameProblem('origin/main', 'branch'), null);
  });
});

describe('unsafe names never reach a git process', () => {
  let undo: () => void;
  let fx: RemoteFixture;
  let spy: GitSpy;
  before(() => {
    undo = isolateGitEnv();
    fx = makeRemoteFixture();
    spy = makeGitSpy();
    spy.install();
  });
  after(() => {
    spy.uninstall();
    undo();
    cleanupTempDirs();
  });
  beforeEach(() => spy.reset());

  const refused = async (call: () => Promise<unknown>): Promise<void> => {
    await assert.rejects(call, (e: unknown) => e instanceof GitError && e.code === 'unsafe-ref');
  };

  it('the spy sees git processes that do run (control)', async () => {
    await probeRemoteBranch(fx.user, 'origin', fx.priorBranch);
    assert.ok(spy.calls().some((c) => c.startsWith('ls-remote')), spy.calls().join('\n'));
  });

  for (const [family, name] of Object.entries(unsafe)) {
    it(`runs nothing for a ${family} name in any branch, remote or ref argument`, async () => {
      const restore = { repoDir: fx.user, runId: 'run-x', remote: 'origin', priorBranch: 'agent/fix-parser', baseBranch: 'main', strategy: 'restore' as const, baseUpdate: 'merge' as const };
      await refused(() => restoreWorktree({ ...restore, priorBranch: name }));
      await refused(() => restoreWorktree({ ...restore, baseBranch: name }));
      await refused(() => restoreWorktree({ ...restore, remote: name }));
      await refused(() => restoreWorktree({ ...restore, runId: name }));
      await refused(() => probeRemoteBranch(fx.user, name, 'main'));
      await refused(() => probeRemoteBranch(fx.user, 'origin', name));
      await refused(() => pushWithLease(fx.user, 'run-x', name, 'main', null));
      await refused(() => pushWithLease(fx.user, 'run-x', 'origin', name, null));
      await refused(() => pushWithLease(fx.user, name, 'origin', 'main', null));
      await refused(() => fetchAndMerge(fx.user, 'run-x', 'origin', name));
      await refused(() => fetchAndMerge(fx.user, name, 'origin', 'main'));
      await refused(() => restoreBackup(fx.user, 'refs/revise/backup/run-x/1', name));
      await refused(() => createBackup(fx.user, name, 'HEAD', 'test'));
      await refused(() => createBackup(fx.user, 'run-x', name, 'test'));
      await refused(() => listBackups(fx.user, name));
      await refused(() => removeWorktree(fx.user, name, fx.user));
      assert.deepEqual(spy.calls(), []);
    });
  }

  it('runs nothing for a fork URL shaped like an option', async () => {
    await refused(() => restoreWorktree({ repoDir: fx.user, runId: 'run-x', remote: 'origin', priorBranch: 'a', baseBranch: 'main', strategy: 'restore', baseUpdate: 'merge', fetchUrl: '--upload-pack=touch /tmp/pwned' }));
    assert.deepEqual(spy.calls(), []);
  });
});
