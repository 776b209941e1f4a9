import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { manifest, reviseExtension } from './reviseExtension';

/** Lines of a call log (one git call or network request per line), or [] when empty or absent. */
function calls(file: string | undefined): string[] {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
}

describe('Activation', () => {
  it('activates in a workspace that contains a git repository', async () => {
    const extension = reviseExtension();
    await extension.activate();
    assert.equal(extension.isActive, true);
    assert.ok(manifest().activationEvents?.includes('workspaceContains:.git'));
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.equal(folder, process.env.HOST_TEST_WORKSPACE, 'the host opened the test workspace');
  });

  it('runs no git while activating: git is first used by a command or a view', () => {
    // The runner copies the git-call log before any test runs, i.e. right after eager activation.
    const atStart = process.env.HOST_TEST_GIT_LOG_AT_START;
    assert.ok(atStart, 'the runner records the git calls made before the tests (HOST_TEST_GIT_LOG is set by the driver)');
    assert.deepEqual(calls(atStart), [], 'git calls made during activation');
  });

  it('makes no network request while activating', () => {
    const atStart = process.env.HOST_TEST_NET_LOG_AT_START;
    assert.ok(atStart, 'the runner records the network requests made before the tests (HOST_TEST_NET_LOG is set by the driver)');
    // Lines are `<process kind>\t<request>`; the server's own requests (extension gallery) are not Revise's.
    const fromExtensionHost = calls(atStart).filter((line) => !line.startsWith('server\t'));
    assert.deepEqual(fromExtensionHost, [], 'network requests made by the extension host during activation');
  });
});
