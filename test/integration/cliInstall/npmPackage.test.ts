import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isolateGitEnv, makeRemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * The CLI without the editor (docs/cli.md, "Install"): the real `npm pack` of this package (its
 * prepack builds the bundles) and the real `npm install -g` of the tarball, offline and with an empty
 * npm cache — so the package needs nothing from a registry — then the installed `revise` runs.
 */
describe('the revise npm package: npm pack, then npm install -g of the tarball, offline', function () {
  this.timeout(300_000);
  after(() => cleanupTempDirs());

  const npm = (cwd: string, args: string[], cache: string) => {
    const result = spawnSync('npm', [...args, '--cache', cache, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, encoding: 'utf8', timeout: 240_000 });
    assert.equal(result.status, 0, `npm ${args.join(' ')}: ${result.stdout}${result.stderr}`);
    return result.stdout;
  };

  it('packs only the CLI and language server bundles with the docs, installs without fetching anything, and `revise` works', () => {
    // A copy of what `npm pack` reads in a checkout: the manifest, the docs, the build script and sources (dependencies linked).
    const checkout = makeTempDir('revise-pack-');
    for (const entry of ['package.json', '.npmignore', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'esbuild.mjs', 'tsconfig.json', 'src', 'docs']) cpSync(join(REPO_ROOT, entry), join(checkout, entry), { recursive: true });
    symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules')), join(checkout, 'node_modules'));
    const out = makeTempDir('revise-tgz-');
    const cache = makeTempDir('revise-npm-cache-');

    const [packed] = JSON.parse(npm(checkout, ['pack', '--json', '--pack-destination', out], cache).replace(/^[^[]*/s, '')) as Array<{ filename: string; files: Array<{ path: string }> }>;
    assert.deepEqual(packed!.files.map((f) => f.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/cliMain.js', 'dist/engine.js', 'dist/listing.js', 'dist/server.js', 'dist/workflowParser.js', 'dist/zod.js', 'package.json']);

    const prefix = makeTempDir('revise-global-');
    npm(out, ['install', '--global', '--offline', '--prefix', prefix, join(out, packed!.filename)], cache);
    const revise = (args: string[], cwd = prefix) => spawnSync(join(prefix, 'bin', 'revise'), args, { cwd, encoding: 'utf8', timeout: 60_000 });
    const version = revise(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);

    const restore = isolateGitEnv();
    try {
      const fx = makeRemoteFixture();
      const status = revise(['status', '--json'], fx.user);
      assert.equal(status.status, 0, status.stderr);
      assert.equal((JSON.parse(status.stdout) as { ok: boolean }).ok, true);
    } finally {
      restore();
    }
    // The language server's bin is linked too.
    assert.equal(realpathSync(join(prefix, 'bin', 'revise-lsp')), join(realpathSync(prefix), 'lib', 'node_modules', 'revise', 'dist', 'server.js'));
  });
});
