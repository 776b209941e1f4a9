// Bundles the host test runner and suites into out/host/ (git-ignored): index.js (the runner) and one
// <name>.test.js per suite file. `vscode` stays external (the extension host provides it), and so does
// mocha: its CommonJS build is required from the repository's node_modules, because bundling it
// breaks its own `require.resolve` of worker files.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(root, 'test', 'host', 'suite');
const outdir = join(root, 'out', 'host');

/** Points `import Mocha from 'mocha'` (an ES module package) at its CommonJS build, relative to out/host. */
const mochaFromNodeModules = {
  name: 'mocha-cjs',
  setup(build) {
    build.onResolve({ filter: /^mocha$/ }, () => ({ path: '../../node_modules/mocha/lib/mocha.cjs', external: true }));
  },
};

const suites = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts'));
// Suites that need a differently started host (e.g. an untrusted folder) live in sub-folders and
// are bundled to out/host/<folder>/; HOST_TEST_SUITE=<folder> runs them instead of the main ones.
const subSuites = readdirSync(suiteDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(suiteDir, d.name)).filter((f) => f.endsWith('.test.ts')).map((f) => join(d.name, f)));
rmSync(outdir, { recursive: true, force: true });

await esbuild.build({
  entryPoints: [join(suiteDir, 'index.ts'), ...[...suites, ...subSuites].map((f) => join(suiteDir, f))],
  outdir,
  outbase: suiteDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
  plugins: [mochaFromNodeModules],
});
console.log(`host tests built: ${suites.length + subSuites.length} suite file(s) → ${outdir}`);
