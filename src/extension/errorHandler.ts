/**
 * The one place errors become user-facing messages. A `ReviseError` code maps to what happened and
 * what to do next; anything else is an unexpected failure, logged with its stack.
 */
import * as vscode from 'vscode';
import { ReviseError, toReviseError, type ErrorCode } from '../core/errors';

/** The next step to suggest for an error code, when there is one worth saying. */
function nextStep(code: ErrorCode): string | undefined {
  const steps: Partial<Record<ErrorCode, () => string>> = {
    'stale-decision': () => vscode.l10n.t('The run moved on since this view was drawn; it now shows the current decision. Review it and act again.'),
    'option-not-offered': () => vscode.l10n.t('Pick one of the options the pending decision offers.'),
    'run-busy': () => vscode.l10n.t('Wait for the round to finish, or cancel it first.'),
    'run-settled': () => vscode.l10n.t('The run is finished; start a new run to revise again.'),
    'no-pending-decision': () => vscode.l10n.t('Refresh the Runs view to see the current state.'),
    'no-queued-round': () => vscode.l10n.t('Request changes (or retry) in the decision panel first.'),
    'not-a-repo': () => vscode.l10n.t('Open a folder that is a git repository.'),
    'remote-branch-missing': () => vscode.l10n.t('Check the branch name, or push the prior attempt first.'),
    'remote-unreachable': () => vscode.l10n.t('Check your network and credentials for the remote, then try again.'),
    'fetch-failed': () => vscode.l10n.t('Check your network and credentials for the remote, then try again.'),
    'lease-refused': () => vscode.l10n.t('The branch moved on the remote since the run last pushed; choose "Refetch and Update" in the decision panel.'),
    'agent-not-found': () => vscode.l10n.t('Install the agent CLI or set revise.agent.executable / revise.agent.command in your user settings.'),
    'untrusted-workspace': () => vscode.l10n.t('Trust this workspace to run agents, verify or reviewer commands.'),
    'github-auth': () => vscode.l10n.t('Sign in to GitHub (Accounts menu) and try again.'),
    'store-newer-version': () => vscode.l10n.t('Update Revise to open this run.'),
    'store-locked': () => vscode.l10n.t('Another Revise process is writing this run; try again in a moment.'),
    'actions-unpushed-head': () => vscode.l10n.t('Push the run first, or run the round here with "Run Next Round".'),
    'actions-run-cancelled': () => vscode.l10n.t('Run it on GitHub Actions again, or here with "Run Next Round".'),
    'actions-run-failed': () => vscode.l10n.t('Run it on GitHub Actions again, or here with "Run Next Round".'),
    'actions-runner-lost': () => vscode.l10n.t('Run it on GitHub Actions again, or here with "Run Next Round".'),
    'actions-artifact-missing': () => vscode.l10n.t('Check the workflow run\'s upload step, then run the round on GitHub Actions again.'),
    'actions-candidate-missing': () => vscode.l10n.t('Give the workflow\'s token contents: write, then run the round on GitHub Actions again.'),
  };
  return steps[code]?.();
}

/** The message shown for an error: what happened, then what to do. */
export function describeError(error: unknown): { code: ErrorCode; message: string } {
  const revise = toReviseError(error, 'internal-error');
  const step = nextStep(revise.code);
  return { code: revise.code, message: step ? `${revise.message} ${step}` : revise.message };
}

/** Central error handler: every command and webview intent reports failures through it. */
export class ErrorHandler {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Show `error` to the user (and log it); never throws. */
  report(error: unknown, context?: string): void {
    const { code, message } = describeError(error);
    if (error instanceof ReviseError) this.log.warn(`${context ?? 'revise'}: [${code}] ${error.message}`);
    else this.log.error(`${context ?? 'revise'}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const prefix = context ? `${context}: ` : '';
    void vscode.window.showErrorMessage(`${prefix}${message}`, vscode.l10n.t('Show Log')).then((pick) => {
      if (pick) this.log.show(true);
    });
  }
}
