/**
 * Revise extension entry point. Wiring only: activation must stay cheap (no git, no network, no
 * file scans) — everything heavy happens on first use of a command or view.
 */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  void vscode.commands.executeCommand('setContext', 'revise.ready', true);
  context.subscriptions.push();
}

export function deactivate(): void {
  // Disposables registered on the context are disposed by VS Code.
}
