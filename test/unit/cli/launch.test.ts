import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleLoader, cacheFile, loadBundle } from '../../../src/cli/launch';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

let copies = 0;

/**
 * A small CommonJS bundle like dist/cliMain.js (a shebang, a built-in required, exports), in a
 * folder of its own: V8 keeps what it compiled in memory by file name, so a load from a new path
 * is what a later process sees — the cache file alone.
 */
function writeBundle(dir: string, answer: number): string {
  const folder = join(dir, `build-${++copies}`);
  mkdirSync(folder);
  const file = join(folder, 'cliMain.js');
  writeFileSync(file, `#!/usr/bin/env node\nconst { join } = require('node:path');\nexports.where = () => join(__dirname, 'x');\nexports.answer = () => ${answer};\nexports.runAsProcess = () => undefined;\n`);
  return file;
}

const answerOf = (loaded: ReturnType<typeof loadBundle>): number => (loaded.exports as { answer(): number }).answer();

describe('CLI launcher: the bundle through the code cache', () => {
  let dir: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = makeTempDir();
    cacheDir = join(dir, 'compile-cache');
  });
  afterEach(cleanupTempDirs);

  it('compiles the first time and keeps the code; the next load reads it and behaves the same', () => {
    const file = writeBundle(dir, 42);
    const first = loadBundle(file, cacheDir);
    assert.equal(first.cached, false);
    first.saveCache();
    assert.deepEqual(readdirSync(cacheDir), [basename(cacheFile(readFileSync(file, 'utf8'), cacheDir))]);
    const again = writeBundle(dir, 42);
    const second = loadBundle(again, cacheDir);
    assert.equal(second.cached, true);
    assert.equal(answerOf(second), 42);
    assert.equal((second.exports as unknown as { where(): string }).where(), join(again, '..', 'x'));
  });

  it('a damaged cache is rejected, the bundle compiled as usual and the cache rewritten', () => {
    loadBundle(writeBundle(dir, 7), cacheDir).saveCache();
    const [name] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, name!), 'not compiled code');
    const loaded = loadBundle(writeBundle(dir, 7), cacheDir);
    assert.equal(loaded.cached, false);
    assert.equal(answerOf(loaded), 7);
    loaded.saveCache();
    assert.ok(statSync(join(cacheDir, name!)).size > 100);
    assert.equal(loadBundle(writeBundle(dir, 7), cacheDir).cached, true);
  });

  it('another build has another cache file, and the old one goes when the new one is written', () => {
    loadBundle(writeBundle(dir, 1), cacheDir).saveCache();
    const [old] = readdirSync(cacheDir);
    const rebuilt = loadBundle(writeBundle(dir, 2), cacheDir);
    assert.equal(rebuilt.cached, false);
    assert.equal(answerOf(rebuilt), 2);
    rebuilt.saveCache();
    const now = readdirSync(cacheDir);
    assert.equal(now.length, 1);
    assert.notEqual(now[0], old);
  });

  it('a bundle the commands require (dist/engine.js) loads first, through its own cache file, and is the module their require finds', () => {
    const load = (answer: number) => {
      const folder = join(dir, `build-${++copies}`);
      mkdirSync(folder);
      writeFileSync(join(folder, 'engine.js'), `exports.loads = (exports.loads ?? 0) + 1;\nexports.answer = () => ${answer};\n`);
      writeFileSync(join(folder, 'cliMain.js'), `const engine = require('./engine.js');\nexports.engine = engine;\nexports.runAsProcess = () => undefined;\n`);
      const engine = loadBundle<{ loads: number; answer(): number }>(join(folder, 'engine.js'), cacheDir);
      const commands = loadBundle<{ engine: unknown }>(join(folder, 'cliMain.js'), cacheDir);
      assert.equal(commands.exports.engine, engine.exports, 'the require found the loaded module');
      assert.equal(engine.exports.loads, 1, 'the engine ran once');
      return { engine, commands };
    };
    const first = load(5);
    first.engine.saveCache();
    first.commands.saveCache();
    assert.deepEqual(readdirSync(cacheDir).map((name) => name.split('-')[0]).sort(), ['cliMain', 'engine'], 'one cache file per bundle, neither removing the other');
    const second = load(5);
    assert.deepEqual([second.engine.cached, second.commands.cached], [true, true]);
    assert.equal(second.engine.exports.answer(), 5);
    // A new engine build replaces only the engine's cache.
    const rebuilt = load(6);
    assert.deepEqual([rebuilt.engine.cached, rebuilt.commands.cached], [false, true]);
    // The cache of the earlier launcher, one bundle holding the engine, goes too.
    writeFileSync(join(cacheDir, 'cli-0123456789abcdef0123456789abcdef.bin'), 'compiled code of an earlier build');
    rebuilt.engine.saveCache();
    assert.deepEqual(readdirSync(cacheDir).map((name) => name.split('-')[0]).sort(), ['cliMain', 'engine']);
  });

  it('loads a bundle another requires when one of its exports is first used, once, through its own cache file', () => {
    const folder = join(dir, `build-${++copies}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'engine.js'), `globalThis.engineLoads = (globalThis.engineLoads ?? 0) + 1;\nexports.answer = () => 9;\n`);
    writeFileSync(join(folder, 'zod.js'), `globalThis.zodLoads = (globalThis.zodLoads ?? 0) + 1;\nexports.z = {};\n`);
    writeFileSync(join(folder, 'cliMain.js'), `const engine = require('./engine.js');\nrequire('./zod.js');\nconst { join } = require('node:path');\nexports.run = () => engine.answer() + engine.answer();\nexports.names = () => Object.keys(engine);\nexports.join = join;\n`);
    const counts = globalThis as { engineLoads?: number; zodLoads?: number };
    const bundles = bundleLoader(folder, cacheDir);
    const commands = bundles.load<{ run(): number; names(): string[]; join: unknown }>('cliMain.js');
    assert.equal(commands.join, join, 'any other require is Node\'s');
    assert.equal(counts.engineLoads, undefined, 'required, not yet used');
    assert.equal(commands.run(), 18);
    assert.deepEqual(commands.names(), ['answer']);
    assert.equal(counts.engineLoads, 1);
    assert.equal(counts.zodLoads, undefined, 'never used');
    for (const bundle of bundles.loaded()) bundle.saveCache();
    assert.deepEqual(readdirSync(cacheDir).map((name) => name.split('-')[0]).sort(), ['cliMain', 'engine']);
    assert.equal(bundles.load<{ answer(): number }>('engine.js').answer(), 9);
    assert.equal(counts.engineLoads, 1, 'loaded once');
    delete counts.engineLoads;
  });

  it('without a cache folder nothing is written', () => {
    const loaded = loadBundle(writeBundle(dir, 3), undefined);
    loaded.saveCache();
    assert.equal(existsSync(cacheDir), false);
  });
});
