// Builds the bundles of Revise: the extension (Node, CommonJS, `vscode` external) with the two parts
// it loads on first use (src/extension/chunks.ts: the engine, the LSP client), the language server,
// the decision-panel webview (browser), the `revise` CLI (a launcher with a shebang, and the CLI itself)
// and the GitHub Action.
// `--production` minifies; `--watch` rebuilds on change; `--outdir DIR` writes elsewhere than `dist/`
// (packaging builds into a staging folder). A metafile per bundle reports its size.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';
if (!outdir) throw new Error('--outdir needs a folder');

/**
 * zod re-exports every locale as `z.locales`, which no tree shaking removes (about 300 kB per
 * bundle). Revise only uses the English messages zod configures by default, so the locale index
 * resolves to English alone.
 * @type {esbuild.Plugin}
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}zod${sep}`) ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [zodEnglishOnly],
};

// `navigator` is a browser global: probing it in VS Code's extension host logs a PendingMigrationError
// (zod and debug probe it); in the Node bundles it is simply absent.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], define: { navigator: 'undefined' } };

/** @type {Record<string, esbuild.BuildOptions>} */
const bundles = {
  extension: { ...node, entryPoints: ['src/extension/extension.ts'], outfile: join(outdir, 'extension.js'), external: ['vscode'] },
  // Loaded by the extension on first use, so activation reads only the small entry bundle above.
  engine: { ...node, entryPoints: ['src/engine/index.ts'], outfile: join(outdir, 'engine.js') },
  languageClient: { ...node, entryPoints: ['src/extension/findingsConnection.ts'], outfile: join(outdir, 'languageClient.js'), external: ['vscode'] },
  server: { ...node, entryPoints: ['src/server/main.ts'], outfile: join(outdir, 'server.js'), banner: { js: '#!/usr/bin/env node' } },
  // The `revise` command: a small launcher that loads the CLI bundle beside it through V8's code cache (src/cli/launch.ts).
  cli: { ...node, entryPoints: ['src/cli/launch.ts'], outfile: join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  cliMain: { ...node, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cliMain.js') },
  // The GitHub Action (action.yml): one round of a pull request's run on a runner (docs/actions.md).
  action: { ...node, entryPoints: ['src/action/main.ts'], outfile: join(outdir, 'action.js') },
  webview: { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['src/webview/main.ts'], outfile: join(outdir, 'webview.js') },
};

mkdirSync(outdir, { recursive: true });

async function buildAll() {
  const rows = [];
  for (const [name, options] of Object.entries(bundles)) {
    const result = await esbuild.build(options);
    const out = Object.entries(result.metafile.outputs).find(([file]) => !file.endsWith('.map'));
    rows.push({ bundle: name, file: out?.[0], kB: out ? +(out[1].bytes / 1024).toFixed(1) : 0 });
    writeFileSync(join(outdir, `${name}.meta.json`), JSON.stringify(result.metafile));
  }
  chmodSync(join(outdir, 'cli.js'), 0o755);
  chmodSync(join(outdir, 'server.js'), 0o755);
  if (!process.env.REVISE_BUILD_QUIET) console.table(rows);
}

if (watch) {
  for (const options of Object.values(bundles)) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  await buildAll();
}
