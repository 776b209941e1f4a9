/**
 * The production CLI bundle the benches run as a whole process (`node cli.js …`), built once per
 * bench process into a temporary folder with the project's own build script.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let built: string | undefined;

/** Path of a minified `cli.js` built from the current sources (removed when the process exits). */
export function productionCli(): string {
  if (built) return built;
  const outdir = mkdtempSync(join(tmpdir(), 'revise-bench-cli-'));
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', outdir], { cwd: join(__dirname, '..'), env: { ...process.env, REVISE_BUILD_QUIET: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  built = join(outdir, 'cli.js');
  return built;
}
