import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ReviseError } from '../../../src/core/errors';
import { Engine } from '../../../src/engine';
import { commitFiles, sh, useRemoteFixture, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';

/**
 * A real full disk: the user's clone lives on a 1 MiB tmpfs and the prior attempt carries 2 MiB of
 * incompressible data, so the start's fetch fails with ENOSPC. Needs the right to mount (root with
 * CAP_SYS_ADMIN); skipped, saying why, where that is not available.
 */
describe('engine: a full disk at start is named as such, not blamed on the network', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let mounted: string | undefined;
  // Unmounted before the fixture's own cleanup removes the folders (hooks run in the order they are declared).
  afterEach(() => {
    if (mounted) spawnSync('umount', [mounted]);
    mounted = undefined;
  });
  useRemoteFixture((made) => (fx = made));

  it('reports disk-full with the next step and leaves no run, worktree or run ref', async function () {
    const small = makeTempDir('revise-full-');
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]).status !== 0) this.skip();
    mounted = small;
    sh(fx.seed, ['checkout', '--quiet', fx.priorBranch]);
    commitFiles(fx.seed, 'a big model', { 'model.bin': randomBytes(2 * 1024 * 1024) });
    sh(fx.seed, ['push', '--quiet', 'origin', fx.priorBranch]);
    const user = join(small, 'clone');
    execFileSync('git', ['clone', '--quiet', '--single-branch', '--branch', 'main', `file://${fx.bare}`, user], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    const engine = await Engine.open(user);
    try {
      await assert.rejects(engine.start({ priorBranch: fx.priorBranch, worktreeRoot: makeTempDir('revise-wt-') }), (e: unknown) => e instanceof ReviseError && e.code === 'disk-full' && /Free some space/.test(e.message));
      assert.deepEqual((await engine.list()).runs, []);
      assert.deepEqual(await engine.leftovers(), []);
    } finally {
      engine.dispose();
    }
  });
});
