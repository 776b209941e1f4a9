/** `npm run bench`: every benchmark, one table. */
import { printTable, type Bench, type BenchRow } from './harness';
import { gitRestoreBench } from './git-restore';
import { serverBench } from './server';
import { storeBench } from './store';

const benches: Bench[] = [storeBench, gitRestoreBench, serverBench];

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  for (const bench of benches) {
    process.stderr.write(`bench: ${bench.name}…\n`);
    rows.push(...(await bench.run()));
  }
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
