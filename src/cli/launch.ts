/**
 * `dist/cli.js`, what the `revise` command runs: it loads the CLI bundle beside it (dist/cliMain.js)
 * and the bundles the commands require (dist/engine.js, which the extension loads too, dist/zod.js,
 * dist/listing.js) with V8's code cache, kept in Revise's per-user state folder. Compiling the 700 kB of bundles, and
 * the functions a command then runs for the first time, took about a third of a `revise status`;
 * with the cache from the previous run Node reads the compiled code instead. (Node 22 has this
 * built in, `module.enableCompileCache`; Revise runs on Node 20.)
 *
 * A bundle another one requires is loaded when one of its exports is first used, not when it is
 * required: `revise status` then never loads the engine and zod (about 30 ms), and `--version` or
 * `--help` load only the commands.
 *
 * Each bundle has its own cache file, named by its name, a hash of its text and the runtime, so another build or
 * another Node never reads it; V8 checks it again and rejects what does not fit, and then the bundle
 * is compiled as usual and the cache rewritten. A cache that cannot be read or written only costs
 * the time it would have saved. `REVISE_NO_COMPILE_CACHE=1` turns it off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { stateHome } from '../core/stateHome';

/** What dist/cliMain.js exports (src/cli/main.ts). */
interface CliMain {
  /** `beforeExit`: called before the process ends, also when a command ends it at once. */
  runAsProcess(beforeExit: () => void): void;
}

interface LoadedBundle<T> {
  exports: T;
  /** Whether the code came from the cache. */
  cached: boolean;
  /** Writes the cache when it was missing or rejected (call once the command ran: more is compiled then). */
  saveCache(): void;
}

/**
 * The cache file for `source`, the text of the bundle `name`, in `dir`: named by the bundle, its
 * text, the runtime and the CPU. The V8
 * version counts apart from Node's: VS Code's Electron, run as Node by the installed `revise`
 * command, may report the same Node version as the system's Node with another V8, and the two would
 * otherwise reject and rewrite each other's cache on every run.
 */
export function cacheFile(source: string, dir: string, name = 'cliMain'): string {
  const runtime = `${process.version} ${process.versions.v8} ${process.arch}`;
  const key = createHash('sha256').update(source).update(runtime).digest('hex').slice(0, 32);
  return join(dir, `${name}-${key}.bin`);
}

/**
 * Load the CommonJS bundle `file` as a module, through the code cache kept in `cacheDir` (none:
 * plain compile). It is registered in Node's module cache, so a later `require` of `file` (the
 * commands' require of dist/engine.js) gets this module rather than compiling the file again.
 * `requireFrom`: the `require` the bundle gets (default: Node's, for its folder).
 */
export function loadBundle<T = CliMain>(file: string, cacheDir: string | undefined, requireFrom: (file: string) => NodeJS.Require = Module.createRequire): LoadedBundle<T> {
  const source = readFileSync(file, 'utf8');
  const name = basename(file, '.js');
  const cache = cacheDir === undefined ? undefined : cacheFile(source, cacheDir, name);
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
  (Module as unknown as { _cache: Record<string, Module> })._cache[file] = module;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, requireFrom(file), module, file, dirname(file));
  module.loaded = true;
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports as T,
    cached,
    saveCache: () => {
      if (!cache || !cacheDir || cached) return;
      const temporary = `${cache}.${randomBytes(4).toString('hex')}`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cache);
        // The caches of this bundle's earlier builds are never read again, nor those of the earlier
        // launcher that cached one bundle holding the engine (`cli-…`).
        for (const other of readdirSync(cacheDir)) if ((other.startsWith(`${name}-`) || other.startsWith('cli-')) && join(cacheDir, other) !== cache && !other.includes('.bin.')) rmSync(join(cacheDir, other), { force: true });
      } catch {
        rmSync(temporary, { force: true });
      }
    },
  };
}

/** The exports of a module loaded by `load` when one of them is first used (or listed). */
function lazyExports(load: () => object): object {
  return new Proxy(Object.create(null) as object, {
    get: (_, key): unknown => Reflect.get(load(), key),
    has: (_, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/**
 * The bundles in `dir`, each loaded through the code cache in `cacheDir` when first used: a bundle's
 * `require` of a sibling bundle (`./engine.js`) gets exports that load it on first use (or, once it
 * is loaded, its exports themselves); any other `require` is Node's.
 */
export function bundleLoader(dir: string, cacheDir: string | undefined): { load<T>(name: string): T; loaded(): Array<LoadedBundle<unknown>> } {
  const bundles = new Map<string, LoadedBundle<unknown>>();
  const siblings = new Set(readdirSync(dir).filter((name) => name.endsWith('.js')));
  const load = <T>(name: string): T => {
    let bundle = bundles.get(name);
    if (!bundle) {
      bundle = loadBundle<unknown>(join(dir, name), cacheDir, requireFrom);
      bundles.set(name, bundle);
    }
    return bundle.exports as T;
  };
  const requireFrom = (file: string): NodeJS.Require => {
    const own = Module.createRequire(file);
    const sibling = (id: string): string | undefined => {
      const name = id.startsWith('./') ? id.slice(2) : undefined;
      return name !== undefined && !name.includes('/') && siblings.has(name) ? name : undefined;
    };
    return Object.assign((id: string): unknown => {
      const name = sibling(id);
      if (name === undefined) return own(id) as unknown;
      return bundles.get(name)?.exports ?? lazyExports(() => load<object>(name));
    }, own);
  };
  return { load, loaded: () => [...bundles.values()] };
}

if (require.main === module) {
  const cacheDir = process.env.REVISE_NO_COMPILE_CACHE === '1' ? undefined : join(stateHome(), 'compile-cache');
  const bundles = bundleLoader(__dirname, cacheDir);
  const commands = bundles.load<CliMain>('cliMain.js');
  let saved = false;
  const saveCaches = (): void => {
    if (saved) return;
    saved = true;
    for (const bundle of bundles.loaded()) bundle.saveCache();
  };
  process.once('beforeExit', saveCaches);
  commands.runAsProcess(saveCaches);
}
