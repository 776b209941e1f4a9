/**
 * `npm run bench`: every benchmark, one table on stdout, and `bench/results.json` with the machine,
 * the Node version, the date and every figure (min / median / max, baseline, ratio, goal).
 *
 *   npm run bench                  all benches
 *   npm run bench -- --only store  only the named benches (comma-separated)
 *   npm run bench -- --out FILE    write the results elsewhere than bench/results.json (and FILE's .md beside it)
 */
// Last-good copies of the runs the benches create go to a temporary state folder, not the user's.
import '../test/helpers/isolatedState';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { goalMet, markdownTable, ratio, type Bench, type BenchRow } from './harness';
import { activationBench } from './activation';
import { agentBench } from './agent';
import { bundlesBench } from './bundles';
import { gitRestoreBench } from './git-restore';
import { sarifImportBench } from './sarifImport';
import { githubBench } from './github';
import { actionsFollowBench } from './actionsFollow';
import { roundWatchBench } from './roundWatch';
import { serverBench } from './server';
import { storeBench } from './store';
import { uiRefreshBench } from './uiRefresh';

// The restore bench goes last: its many large checkouts leave the disk writing back for a while,
// which would slow whatever ran next.
const benches: Bench[] = [storeBench, uiRefreshBench, serverBench, githubBench, actionsFollowBench, agentBench, roundWatchBench, bundlesBench, activationBench, sarifImportBench, gitRestoreBench];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: join(__dirname, '..'), encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const only = option('--only')?.split(',');
  const selected = only ? benches.filter((b) => only.includes(b.name)) : benches;
  if (selected.length === 0) throw new Error(`no bench matches --only ${only?.join(',')}; benches: ${benches.map((b) => b.name).join(', ')}`);
  const started = Date.now();
  const rows: BenchRow[] = [];
  for (const bench of selected) {
    const benchStarted = Date.now();
    process.stderr.write(`bench: ${bench.name}…\n`);
    rows.push(...(await bench.run()));
    process.stderr.write(`bench: ${bench.name} took ${((Date.now() - benchStarted) / 1000).toFixed(1)} s\n`);
  }
  const table = [markdownTable(rows), '', ...rows.filter((r) => r.note).map((r) => `- ${r.measure}: ${r.note}`)].join('\n');
  console.log(table);

  const cpu = cpus();
  const results = {
    date: new Date().toISOString(),
    commit: commit(),
    machine: { os: type(), cpu: cpu[0]?.model, cores: cpu.length, memoryGB: Math.round(totalmem() / 2 ** 30) },
    node: process.version,
    seconds: Math.round((Date.now() - started) / 1000),
    rows: rows.map((row) => ({ ...row, ratio: ratio(row), goalMet: goalMet(row) })),
  };
  const out = option('--out') ?? join(__dirname, 'results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  // The same table as Markdown beside it, for the README's Benchmarks section.
  const machine = `${results.machine.cores} × ${results.machine.cpu ?? 'unknown CPU'}, ${results.machine.memoryGB} GB, Node ${results.node}, ${results.date.slice(0, 10)}, commit ${results.commit ?? 'unknown'}`;
  writeFileSync(out.replace(/\.json$/, '') + '.md', `Measured on ${machine}, in ${results.seconds} s.\n\n${table}\n`);
  const missed = rows.filter((r) => goalMet(r) === false);
  console.log(`\n${rows.length} figures in ${results.seconds} s; ${missed.length} goal(s) missed${missed.length ? `: ${missed.map((r) => r.id).join(', ')}` : ''}. Saved ${out}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
