import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { captureMessages } from './shownMessages';
import { reviseExtension } from './reviseExtension';
import { setUpUiFixture, type UiFixture } from './uiFixture';

/** A workflow of the user's own that a Revise round on GitHub Actions would trip on. */
const OWN_WORKFLOW = `name: Revise round
on:
  workflow_dispatch:
    inputs:
      pr: { type: string }
permissions: write-all
jobs:
  round:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;

/** Resolves once the diagnostics of `uri` satisfy `predicate` (now or after a change event). */
function diagnosticsOf(uri: vscode.Uri, predicate: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((done) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const seen = vscode.languages.getDiagnostics(uri);
      if (predicate(seen)) {
        sub.dispose();
        done(seen);
      }
    });
  });
}

describe('UI: the GitHub Actions workflow is checked in the editor', function () {
  this.timeout(60_000);
  let fx: UiFixture;
  let file: string;

  before(async () => {
    fx = await setUpUiFixture({ agent: false });
    file = join(fx.workspace, '.github', 'workflows', 'revise-round.yml');
    mkdirSync(join(fx.workspace, '.github', 'workflows'), { recursive: true });
    writeFileSync(file, OWN_WORKFLOW);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(join(fx.workspace, '.github'), { recursive: true, force: true });
    await fx?.dispose();
  });

  it('keeps a workflow the user wrote when asked not to replace it, and marks what the runner would trip on, on its lines', async () => {
    const capture = captureMessages();
    let problems: number | undefined;
    try {
      problems = await vscode.commands.executeCommand<number>('revise.initActionsWorkflow');
    } finally {
      capture.dispose();
    }
    assert.deepEqual(capture.shown.map((s) => [s.kind, s.items]), [['warning', ['Replace It']], ['warning', []]], JSON.stringify(capture.shown));
    assert.match(capture.shown[1]!.message, new RegExp(`^Your revise-round\\.yml has ${problems} problem\\(s\\)`));
    const uri = vscode.Uri.file(file);
    const diagnostics = await diagnosticsOf(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, problems);
    const at = (code: string) => diagnostics.find((d) => d.code === code);
    assert.equal(at('permissions')?.range.start.line, 5, 'write-all is marked on its line');
    assert.equal(at('on.workflow_dispatch.inputs.feedback')?.range.start.line, 3, 'the missing input is marked on `inputs:`');
    assert.ok(diagnostics.every((d) => d.source === 'Revise' && d.severity === vscode.DiagnosticSeverity.Error));
  });

  it('clears the marks once the saved file is a workflow Revise can run', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    const edit = new vscode.WorkspaceEdit();
    // The repository's own copy of the shipped workflow (a unit test keeps it equal to what Revise writes).
    const shipped = readFileSync(join(reviseExtension().extensionUri.fsPath, '.github', 'workflows', 'revise-round.yml'), 'utf8');
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), shipped);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    assert.deepEqual(await diagnosticsOf(doc.uri, (d) => d.length === 0), []);
  });
});
