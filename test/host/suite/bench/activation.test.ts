// Runs only in a host started by the activation bench (HOST_TEST_SUITE=bench) on a folder that is
// not a git repository, so `workspaceContains:.git` has not activated Revise before the suite: the
// suite activates it itself and measures that. Figures go to the JSON file $HOST_BENCH_OUT.
//
// The extension host brackets loading an extension's code and calling its activate() with
// performance marks, the figures its Running Extensions view shows; they are read here because the
// wall time of `extension.activate()` also waits for VS Code to prepare the ExtensionContext (the
// extension's storage, from the workbench), which any extension pays, concurrently with the loading.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ReviseTestApi } from '../../../../src/extension/extension';
import { commitFiles, sh } from '../../../helpers/gitFixture';
import { extensionId, reviseExtension } from '../reviseExtension';

/** What one host launch measured (read by bench/activation.ts). */
export interface ActivationFigures {
  /** Loading dist/extension.js (the host's `require`), from the host's marks. */
  codeLoadingMs: number;
  /** Running `activate()` until its result resolved, from the host's marks. */
  activateCallMs: number;
  /** Wall time of `extension.activate()` as a caller sees it. */
  activationWallMs: number;
  /** Git calls logged while activating. */
  gitCalls: number;
  /** Network requests from the extension host while activating. */
  netRequests: number;
  /** The first Runs-view expansion after activation: loads the engine and LSP client bundles, opens the engine, lists runs. */
  firstExpansionMs: number;
  /** The same listing again, everything loaded. */
  laterExpansionMs: number;
}

/** Lines in a call log (git calls, or network requests not sent by the VS Code server itself). */
function logLines(name: 'HOST_TEST_GIT_LOG' | 'HOST_TEST_NET_LOG'): string[] {
  const file = process.env[name];
  assert.ok(file, `${name} is set by the host driver`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('server\t'));
}

/** The extension host's performance marks (vs/base/common/performance keeps them on globalThis). */
function hostMark(name: string): number {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const found = marks.filter((m) => m.name === `code/extHost/${name}/${extensionId}`).pop();
  assert.ok(found, `the extension host marked code/extHost/${name}/${extensionId}`);
  return found.startTime;
}

async function timed<T>(fn: () => Thenable<T> | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

describe('Activation cost', () => {
  it('activates Revise on demand and records the time, git calls and network requests it took', async () => {
    const out = process.env.HOST_BENCH_OUT;
    assert.ok(out, 'HOST_BENCH_OUT names the file for the figures');
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace && !existsSync(`${workspace}/.git`), 'the bench opens a folder that is not a git repository');
    const extension = reviseExtension();
    assert.equal(extension.isActive, false, 'Revise has not activated before the measurement');

    const gitBefore = logLines('HOST_TEST_GIT_LOG').length;
    const netBefore = logLines('HOST_TEST_NET_LOG').length;
    const activation = await timed(() => extension.activate());
    const gitCalls = logLines('HOST_TEST_GIT_LOG').length - gitBefore;
    const netRequests = logLines('HOST_TEST_NET_LOG').length - netBefore;
    assert.equal(extension.isActive, true);

    // First use: the folder becomes a repository, then the Runs view is expanded for the first time.
    sh(workspace, ['init', '--quiet', '--initial-branch=main']);
    commitFiles(workspace, 'initial commit', { 'README.md': '# bench\n' });
    const revise = activation.value as ReviseTestApi;
    const first = await timed(() => revise.tree.getChildren());
    assert.equal(revise.model.snapshot().unavailable, undefined, 'the engine opened on first use');
    const later = await timed(async () => {
      await revise.model.reload();
      return revise.tree.getChildren();
    });

    const figures: ActivationFigures = {
      codeLoadingMs: hostMark('didLoadExtensionCode') - hostMark('willLoadExtensionCode'),
      activateCallMs: hostMark('didActivateExtension') - hostMark('willActivateExtension'),
      activationWallMs: activation.ms,
      gitCalls, netRequests, firstExpansionMs: first.ms, laterExpansionMs: later.ms };
    writeFileSync(out, JSON.stringify(figures));
  });
});
