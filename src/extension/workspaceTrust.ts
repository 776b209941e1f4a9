/**
 * The extension's trust policy: in an untrusted workspace Revise runs no agent, verify or reviewer
 * command (rounds stay queued, the options that start one are greyed out); runs and findings still work.
 */
import * as vscode from 'vscode';

/** Why nothing executes here, or undefined in a trusted workspace. */
export function executionBlockedReason(): string | undefined {
  return vscode.workspace.isTrusted
    ? undefined
    : vscode.l10n.t('This workspace is not trusted, so Revise runs no agent, verify or reviewer command here. Runs and findings still work; trust the workspace to run rounds.');
}
