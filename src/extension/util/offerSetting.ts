import * as vscode from 'vscode';

/** Say what is not configured, with an "Open Settings" button that opens the settings editor at `setting`. */
export async function offerSetting(message: string, setting: string): Promise<void> {
  const open = vscode.l10n.t('Open Settings');
  if ((await vscode.window.showInformationMessage(message, open)) === open) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
}
