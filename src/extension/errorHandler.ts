/**
 * The one place errors become user-facing messages. A `ReviseError` code (and its details) maps to
 * what happened and the one next step (src/extension/errorSteps.ts); anything else is an unexpected
 * failure, logged with its stack.
 */
import * as vscode from 'vscode';
import { errorFromRecord, ReviseError, type ErrorCode } from '../core/errors';
import type { Round } from '../core/model';
import { describeError as describeWith } from './errorSteps';

/** The message shown for an error: what happened, then what to do. */
export function describeError(error: unknown): { code: ErrorCode; message: string; setting?: string } {
  return describeWith(error, vscode.l10n);
}

/** A failed round's recorded error as the Runs view and the decision panel show it: its code, what happened, the one next step. */
export function roundErrorText(error: NonNullable<Round['error']>): string {
  return `${error.code}: ${describeError(errorFromRecord(error)).message}`;
}

/** Central error handler: every command and webview intent reports failures through it. */
export class ErrorHandler {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Show `error` to the user (and log it), with "Open Settings" when the next step names a setting; never throws. */
  report(error: unknown, context?: string): void {
    const { code, message, setting } = describeError(error);
    if (error instanceof ReviseError) this.log.warn(`${context ?? 'revise'}: [${code}] ${error.message}`);
    else this.log.error(`${context ?? 'revise'}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const prefix = context ? `${context}: ` : '';
    const showLog = vscode.l10n.t('Show Log');
    const openSettings = vscode.l10n.t('Open Settings');
    void vscode.window.showErrorMessage(`${prefix}${message}`, ...(setting ? [openSettings] : []), showLog).then(async (pick) => {
      if (pick === showLog) this.log.show(true);
      else if (pick === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  }
}
