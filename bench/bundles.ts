/**
 * Sizes of the production bundles (minified, as packaged): the extension's entry bundle, which VS
 * Code loads at activation, the two bundles it loads on first use (src/extension/chunks.ts) with zod, which the engine requires, the
 * language server, the decision-panel webview and the CLI. Each note names the largest inputs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exact, type Bench, type BenchRow } from './harness';

const ROOT = join(__dirname, '..');

/** The bundles esbuild.mjs writes, in table order. */
const BUNDLES: { name: string; measure: string; note: string; goal?: BenchRow['goal'] }[] = [
  { name: 'extension', measure: 'extension entry bundle (loaded at activation)', note: 'the only bundle VS Code loads at activation', goal: { on: 'value', max: 300 } },
  { name: 'engine', measure: 'extension: engine bundle (loaded on first use)', note: 'loaded on the first Runs-view expansion or command; the CLI commands load it too' },
  { name: 'zod', measure: 'zod bundle (required by the engine and the language server)', note: 'one copy for both' },
  { name: 'languageClient', measure: 'extension: LSP client bundle (loaded on first use)', note: 'loaded when the language server starts, right after the first listing of runs' },
  { name: 'server', measure: 'language server bundle', note: 'a separate process, started with the engine' },
  { name: 'webview', measure: 'decision-panel webview bundle', note: 'loaded by the panel page' },
  { name: 'cli', measure: 'CLI launcher', note: 'the `revise` command: loads the CLI bundle through the code cache (src/cli/launch.ts)' },
  { name: 'cliMain', measure: 'CLI bundle', note: 'the commands, loaded by the launcher; the bundles they require (dist/engine.js, dist/listing.js) load on first use' },
  { name: 'listing', measure: 'CLI: listing bundle (`revise status`)', note: 'the store without the engine: `revise status` loads neither the engine nor zod while every run.json is as Revise wrote it' },
  { name: 'workflowParser', measure: 'workflow checker bundle (GitHub\'s workflow parser)', note: 'loaded only by `revise actions init`' },
];

interface Metafile {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** `node_modules/<pkg>` (scoped packages included) or the source folder an input belongs to. */
function inputGroup(file: string): string {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return file.split('/').slice(0, 2).join('/');
  const parts = file.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
}

/** The three largest inputs of a bundle, from its metafile, e.g. `zod 189 kB, src/core 28 kB, …`. */
function largestInputs(metafile: Metafile): string {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const groups = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) groups.set(inputGroup(file), (groups.get(inputGroup(file)) ?? 0) + bytesInOutput);
  return [...groups]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([group, bytes]) => `${group} ${(bytes / 1024).toFixed(0)} kB`)
    .join(', ');
}

const kB = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

export const bundlesBench: Bench = {
  name: 'bundles',
  run() {
    const outdir = mkdtempSync(join(tmpdir(), 'revise-bench-bundles-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production', '--outdir', outdir], { cwd: ROOT, env: { ...process.env, REVISE_BUILD_QUIET: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
      const bytes = (name: string): number => statSync(join(outdir, `${name}.js`)).size;
      const rows: BenchRow[] = BUNDLES.map(({ name, measure, note, goal }) => {
        const metafile = JSON.parse(readFileSync(join(outdir, `${name}.meta.json`), 'utf8')) as Metafile;
        return { id: `bundles.${name}`, measure, unit: 'kB', value: exact(kB(bytes(name))), ...(goal ? { goal } : {}), note: `${note}; largest inputs: ${largestInputs(metafile)}` };
      });
      const extensionTotal = bytes('extension') + bytes('engine') + bytes('zod') + bytes('languageClient');
      rows.splice(4, 0, {
        id: 'bundles.extension-total',
        measure: 'extension: entry + bundles loaded on first use',
        unit: 'kB',
        value: exact(kB(extensionTotal)),
        note: 'what the extension host has loaded once the Runs view was first expanded: the split defers code, it removes none',
      });
      return Promise.resolve(rows);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
