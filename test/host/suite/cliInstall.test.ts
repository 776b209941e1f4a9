import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { ReviseTestApi } from '../../../src/extension/extension';
import type { InstallResult, LauncherHost } from '../../../src/extension/cliInstall/launcher';
import type { Confirm } from '../../../src/extension/decisionService';
import { api } from './uiFixture';

const run = promisify(execFile);

describe("Install 'revise' Command in PATH (real runtime)", function () {
  this.timeout(60_000);
  let revise: ReviseTestApi;
  let home: string;
  let realHost: () => LauncherHost;
  let realConfirm: Confirm;

  before(async () => {
    revise = await api();
    home = mkdtempSync(join(tmpdir(), 'revise-cli-home-'));
    realHost = revise.cliInstaller.host;
    realConfirm = revise.cliInstaller.confirm;
    // A temporary HOME whose ~/.local/bin is on PATH, so nothing of the real user's is touched.
    revise.cliInstaller.host = () => ({ platform: process.platform, home, path: `${join(home, '.local', 'bin')}:${process.env.PATH ?? ''}`, shell: '/bin/bash' });
  });

  after(() => {
    revise.cliInstaller.host = realHost;
    revise.cliInstaller.confirm = realConfirm;
    rmSync(home, { recursive: true, force: true });
  });

  it('writes nothing when the user declines the confirmation', async () => {
    const asked: string[] = [];
    revise.cliInstaller.confirm = (message, detail) => {
      asked.push(`${message} ${detail}`);
      return Promise.resolve(undefined);
    };
    assert.equal(await vscode.commands.executeCommand('revise.installCli'), undefined);
    assert.equal(asked.length, 1);
    assert.ok(asked[0]!.includes(join(home, '.local', 'bin', 'revise')), `the confirmation names the file: ${asked[0]}`);
    assert.equal(existsSync(join(home, '.local', 'bin', 'revise')), false);
  });

  it("installs a launcher that runs the bundled CLI with the host's own runtime, then uninstalls it", async () => {
    revise.cliInstaller.confirm = (_message, _detail, action) => Promise.resolve(action);
    const result = await vscode.commands.executeCommand<InstallResult>('revise.installCli');
    const file = join(home, '.local', 'bin', 'revise');
    assert.equal(result?.file, file);
    assert.equal(result?.onPath, true);
    assert.equal(result?.changed, true);
    assert.ok(readFileSync(file, 'utf8').includes(`runtime='${process.execPath}'`), 'the launcher runs the runtime of this extension host');

    // Run through PATH, as a terminal would, with no ELECTRON_RUN_AS_NODE of our own: the launcher sets it.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(home, '.local', 'bin')}:${process.env.PATH ?? ''}`, HOME: home };
    delete env.ELECTRON_RUN_AS_NODE;
    const version = await run('revise', ['--version'], { env });
    const pkg = JSON.parse(readFileSync(join(revise.cliInstaller.target().cli, '..', '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
    await assert.rejects(run('revise', ['no-such-command'], { env }), (error: { code?: number; stderr?: string }) => {
      assert.notEqual(error.code, 0);
      assert.match(error.stderr ?? '', /Unknown command "no-such-command"/);
      return true;
    });

    const again = await vscode.commands.executeCommand<InstallResult>('revise.installCli');
    assert.equal(again?.changed, false, 'a second install finds the same launcher');

    const removed = await vscode.commands.executeCommand<{ removed: boolean; file: string }>('revise.uninstallCli');
    assert.deepEqual([removed?.removed, removed?.file], [true, file]);
    assert.equal(existsSync(file), false);
  });
});
