/**
 * The Revise workflow file (.github/workflows/revise-round.yml, docs/actions.md) checked in the
 * editor as `revise actions init --check` checks it on the command line: GitHub's own workflow
 * parser, then what the Revise action needs of it. Each problem is a diagnostic on its line, shown
 * when the file is opened or saved and when "Add the GitHub Actions Workflow" keeps a file the user
 * wrote. The checker is its own bundle (dist/workflowParser.js), loaded only for that file.
 */
import * as vscode from 'vscode';
import { loadWorkflowCheck } from './chunks';
import { Disposable } from './util/dispose';

/** The file name `revise actions init` writes and `revise actions dispatch` starts. */
export const WORKFLOW_FILE = 'revise-round.yml';

const isReviseWorkflow = (uri: vscode.Uri): boolean => uri.scheme === 'file' && /\/\.github\/workflows\/revise-round\.yml$/.test(uri.path);

export class WorkflowDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('revise-workflow'));

  constructor(report: (error: unknown) => void) {
    super();
    const check = (doc: vscode.TextDocument) => {
      try {
        this.checkDocument(doc);
      } catch (error) {
        report(error);
      }
    };
    this._register(vscode.workspace.onDidOpenTextDocument(check));
    this._register(vscode.workspace.onDidSaveTextDocument(check));
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)));
    // A workflow already open is checked after activation, not during it (the checker is a bundle of its own).
    const opened = setImmediate(() => vscode.workspace.textDocuments.forEach(check));
    this._register({ dispose: () => clearImmediate(opened) });
  }

  /** Check `doc` when it is the Revise workflow; the number of problems, or undefined for another file. */
  checkDocument(doc: vscode.TextDocument): number | undefined {
    if (!isReviseWorkflow(doc.uri)) return undefined;
    const problems = loadWorkflowCheck().checkWorkflow(doc.getText(), WORKFLOW_FILE);
    this.collection.set(
      doc.uri,
      problems.map((p) => {
        const line = Math.min(Math.max((p.line ?? 1) - 1, 0), Math.max(doc.lineCount - 1, 0));
        const range = doc.lineAt(line).range;
        const diagnostic = new vscode.Diagnostic(range, `${p.message} ${p.hint}`, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Revise';
        if (p.key) diagnostic.code = p.key;
        return diagnostic;
      }),
    );
    return problems.length;
  }
}
