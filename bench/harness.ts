/**
 * Benchmark harness. Every figure is repeated (median of at least five runs after a warm-up) and,
 * where a baseline exists, the baseline is measured in the same run on the same machine so the
 * table shows the ratio Revise adds rather than absolute numbers alone. Benchmarks never fail on
 * time: a missed goal is printed and saved, not thrown.
 */
import { performance } from 'node:perf_hooks';

/** Spread of one figure over its repetitions. */
export interface Sample {
  min: number;
  median: number;
  max: number;
  /** How many measured repetitions (warm-ups excluded). */
  runs: number;
}

/** The goal a row is held to: an upper bound on its median, or on its ratio to the baseline. */
export interface Goal {
  /** `value`: median ≤ max; `ratio`: median / baseline median ≤ max. */
  on: 'value' | 'ratio';
  max: number;
}

/** One line of the table and of `bench/results.json`. */
export interface BenchRow {
  /** Stable key (used to compare runs), e.g. `restore.20k`. */
  id: string;
  /** What is measured, in words. */
  measure: string;
  unit: 'ms' | 'kB' | 'MB' | 'requests' | 'calls' | 'refreshes';
  value: Sample;
  baseline?: { label: string; value: Sample };
  goal?: Goal;
  /** Anything the reader needs to interpret the figure (inputs, what the baseline leaves out). */
  note?: string;
}

/** A group of rows with the inputs they share (generated repository, server, …). */
export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}

export interface MeasureOptions {
  /** Measured repetitions (default 5, never fewer). */
  runs?: number;
  /** Unmeasured warm-up repetitions (default 1). */
  warmups?: number;
}

/** Wall time of `fn` in milliseconds over repeated runs. */
export async function time(fn: () => unknown, options: MeasureOptions = {}): Promise<Sample> {
  const runs = Math.max(5, options.runs ?? 5);
  for (let i = 0; i < (options.warmups ?? 1); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return sample(times);
}

/** Repeats `fn` (after warm-ups), each returning the figure it measured itself (bytes, requests, ms). */
export async function repeat(fn: () => Promise<number> | number, options: MeasureOptions = {}): Promise<Sample> {
  const runs = Math.max(5, options.runs ?? 5);
  for (let i = 0; i < (options.warmups ?? 1); i++) await fn();
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await fn());
  return sample(values);
}

/** Summary of a list of measurements. */
export function sample(values: readonly number[]): Sample {
  if (values.length === 0) throw new Error('a sample needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** A figure that does not vary between runs (a size, a count). */
export function exact(value: number): Sample {
  return { min: value, median: value, max: value, runs: 1 };
}

/** Median over baseline median, when there is a baseline. */
export function ratio(row: BenchRow): number | undefined {
  return row.baseline && row.baseline.value.median > 0 ? row.value.median / row.baseline.value.median : undefined;
}

/** Whether the row meets its goal (`undefined` when it has none). */
export function goalMet(row: BenchRow): boolean | undefined {
  if (!row.goal) return undefined;
  const figure = row.goal.on === 'ratio' ? ratio(row) : row.value.median;
  return figure !== undefined && figure <= row.goal.max;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function goalText(row: BenchRow): string {
  if (!row.goal) return '—';
  return row.goal.on === 'ratio' ? `≤ ${row.goal.max}×` : `≤ ${row.goal.max} ${row.unit}`;
}

/** The table as Markdown (the README section is this table). */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = ['| measure | median | min – max | baseline (median) | ratio | goal | met |', '|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    const r = ratio(row);
    const met = goalMet(row);
    const baseline = row.baseline ? `${row.baseline.label}: ${fmt(row.baseline.value.median)} ${row.unit}` : '—';
    lines.push(
      `| ${row.measure} | ${fmt(row.value.median)} ${row.unit} | ${fmt(row.value.min)} – ${fmt(row.value.max)} | ${baseline} | ${r === undefined ? '—' : `${r.toFixed(2)}×`} | ${goalText(row)} | ${met === undefined ? '—' : met ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}
