/**
 * File snapshots: compares `actual` with `__snapshots__/<name>` beside the test. `UPDATE_SNAPSHOTS=1` rewrites
 * them; a missing snapshot fails in CI instead of being silently created.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function matchSnapshot(testDir: string, name: string, actual: string): void {
  const file = join(testDir, '__snapshots__', name);
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!existsSync(file) && !process.env.CI)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${file} is missing; run the tests locally with UPDATE_SNAPSHOTS=1`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from snapshot ${name}`);
}
