/**
 * Part of `npm run bench`: how many times the Runs view hears of one run write — the real engine
 * writing through its store, the real store watcher, and the extension's RunsState (the logic of
 * RunsModel without `vscode`). Each change it tells of is one tree redraw, one panel refresh (a git
 * call) and one full SetFindings to the language server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine';
import { RunStore } from '../src/store/runStore';
import { followRuns } from '../test/helpers/runsEchoes';
import { makeFinding, makeRun } from '../test/helpers/runFixture';
import { repeat, type Bench, type BenchRow } from './harness';

const WRITES = 10;

async function run(): Promise<BenchRow[]> {
  const repo = mkdtempSync(join(tmpdir(), 'revise-bench-ui-'));
  try {
    execFileSync('git', ['init', '--quiet', repo]);
    await new RunStore(join(repo, '.git')).create(makeRun({ id: 'run-a', findings: [makeFinding({ id: 'B1' })] }));
    const engine = await Engine.open(repo);
    const followed = await followRuns(engine);
    let relists = 0;
    try {
      let include = true;
      const perWrite = await repeat(async () => {
        const before = followed.changes.length;
        const relistsBefore = followed.relists();
        for (let i = 0; i < WRITES; i++) {
          const echoed = followed.echoOf('run-a');
          include = !include;
          await engine.setFindingIncluded('run-a', 'B1', include);
          await echoed;
        }
        relists += followed.relists() - relistsBefore;
        return (followed.changes.length - before) / WRITES;
      });
      return [
        {
          id: 'ui.refreshesPerWrite',
          measure: 'UI refreshes per run write (engine write → announcement + store watcher echo → RunsState changes)',
          unit: 'refreshes',
          value: perWrite,
          goal: { on: 'value', max: 1 },
          note: `${WRITES} writes per repetition, each waited out until the watcher's echo was re-read; full re-listings during the writes: ${relists}.`,
        },
      ];
    } finally {
      followed.dispose();
      engine.dispose();
    }
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

export const uiRefreshBench: Bench = { name: 'ui', run };
