// Builds the four bundles of Revise: the extension (Node, CommonJS, `vscode` external), the language
// server, the decision-panel webview (browser) and the `revise` CLI (with a shebang).
// `--production` minifies; `--watch` rebuilds on change. A metafile per bundle reports its size.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

/** @type {Record<string, esbuild.BuildOptions>} */
const bundles = {
  extension: { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  server: { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  cli: { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  webview: { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js' },
};

mkdirSync('dist', { recursive: true });

async function buildAll() {
  const rows = [];
  for (const [name, options] of Object.entries(bundles)) {
    const result = await esbuild.build(options);
    const out = Object.entries(result.metafile.outputs).find(([file]) => !file.endsWith('.map'));
    rows.push({ bundle: name, file: out?.[0], kB: out ? +(out[1].bytes / 1024).toFixed(1) : 0 });
    writeFileSync(`dist/${name}.meta.json`, JSON.stringify(result.metafile));
  }
  chmodSync('dist/cli.js', 0o755);
  chmodSync('dist/server.js', 0o755);
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
