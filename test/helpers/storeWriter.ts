/**
 * A separate process that appends `count` findings to one run through the store, used to prove
 * that concurrent writers lose no update. Usage: storeWriter <commonDir> <runId> <writerNo> <count>
 */
import { RunStore } from '../../src/store/runStore';
import { makeFinding } from './runFixture';

async function main(): Promise<void> {
  const [commonDir, runId, writerNo, count] = process.argv.slice(2);
  if (!commonDir || !runId || !writerNo || !count) throw new Error('usage: storeWriter <commonDir> <runId> <writerNo> <count>');
  const store = new RunStore(commonDir);
  for (let i = 0; i < Number(count); i++) {
    await store.update(runId, (run) => {
      run.findings.push(makeFinding({ id: `C${Number(writerNo) * 10_000 + i}` }));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
