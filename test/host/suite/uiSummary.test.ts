import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import { commitUri } from '../../../src/extension/commitContent';
import type { DiffResource } from '../../../src/extension/commands/roundDiff';
import type { ReviseTestApi } from '../../../src/extension/extension';
import type { PanelLabels } from '../../../src/shared/webviewProtocol';
import { reviseExtension } from './reviseExtension';
import { api, panelStateWhere, pushPriorBranch, setAgentScript, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const BRANCH = 'agent/two-files';

/** Resolves once every URI in `uris` was opened as a text document (now or later). */
function documentsOpened(uris: readonly vscode.Uri[]): Promise<void> {
  const wanted = new Set(uris.map((u) => u.toString()));
  const seen = (): boolean => [...wanted].every((u) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === u));
  if (seen()) return Promise.resolve();
  return new Promise((done) => {
    const sub = vscode.workspace.onDidOpenTextDocument(() => {
      if (seen()) {
        sub.dispose();
        done();
      }
    });
  });
}

describe('UI: round summary and round diff', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let run: Run;

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    pushPriorBranch(fx.workspace, BRANCH, { 'src/a.js': 'const a = 1;\n', 'src/b.js': 'const b = 1;\nconst c = 1;\n' });
    setAgentScript(fx.root, { default: [{ replace: 'src/a.js', find: '1', with: '2' }, { write: 'src/b.js', content: 'const b = 2;\n' }, { say: 'Bumped a and b.' }] });
    run = (await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: BRANCH, base: 'main' }))!;
    await vscode.commands.executeCommand('revise.requestChanges', { runId: run.id, feedback: 'Bump a and b.' });
    run = await waitForRun(revise, run.id, (r) => r.rounds[1]?.status === 'succeeded' && r.status === 'awaiting-decision');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fx?.dispose();
  });

  it('summarises the round in the decision panel with its commit and both files with lines added and deleted', async () => {
    const panel = revise.panels.open(run.id, vscode.ViewColumn.One);
    const state = await panelStateWhere(panel, (s) => s.rounds[1]?.changes !== undefined);
    const changes = state.rounds[1]!.changes!;
    assert.equal(changes.commits.length, 1);
    assert.equal(changes.commits[0]!.sha, run.rounds[1]!.headAfter);
    assert.deepEqual(changes.files, [
      { file: 'src/a.js', added: 1, deleted: 1, binary: false },
      { file: 'src/b.js', added: 1, deleted: 2, binary: false },
    ]);
    assert.deepEqual([changes.added, changes.deleted], [2, 3]);
    assert.equal(state.rounds[1]!.hasLog, true, 'the summary links the round log');
    panel.dispose();
  });

  it('hands the page all its text translated by the host, and the page bundle holds none of it', () => {
    const panel = revise.panels.open(run.id, vscode.ViewColumn.One);
    const attribute = /data-labels="([^"]*)"/.exec(panel.panel.webview.html)?.[1] ?? '';
    const unescaped = attribute.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const labels = JSON.parse(unescaped) as PanelLabels;
    panel.dispose();
    const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as object).flatMap(strings));
    const all = strings(labels);
    assert.ok(all.length > 50 && all.every((l) => l.trim().length > 0), 'every label has text');
    assert.equal(labels.feedbackPlaceholder, vscode.l10n.t('Feedback for the next round (optional). Ctrl+Enter requests changes.'));
    const bundle = readFileSync(join(reviseExtension().extensionUri.fsPath, 'dist', 'webview.js'), 'utf8');
    const inBundle = all.filter((l) => l.length > 12 && bundle.includes(l));
    assert.deepEqual(inBundle, [], 'the page shows no English text of its own');
  });

  it('opens the round diff with both files, read from revise-commit documents without the Git extension', async () => {
    const resources = await vscode.commands.executeCommand<readonly DiffResource[]>('revise.compareRounds', { runId: run.id, round: 1 });
    assert.deepEqual(resources?.map((r) => r.file), ['src/a.js', 'src/b.js']);
    assert.deepEqual(resources.map((r) => r.label.fsPath), [join(run.worktree, 'src', 'a.js'), join(run.worktree, 'src', 'b.js')]);
    await documentsOpened(resources.flatMap((r) => [r.original, r.modified]));
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, `${run.title}: round 1 (2 files)`, 'one multi-file diff editor shows the whole round');

    const text = async (uri: vscode.Uri): Promise<string> => (await vscode.workspace.openTextDocument(uri)).getText();
    assert.equal(await text(resources[0]!.original), 'const a = 1;\n');
    assert.equal(await text(resources[0]!.modified), 'const a = 2;\n');
    assert.equal(await text(resources[1]!.original), 'const b = 1;\nconst c = 1;\n');
    assert.equal(await text(resources[1]!.modified), 'const b = 2;\n');
  });

  it('reads a file that did not exist at the commit as an empty document', async () => {
    const uri = commitUri({ runId: run.id, commit: run.rounds[1]!.headBefore!, path: 'src/not-there.js' });
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), '');
  });
});
