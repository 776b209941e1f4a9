/**
 * Part of `npm run bench`: `revise status --json` with 500 runs × 20 findings in the store, as a
 * whole process of the production CLI bundle next to `node -e ''` (so the ratio shows Revise's own
 * share of the start-up), and the in-process `RunStore.list()` next to reading and JSON-parsing the
 * same files.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RunStore } from '../src/store/runStore';
import { makeFinding, makeRun } from '../test/helpers/runFixture';
import { productionCli } from './buildCli';
import { benchGit } from './generateRepo';
import { sample, time, type Bench, type BenchRow } from './harness';

const RUNS_IN_STORE = 500;
const FINDINGS_PER_RUN = 20;
const execFileAsync = promisify(execFile);

/**
 * The runs are written through the store, as every run of a real store is (its run.json and the
 * last-good copy with the text's checksum), so a listing reads what it reads in use.
 */
async function fillStore(store: RunStore): Promise<void> {
  for (let i = 0; i < RUNS_IN_STORE; i++) {
    const id = `run-${String(i).padStart(4, '0')}`;
    const findings = Array.from({ length: FINDINGS_PER_RUN }, (_, n) =>
      makeFinding({ id: `B${n + 1}`, message: `Finding ${n + 1} of run ${i}: the parser drops the last token when the input ends without a newline.` }),
    );
    const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    await store.create(makeRun({ id, findings, createdAt, updatedAt: createdAt }));
  }
}

async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'revise-bench-store-'));
  try {
    const repo = join(dir, 'repo');
    benchGit(dir, ['init', '--quiet', '--initial-branch=main', repo]);
    const store = new RunStore(join(repo, '.git'));
    await fillStore(store);
    const cli = productionCli();

    // The two processes interleaved, so load from elsewhere hits both alike.
    let listed = -1;
    const cliProcess = async (): Promise<number> => {
      const started = performance.now();
      const { stdout } = await execFileAsync(process.execPath, [cli, 'status', '--json', '--repo', repo], { maxBuffer: 256 * 1024 * 1024 });
      const ms = performance.now() - started;
      listed = (JSON.parse(stdout) as { runs: unknown[] }).runs.length;
      return ms;
    };
    const bareNode = async (): Promise<number> => {
      const started = performance.now();
      await execFileAsync(process.execPath, ['-e', '']);
      return performance.now() - started;
    };
    await cliProcess();
    await bareNode();
    const times = { cli: [] as number[], node: [] as number[] };
    for (let i = 0; i < 7; i++) {
      times.cli.push(await cliProcess());
      times.node.push(await bareNode());
    }
    if (listed !== RUNS_IN_STORE) throw new Error(`status listed ${listed} runs, expected ${RUNS_IN_STORE}`);

    const list = await time(() => store.list(), { runs: 7 });
    const parse = await time(() => {
      for (const id of readdirSync(store.root)) JSON.parse(readFileSync(join(store.root, id, 'run.json'), 'utf8'));
    }, { runs: 7 });
    return [
      {
        id: 'status.500',
        measure: '`revise status --json` with 500 runs × 20 findings (whole process)',
        unit: 'ms',
        value: sample(times.cli),
        baseline: { label: "node -e ''", value: sample(times.node) },
        goal: { on: 'value', max: 150 },
        note: 'Production CLI (the launcher and the bundles it loads through the code cache the warm-up run wrote: the commands and the listing, not the engine nor zod); the runs were written through the store, with their last-good copies; the baseline is Node starting and exiting, so value − baseline is Revise’s own share.',
      },
      { id: 'store.list.500', measure: 'RunStore.list() of 500 runs × 20 findings (in process)', unit: 'ms', value: list, baseline: { label: 'readFileSync + JSON.parse', value: parse } },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const storeBench: Bench = { name: 'status', run };
