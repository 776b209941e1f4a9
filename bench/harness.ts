/**
 * Benchmark harness: each case is measured next to a baseline measured in the same run on the same
 * machine, so the table shows the overhead Revise adds rather than absolute numbers alone.
 */
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  /** What is measured. */
  case: string;
  /** What it is compared with. */
  baseline: string;
  ms: number;
  baselineMs: number;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}

/** Median wall time of `fn` over `iterations` runs (after one warm-up). */
export async function median(fn: () => unknown, iterations = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function printTable(rows: BenchRow[]): void {
  const table = rows.map((r) => ({
    case: r.case,
    'ms (median)': +r.ms.toFixed(2),
    baseline: r.baseline,
    'baseline ms': +r.baselineMs.toFixed(2),
    ratio: r.baselineMs > 0 ? +(r.ms / r.baselineMs).toFixed(2) : NaN,
  }));
  console.table(table);
}
