/** Listing 500 runs through the store (lock-free reads + schema validation) vs. reading and JSON-parsing the same files. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../src/store/runStore';
import { makeFinding, makeRun } from '../test/helpers/runFixture';
import { time, type Bench } from './harness';

export const storeBench: Bench = {
  name: 'store',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'revise-bench-store-'));
    try {
      const store = new RunStore(dir);
      for (let i = 0; i < 500; i++) {
        const id = `run-${String(i).padStart(4, '0')}`;
        mkdirSync(join(store.root, id), { recursive: true });
        const findings = Array.from({ length: 20 }, (_, n) => makeFinding({ id: `B${n + 1}` }));
        writeFileSync(join(store.root, id, 'run.json'), JSON.stringify(makeRun({ id, findings }), null, 2));
      }
      const value = await time(() => store.list());
      const baseline = await time(() => {
        for (const id of readdirSync(store.root)) JSON.parse(readFileSync(join(store.root, id, 'run.json'), 'utf8'));
      });
      return [{ id: 'store.list.500', measure: 'RunStore.list() of 500 runs × 20 findings', unit: 'ms', value, baseline: { label: 'readFileSync + JSON.parse', value: baseline } }];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
