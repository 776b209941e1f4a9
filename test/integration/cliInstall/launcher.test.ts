import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installLauncher, launcherPlace, launcherText, LauncherError, refreshLauncher, uninstallLauncher, type LauncherHost } from '../../../src/extension/cliInstall/launcher';
import { reviseBundle } from '../../helpers/cliBundle';
import { isolateGitEnv, makeRemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * "Install 'revise' Command in PATH" without VS Code: a real temporary HOME and PATH, the real CLI
 * bundle in a stand-in extension folder, and the installed launcher run as a child process the way a
 * shell finds it. The runtime is this Node (VS Code passes its Electron binary, which
 * ELECTRON_RUN_AS_NODE=1 turns into Node; Node itself ignores the variable).
 */
describe('the revise launcher: installed into a user folder on PATH, run through PATH, removed again', function () {
  this.timeout(120_000);
  let bundle: string;
  let home: string;
  let extension: string;

  before(() => {
    bundle = reviseBundle(makeTempDir('revise-bundle-'));
  });
  beforeEach(() => {
    // A quote and a space in HOME: the launcher must quote every path it writes.
    home = join(makeTempDir('revise-home-'), "it's home");
    mkdirSync(home);
    extension = join(home, '.vscode', 'extensions', 'revise.revise-0.1.0', 'dist');
    mkdirSync(extension, { recursive: true });
    placeCli(extension);
  });
  after(() => cleanupTempDirs());
  /** The CLI as the extension ships it: the launcher `cli.js` and the bundles it loads beside it. */
  const placeCli = (dist: string): void => {
    for (const file of ['cli.js', 'cliMain.js', 'engine.js', 'listing.js', 'zod.js']) copyFileSync(join(dirname(bundle), file), join(dist, file));
  };

  const hostWith = (path: string, shell = '/bin/bash'): LauncherHost => ({ platform: 'linux', home, path, shell });
  const target = () => ({ runtime: process.execPath, cli: join(extension, 'cli.js') });
  /** Run `revise` as a shell would: looked up on `path`, in `cwd`. */
  const revise = (path: string, args: string[], cwd = home) => spawnSync('revise', args, { cwd, encoding: 'utf8', env: { PATH: path, HOME: home }, timeout: 60_000 });
  const refusal = async (work: Promise<unknown>, code: string): Promise<LauncherError> => {
    const error = await work.then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof LauncherError, `expected a LauncherError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  };

  it('writes ~/.local/bin/revise when that folder is on PATH; `revise --version` and `revise status --json` run through PATH', async () => {
    const path = `${join(home, '.local', 'bin')}:${SYSTEM_PATH}`;
    const result = await installLauncher(hostWith(path), target());
    assert.deepEqual({ file: result.file, onPath: result.onPath, changed: result.changed, addToPath: result.addToPath }, { file: join(home, '.local', 'bin', 'revise'), onPath: true, changed: true, addToPath: undefined });
    assert.equal(statSync(result.file).mode & 0o111, 0o111, 'the launcher is executable');

    const version = revise(path, ['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version);

    const restore = isolateGitEnv();
    try {
      const fx = makeRemoteFixture();
      const status = revise(path, ['status', '--json'], fx.user);
      assert.equal(status.status, 0, status.stderr);
      assert.deepEqual(JSON.parse(status.stdout), { ok: true, runs: [], result: { quarantined: [], newer: [], removedWorktrees: [] } });
    } finally {
      restore();
    }
  });

  it('is idempotent, rewrites its own launcher for a new extension folder, and refuses a file it did not write', async () => {
    const path = `${join(home, '.local', 'bin')}:${SYSTEM_PATH}`;
    const first = await installLauncher(hostWith(path), target());
    const again = await installLauncher(hostWith(path), target());
    assert.equal(again.changed, false);

    // Revise updated: the extension folder moved; the running extension refreshes its launcher.
    const updated = join(home, '.vscode', 'extensions', 'revise.revise-0.2.0', 'dist');
    mkdirSync(updated, { recursive: true });
    placeCli(updated);
    const newer = { runtime: process.execPath, cli: join(updated, 'cli.js') };
    assert.equal(await refreshLauncher(hostWith(path), newer), true);
    assert.ok(readFileSync(first.file, 'utf8').includes('revise.revise-0.2.0'));
    rmSync(join(home, '.vscode', 'extensions', 'revise.revise-0.1.0'), { recursive: true });
    assert.equal(revise(path, ['--version']).status, 0);

    // Someone else's `revise` (a script, or npm's symlink) is never overwritten or removed.
    writeFileSync(first.file, '#!/bin/sh\necho mine\n');
    const refused = await refusal(installLauncher(hostWith(path), newer), 'launcher-not-ours');
    assert.match(refused.message, /was not written by Revise; it was left as it is/);
    await refusal(uninstallLauncher(hostWith(path)), 'launcher-not-ours');
    assert.equal(await refreshLauncher(hostWith(path), newer), false);
    assert.equal(readFileSync(first.file, 'utf8'), '#!/bin/sh\necho mine\n');
    rmSync(first.file);
    symlinkSync(bundle, first.file);
    await refusal(installLauncher(hostWith(path), newer), 'launcher-not-ours');
  });

  it('when no user folder is on PATH, installs into ~/.local/bin and gives the command that puts it there (run here for real)', async () => {
    const host = hostWith(SYSTEM_PATH, '/bin/sh');
    const result = await installLauncher(host, target());
    assert.equal(result.onPath, false);
    assert.equal(result.addToPath, `echo 'export PATH="$HOME/.local/bin:$PATH"' >> ~/.profile`);
    assert.equal(launcherPlace(hostWith(SYSTEM_PATH, '/usr/bin/zsh')).addToPath, `echo 'export PATH="$HOME/.local/bin:$PATH"' >> ~/.zshrc`);
    assert.equal(launcherPlace(hostWith(SYSTEM_PATH, '/usr/bin/fish')).addToPath, 'fish_add_path ~/.local/bin');
    assert.notEqual(revise(SYSTEM_PATH, ['--version']).status, 0, 'not found before PATH is changed');
    const shell = (script: string) => spawnSync('/bin/sh', ['-c', script], { cwd: home, encoding: 'utf8', env: { PATH: SYSTEM_PATH, HOME: home }, timeout: 60_000 });
    assert.equal(shell(result.addToPath).status, 0);
    const login = shell('. "$HOME/.profile" && revise --version');
    assert.equal(login.status, 0, login.stderr);
    assert.match(login.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('uses ~/bin when only that is on PATH, and names an earlier `revise` on PATH that a shell would run instead', async () => {
    const other = makeTempDir('revise-other-');
    writeFileSync(join(other, 'revise'), '#!/bin/sh\necho other\n', { mode: 0o755 });
    const result = await installLauncher(hostWith(`${other}:${join(home, 'bin')}:${SYSTEM_PATH}`), target());
    assert.equal(result.file, join(home, 'bin', 'revise'));
    assert.equal(result.shadowedBy, join(other, 'revise'));
  });

  it('removes only its own launcher, once; a launcher whose CLI is gone says what to do instead of failing obscurely', async () => {
    const path = `${join(home, '.local', 'bin')}:${SYSTEM_PATH}`;
    await installLauncher(hostWith(path), target());
    rmSync(join(extension, 'cli.js'));
    const gone = revise(path, ['--version']);
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /cli\.js is gone \(Revise or VS Code was updated or uninstalled\)\. Run "Revise: Install 'revise' Command in PATH" in VS Code again\./);
    // A VS Code server's runtime lives in a folder per version: the same message when it is gone.
    placeCli(extension);
    await installLauncher(hostWith(path), { runtime: join(home, 'old-server', 'node'), cli: join(extension, 'cli.js') });
    assert.match(revise(path, ['--version']).stderr, /old-server\/node is gone/);
    assert.deepEqual((await uninstallLauncher(hostWith(path))).removed, true);
    assert.deepEqual((await uninstallLauncher(hostWith(path))).removed, false);
    assert.equal(revise(path, ['--version']).error?.message.includes('ENOENT'), true);
  });

  it('refuses clearly when the CLI is missing or the folder cannot be written, and writes nothing', async () => {
    const path = `${join(home, '.local', 'bin')}:${SYSTEM_PATH}`;
    await refusal(installLauncher(hostWith(path), { runtime: process.execPath, cli: join(home, 'nowhere', 'cli.js') }), 'launcher-cli-missing');
    mkdirSync(join(home, '.local'));
    writeFileSync(join(home, '.local', 'bin'), 'a file where the folder goes');
    const io = await refusal(installLauncher(hostWith(path), target()), 'launcher-io');
    assert.match(io.message, /could not be written \(ENOTDIR\)/);
    assert.equal(readFileSync(join(home, '.local', 'bin'), 'utf8'), 'a file where the folder goes');
  });

  it('on Windows writes revise.cmd (Electron as Node, every argument passed on) into %LOCALAPPDATA%\\Revise\\bin, matching Path case-insensitively', () => {
    const win: LauncherHost = { platform: 'win32', home: 'C:\\Users\\Ann', localAppData: 'C:\\Users\\Ann\\AppData\\Local', path: 'C:\\Windows;c:\\users\\ann\\appdata\\local\\revise\\bin\\' };
    assert.deepEqual(launcherPlace(win), { dir: 'C:\\Users\\Ann\\AppData\\Local\\Revise\\bin', file: 'C:\\Users\\Ann\\AppData\\Local\\Revise\\bin\\revise.cmd', onPath: true });
    assert.match(launcherPlace({ ...win, path: 'C:\\Windows' }).addToPath!, /^\[Environment\]::SetEnvironmentVariable\('Path', .*;C:\\Users\\Ann\\AppData\\Local\\Revise\\bin', 'User'\)$/);
    const text = launcherText('win32', { runtime: 'C:\\Program Files\\Microsoft VS Code\\Code.exe', cli: 'C:\\Users\\Ann\\.vscode\\extensions\\revise.revise-0.1.0\\dist\\cli.js' });
    assert.deepEqual(text.split('\r\n').filter((l) => !l.startsWith('rem ')), ['@echo off', 'setlocal', 'set ELECTRON_RUN_AS_NODE=1', '"C:\\Program Files\\Microsoft VS Code\\Code.exe" "C:\\Users\\Ann\\.vscode\\extensions\\revise.revise-0.1.0\\dist\\cli.js" %*', 'endlocal', '']);
  });
});
