/**
 * The decision panel's HTML: a strict CSP (`default-src 'none'`, scripts only with a fresh nonce,
 * styles and fonts only from the extension's media), no inline data in scripts — the run id and the
 * translated labels are `data-` attributes and the state arrives as the first message.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelLabels } from './panelLabels';

/** Folders the panel may load from (its `localResourceRoots`). */
export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page for the panel of `runId`. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, runId: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...segments: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'panel.css')}">
<title>${escapeAttr(vscode.l10n.t('Revise: {0}', runId))}</title>
</head>
<body>
<main id="app" data-run-id="${escapeAttr(runId)}" data-labels="${escapeAttr(JSON.stringify(panelLabels()))}" aria-live="polite"><p class="loading">${escapeAttr(vscode.l10n.t('Loading run {0}…', runId))}</p></main>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}
