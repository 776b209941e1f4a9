/** The `revise` CLI bundle built from the current sources by esbuild.mjs, once per test process. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');
const built = new Map<string, string>();

/**
 * Build the bundles into `<parent>/cli-<pid>` (a folder of its own, so parallel workers do not share
 * one; removed when the process exits) and return the path of its `cli.js`. It starts in a third of
 * the time tsx takes, and it is what the extension ships.
 */
export function reviseBundle(parent: string): string {
  const known = built.get(parent);
  if (known) return known;
  const outdir = join(parent, `cli-${process.pid}`);
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'esbuild.mjs'), '--outdir', outdir], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, REVISE_BUILD_QUIET: '1' } });
  if (result.status !== 0) throw new Error(`esbuild.mjs failed (exit ${result.status}): ${result.stderr}`);
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  const cli = join(outdir, 'cli.js');
  built.set(parent, cli);
  return cli;
}
