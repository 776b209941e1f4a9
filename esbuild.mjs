// Builds the bundles of Revise: the extension (Node, CommonJS, `vscode` external) with the two parts
// it loads on first use (src/extension/chunks.ts: the engine, the LSP client), zod (which the engine and
// the language server require), the language server,
// the decision-panel webview (browser), the `revise` CLI (a launcher with a shebang, and the CLI itself)
// and the GitHub Action.
// `--production` minifies; `--watch` rebuilds on change; `--outdir DIR` writes elsewhere than `dist/`
// (packaging builds into a staging folder). A metafile per bundle reports its size.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

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

/**
 * Core modules a CLI bundle holds its own copy of rather than loading dist/engine.js for them: each
 * imports nothing and keeps no state, and `instanceof ReviseError` holds across bundles (errors.ts).
 * Printing `revise --version`, or the lines of `revise status`, then needs no engine.
 */
const COPIED_CORE = ['core/errors', 'core/agentPresets', 'core/reviewerAgents'];

/**
 * The CLI's commands (dist/cliMain.js) load the engine and the core modules they use from
 * dist/engine.js at run time, which the .vsix and `npm pack` ship anyway: one copy of the engine,
 * zod, git and Octokit instead of two. src/engine/bundle.ts, the engine bundle's entry, re-exports
 * those modules; a CLI file's import of any of them becomes `require("./engine.js")`. Importing a
 * core or engine module that file does not re-export fails the build, as does a bundle that still
 * holds engine code or zod.
 * @type {esbuild.Plugin}
 */
const cliUsesEngineBundle = {
  name: 'cli-uses-engine-bundle',
  setup(build) {
    const src = resolve('src');
    const entry = join(src, 'engine', 'bundle.ts');
    const withoutIndex = (path) => path.replace(/\.ts$/, '').replace(/[\\/]index$/, '');
    const shared = new Set([...readFileSync(entry, 'utf8').matchAll(/^export \* from '([^']+)';$/gm)].map(([, path]) => withoutIndex(resolve(dirname(entry), path))));
    const copied = new Set(COPIED_CORE.map((path) => join(src, path)));
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(join(src, 'cli') + sep)) return undefined;
      const path = withoutIndex(resolve(args.resolveDir, args.path));
      if (copied.has(path)) return undefined;
      if (path === join(src, 'engine', 'listing')) return { path: './listing.js', external: true };
      if (!path.startsWith(join(src, 'core') + sep) && !path.startsWith(join(src, 'engine') + sep) && path !== join(src, 'engine')) return undefined;
      if (!shared.has(path)) return { errors: [{ text: `${args.path} is not re-exported by src/engine/bundle.ts: add it there so the CLI loads it from dist/engine.js` }] };
      return { path: './engine.js', external: true };
    });
    build.onEnd((result) => {
      const duplicated = Object.keys(result.metafile?.inputs ?? {}).filter((input) => /^src[\\/](engine|core)[\\/]|node_modules[\\/]zod[\\/]/.test(input) && !COPIED_CORE.some((path) => input.replace(/\\/g, '/') === `src/${path}.ts`));
      if (duplicated.length > 0) return { errors: [{ text: `the CLI bundle holds its own copy of ${duplicated.slice(0, 3).join(', ')}…: import them through src/engine/bundle.ts` }] };
      return undefined;
    });
  },
};

/**
 * zod is its own bundle, dist/zod.js, which the engine and the language server require at run time
 * instead of each carrying a copy (about 190 kB).
 * @type {esbuild.Plugin}
 */
const zodBundle = {
  name: 'zod-bundle',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, () => ({ path: './zod.js', external: true }));
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
  // The CLI's commands load it too (cliUsesEngineBundle above).
  engine: { ...node, entryPoints: ['src/engine/bundle.ts'], outfile: join(outdir, 'engine.js'), plugins: [zodBundle] },
  zod: { ...node, stdin: { contents: "export * from 'zod';", resolveDir: '.', sourcefile: 'zod.js' }, outfile: join(outdir, 'zod.js') },
  languageClient: { ...node, entryPoints: ['src/extension/findingsConnection.ts'], outfile: join(outdir, 'languageClient.js'), external: ['vscode'] },
  server: { ...node, entryPoints: ['src/server/main.ts'], outfile: join(outdir, 'server.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [zodBundle] },
  // The `revise` command: a small launcher that loads the CLI bundle beside it through V8's code cache (src/cli/launch.ts).
  cli: { ...node, entryPoints: ['src/cli/launch.ts'], outfile: join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  cliMain: { ...node, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cliMain.js'), plugins: [zodEnglishOnly, cliUsesEngineBundle] },
  // What `revise status` lists runs with (src/engine/listing.ts): the store without the engine, zod loaded only to check a file Revise did not write.
  listing: { ...node, entryPoints: ['src/engine/listing.ts'], outfile: join(outdir, 'listing.js'), plugins: [zodEnglishOnly, zodBundle] },
  // The GitHub Action (action.yml): one round of a pull request's run on a runner (docs/actions.md).
  action: { ...node, entryPoints: ['src/action/main.ts'], outfile: join(outdir, 'action.js') },
  // GitHub's workflow parser with Revise's checks (src/workflowCheck/check.ts), loaded only by `revise actions init`.
  workflowParser: { ...node, entryPoints: ['src/workflowCheck/check.ts'], outfile: join(outdir, 'workflowParser.js') },
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
