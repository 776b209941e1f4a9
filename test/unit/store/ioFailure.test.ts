import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cannotHeal, ioCause, storeIoError } from '../../../src/store/ioFailure';
import { lockRunDir } from '../../../src/store/runLock';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const errno = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('store I/O failures', () => {
  afterEach(cleanupTempDirs);

  it('names the cause and the next step of each failure that cannot heal', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['ENOSPC', 'disk-full', /disk \(or your quota\) is full: free some space/],
      ['EDQUOT', 'disk-full', /quota/],
      ['EROFS', 'read-only', /read-only: remount it read-write/],
      ['EACCES', 'permission', /Permission denied: make the folder and its files writable/],
      ['EPERM', 'permission', /Permission denied/],
    ];
    for (const [code, cause, message] of cases) {
      assert.equal(ioCause(errno(code)), cause, code);
      assert.ok(cannotHeal(errno(code)), code);
      const error = storeIoError('Could not write /x/run.json', errno(code), '/x/run.json');
      assert.equal(error.code, 'store-io');
      assert.deepEqual(error.details, { cause, path: '/x/run.json', errno: code });
      assert.match(error.message, message);
    }
    assert.equal(ioCause(errno('EBUSY')), 'other');
    assert.equal(cannotHeal(new Error('no errno')), false);
  });

  it('fails at once when the lock cannot be made (a file where the run folder should be), without retrying', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'blocker'), '');
    // ENOTDIR is not contention: waiting would not help, so the first failure is the answer.
    await assert.rejects(lockRunDir(join(dir, 'blocker', 'run')), (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR' || e.code === 'ENOENT');
  });

  it('waits out another holder of the lock and takes it only once released', async () => {
    const dir = join(makeTempDir(), 'run');
    mkdirSync(dir);
    const release = await lockRunDir(dir);
    let released = false;
    const waiting = lockRunDir(dir).then((r) => {
      assert.equal(released, true, 'the second locker got the lock while the first still held it');
      return r;
    });
    // Give the second locker file system round trips in which a broken lock would let it through.
    for (let i = 0; i < 20; i++) await stat(dir);
    released = true;
    await release();
    await (await waiting)();
  });
});
