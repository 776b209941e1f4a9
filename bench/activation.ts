/**
 * Activation of the packaged extension in the real VS Code host: loading the entry bundle plus
 * running `activate()` (the extension host's own marks, as its Running Extensions view counts
 * them), the caller's wall time of `extension.activate()`, and the git calls and network requests
 * made meanwhile; then the cost of the first use that the split into bundles defers. Each figure needs a fresh host (a module loads once per
 * process), so the host is launched once per repetition, on a folder that is not a git repository:
 * there `workspaceContains:.git` does not activate Revise before the measuring suite
 * (test/host/suite/bench) does. The extension is staged as it ships: production bundles,
 * package.json and media.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivationFigures } from '../test/host/suite/bench/activation.test';
import { sample, type Bench, type BenchRow } from './harness';

const ROOT = join(__dirname, '..');
const RUNS = 5;
const WARMUPS = 1;

/** A folder holding the extension as the .vsix would: production bundles, manifest, media. */
function stageExtension(dir: string): string {
  const ext = join(dir, 'extension');
  mkdirSync(ext, { recursive: true });
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'media']) cpSync(join(ROOT, entry), join(ext, entry), { recursive: true });
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production', '--outdir', join(ext, 'dist')], { cwd: ROOT, env: { ...process.env, REVISE_BUILD_QUIET: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return ext;
}

/** One host launch: returns what the bench suite measured inside it. */
function launch(dir: string, ext: string, index: number): ActivationFigures {
  const folder = join(dir, `folder-${index}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'README.md'), '# not a repository yet\n');
  const out = join(dir, `figures-${index}.json`);
  const args = ['test/host/run.sh', '--ext', ext, '--folder', folder, '--env', 'HOST_TEST_SUITE=bench', '--env', `HOST_BENCH_OUT=${out}`, '--artifacts', join(dir, `host-${index}`)];
  try {
    // The development bundles in dist/ are not used (--ext points at the staged extension): no rebuild.
    execFileSync('bash', args, { cwd: ROOT, env: { ...process.env, REVISE_HOST_SKIP_BUILD: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? String(error.stdout) : '';
    throw new Error(`the activation host run ${index} failed:\n${output.split('\n').slice(-30).join('\n')}`, { cause: error });
  }
  return JSON.parse(readFileSync(out, 'utf8')) as ActivationFigures;
}

export const activationBench: Bench = {
  name: 'activation',
  run() {
    const dir = mkdtempSync(join(tmpdir(), 'revise-bench-activation-'));
    try {
      const ext = stageExtension(dir);
      const figures: ActivationFigures[] = [];
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        const measured = launch(dir, ext, i);
        if (i >= WARMUPS) figures.push(measured);
      }
      const of = (key: keyof ActivationFigures) => sample(figures.map((f) => f[key]));
      const launches = `${RUNS} host launches after ${WARMUPS} warm-up, production bundles`;
      const own = sample(figures.map((f) => f.codeLoadingMs + f.activateCallMs));
      const loading = of('codeLoadingMs').median;
      const call = of('activateCallMs').median;
      const rows: BenchRow[] = [
        { id: 'activation.ms', measure: 'extension activation in the real host (code loading + activate())', unit: 'ms', value: own, goal: { on: 'value', max: 25 }, note: `the extension host's marks around require(dist/extension.js) (median ${loading} ms, which includes creating the extension's vscode API object) and around activate() until it resolved (median ${call} ms); ${launches}` },
        { id: 'activation.wall', measure: 'extension.activate() wall time seen by a caller', unit: 'ms', value: of('activationWallMs'), note: "also waits for VS Code to prepare the ExtensionContext (the extension's global and workspace storage, read from the workbench), which every extension pays, concurrently with the code loading" },
        { id: 'activation.git', measure: 'git calls during activation', unit: 'calls', value: of('gitCalls'), goal: { on: 'value', max: 0 }, note: 'from the git wrapper the host run puts on PATH' },
        { id: 'activation.network', measure: 'network requests during activation', unit: 'requests', value: of('netRequests'), goal: { on: 'value', max: 0 }, note: 'requests from the extension host through the recording proxy the host run configures' },
        { id: 'activation.first-expansion', measure: 'first Runs-view expansion after activation', unit: 'ms', value: of('firstExpansionMs'), note: 'loads dist/engine.js, opens the engine (git rev-parse) and lists the runs of an empty store; dist/languageClient.js loads and the language server starts right after, in the background' },
        { id: 'activation.later-expansion', measure: 'a later Runs-view listing', unit: 'ms', value: of('laterExpansionMs'), note: 'the same listing with the engine loaded; the LSP client bundle load and the server start, deferred past the first listing, overlap it' },
      ];
      return Promise.resolve(rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
