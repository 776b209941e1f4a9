import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import { api, diagnosticsWhere, pushPriorBranch, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const BRANCH = 'agent/lens';
const LENS_JS = ['export function greet(name) {', '  const who = name;', '  return "hi " + who;', '}', ''].join('\n');

const lineOf = (diagnostics: readonly vscode.Diagnostic[], id: string): number | undefined => diagnostics.find((d) => d.code === id || (typeof d.code === 'object' && d.code.value === id))?.range.start.line;

describe('UI: findings as diagnostics and CodeLens that follow edits', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let run: Run;
  let uri: vscode.Uri;

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    pushPriorBranch(fx.workspace, BRANCH, { 'src/lens.js': LENS_JS });
    run = (await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: BRANCH, base: 'main' }))!;
    const review = join(fx.root, 'review.md');
    writeFileSync(review, ['Blocking', 'B1. Reject an empty name (src/lens.js:3)', 'Non-blocking', 'N1. Name the variable after what it holds (src/lens.js:2)', ''].join('\n'));
    await vscode.commands.executeCommand('revise.importReview', { runId: run.id }, vscode.Uri.file(review));
    run = await waitForRun(revise, run.id, (r) => r.findings.length === 2);
    uri = vscode.Uri.file(join(run.worktree, 'src', 'lens.js'));
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await fx?.dispose();
  });

  it('publishes the imported findings as diagnostics on their lines, errors for blocking and warnings for non-blocking', async () => {
    const diagnostics = await diagnosticsWhere(uri, (d) => lineOf(d, 'B1') !== undefined && lineOf(d, 'N1') !== undefined);
    const b1 = diagnostics.find((d) => lineOf([d], 'B1') !== undefined)!;
    const n1 = diagnostics.find((d) => lineOf([d], 'N1') !== undefined)!;
    assert.deepEqual([b1.range.start.line, b1.severity, b1.source], [2, vscode.DiagnosticSeverity.Error, 'revise']);
    assert.deepEqual([n1.range.start.line, n1.severity], [1, vscode.DiagnosticSeverity.Warning]);
    assert.match(b1.message, /^B1: Reject an empty name/);
  });

  it('shows CodeLens above each finding: the id, severity and title, then Rework… and Dismiss…', async () => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    const onLine = (line: number): string[] => lenses.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
    assert.deepEqual(onLine(2), ['B1 · blocking — Reject an empty name', 'Rework…', 'Dismiss…']);
    assert.deepEqual(onLine(1), ['N1 · non-blocking — Name the variable after what it holds', 'Rework…', 'Dismiss…']);
  });

  it('moves the diagnostics and lenses down when lines are inserted above the findings', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// added line one\n// added line two\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await diagnosticsWhere(uri, (d) => lineOf(d, 'B1') === 4);
    assert.equal(lineOf(diagnostics, 'N1'), 3);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    assert.ok(lenses.some((l) => l.range.start.line === 4 && l.command?.title.startsWith('B1 ·')), 'the B1 lens moved to line 5');
  });
});
