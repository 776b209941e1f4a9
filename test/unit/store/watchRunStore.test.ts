import { strict as assert } from 'node:assert';
import { RunStore } from '../../../src/store/runStore';
import { watchRunStore } from '../../../src/store/watchRunStore';
import { makeRun } from '../../helpers/runFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

describe('watchRunStore', () => {
  afterEach(cleanupTempDirs);

  it('reports a run created after the watch started, then each replacement of its run.json by id', async () => {
    const commonDir = makeTempDir();
    const store = new RunStore(commonDir);
    const seen: Array<string | undefined> = [];
    let notify: () => void = () => undefined;
    const watcher = watchRunStore(commonDir, (runId) => {
      seen.push(runId);
      notify();
    });
    const next = (predicate: () => boolean) =>
      new Promise<void>((resolve) => {
        notify = () => predicate() && resolve();
        notify();
      });
    try {
      await store.create(makeRun({ id: 'run-w' }));
      await next(() => seen.includes(undefined));
      const before = seen.filter((id) => id === 'run-w').length;
      await store.update('run-w', (run) => {
        run.title = 'changed elsewhere';
      });
      await next(() => seen.filter((id) => id === 'run-w').length > before);
      assert.ok(seen.includes('run-w'));
    } finally {
      watcher.dispose();
    }
  });
});
