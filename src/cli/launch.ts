/**
 * `dist/cli.js`, what the `revise` command runs: it loads the CLI bundle beside it (dist/cliMain.js)
 * with V8's code cache, kept in Revise's per-user state folder. Compiling the 700 kB bundle, and
 * the functions a command then runs for the first time, took about a third of a `revise status`;
 * with the cache from the previous run Node reads the compiled code instead. (Node 22 has this
 * built in, `module.enableCompileCache`; Revise runs on Node 20.)
 *
 * The cache file is named by a hash of the bundle's text and the runtime, so another build or
 * another Node never reads it; V8 checks it again and rejects what does not fit, and then the bundle
 * is compiled as usual and the cache rewritten. A cache that cannot be read or written only costs
 * the time it would have saved. `REVISE_NO_COMPILE_CACHE=1` turns it off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { stateHome } from '../core/stateHome';

/** What dist/cliMain.js exports (src/cli/main.ts). */
interface CliMain {
  runAsProcess(): void;
}

interface LoadedBundle {
  exports: CliMain;
  /** Whether the code came from the cache. */
  cached: boolean;
  /** Writes the cache when it was missing or rejected (call once the command ran: more is compiled then). */
  saveCache(): void;
}

/**
 * The cache file for `source` in `dir`: named by the bundle's text, the runtime and the CPU. The V8
 * version counts apart from Node's: VS Code's Electron, run as Node by the installed `revise`
 * command, may report the same Node version as the system's Node with another V8, and the two would
 * otherwise reject and rewrite each other's cache on every run.
 */
export function cacheFile(source: string, dir: string): string {
  const runtime = `${process.version} ${process.versions.v8} ${process.arch}`;
  const key = createHash('sha256').update(source).update(runtime).digest('hex').slice(0, 32);
  return join(dir, `cli-${key}.bin`);
}

/**
 * Load the CommonJS bundle `file` as a module, through the code cache kept in `cacheDir` (none:
 * plain compile).
 */
export function loadBundle(file: string, cacheDir: string | undefined): LoadedBundle {
  const source = readFileSync(file, 'utf8');
  const cache = cacheDir === undefined ? undefined : cacheFile(source, cacheDir);
  let cachedData: Buffer | undefined;
  if (cache) {
    try {
      cachedData = readFileSync(cache);
    } catch {
      // No cache yet.
    }
  }
  // The shebang line stays as a comment: line numbers in stack traces are the file's own.
  const script = new Script(Module.wrap(source.startsWith('#!') ? `//${source}` : source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = new Module(file, require.main);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  module.loaded = true;
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports as CliMain,
    cached,
    saveCache: () => {
      if (!cache || !cacheDir || cached) return;
      const temporary = `${cache}.${randomBytes(4).toString('hex')}`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cache);
        // The caches of earlier builds are never read again.
        for (const name of readdirSync(cacheDir)) if (name.startsWith('cli-') && join(cacheDir, name) !== cache && !name.includes('.bin.')) rmSync(join(cacheDir, name), { force: true });
      } catch {
        rmSync(temporary, { force: true });
      }
    },
  };
}

if (require.main === module) {
  const file = join(__dirname, 'cliMain.js');
  const useCache = process.env.REVISE_NO_COMPILE_CACHE !== '1';
  const bundle = loadBundle(file, useCache ? join(stateHome(), 'compile-cache') : undefined);
  process.once('beforeExit', () => bundle.saveCache());
  bundle.exports.runAsProcess();
}
