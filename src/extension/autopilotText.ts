/**
 * The autopilot in the extension's words, for every place that shows it: the decision panel's
 * section, the Runs view, the status bar and the notification when it stops.
 */
import * as vscode from 'vscode';
import type { AutopilotState, StopReason } from '../core/autopilotModel';
import type { Run } from '../core/model';

/** One line per stop reason, in the extension's words (the engine's message follows it). */
export function stopReasonText(reason: StopReason): string {
  switch (reason) {
    case 'all-fixed':
      return vscode.l10n.t('Every blocking finding is verified fixed. Review the result and approve.');
    case 'unverified-claims':
      return vscode.l10n.t('The agent claims fixes no re-check could confirm. Accept or reopen them.');
    case 'budget':
      return vscode.l10n.t('The next round would exceed the autopilot budget (revise.autopilot settings).');
    case 'agent-disagrees':
      return vscode.l10n.t('The agent disagrees with a blocking finding. Decide who is right.');
    case 'agent-question':
      return vscode.l10n.t('The agent asked a question. Answer it in the feedback of the next round.');
    case 'no-progress':
      return vscode.l10n.t('No progress for two rounds: the same blocking findings are still present.');
    case 'pr-merged':
      return vscode.l10n.t('The pull request was merged.');
    case 'pr-closed':
      return vscode.l10n.t('The pull request was closed.');
    case 'branch-pushed':
      return vscode.l10n.t('Someone else pushed to the branch.');
    case 'reviewer-failed':
      return vscode.l10n.t('A reviewer agent did not answer. Read its log, then start the autopilot again.');
    case 'round-failed':
      return vscode.l10n.t('A round failed. Read its log, then retry or decide.');
    case 'needs-decision':
      return vscode.l10n.t('A decision the autopilot does not take is pending.');
    case 'run-settled':
      return vscode.l10n.t('The run was approved or aborted.');
    case 'cancelled':
      return vscode.l10n.t('The autopilot was stopped.');
    case 'interrupted':
      return vscode.l10n.t('The autopilot was interrupted (reload, crash or reboot). Start it again to resume.');
  }
}

function usd(amount: number): string {
  return `$${amount < 1 ? amount.toFixed(4) : amount.toFixed(2)}`;
}

/** What the autopilot has spent against its budget: rounds, money, tokens, minutes. */
export function autopilotProgress(state: AutopilotState): string {
  const { budget, spent } = state;
  const parts = [vscode.l10n.t('{0} of at most {1} round(s)', spent.rounds, budget.maxRounds)];
  parts.push(budget.maxCostUsd !== undefined ? vscode.l10n.t('{0} of {1}', usd(spent.costUsd), usd(budget.maxCostUsd)) : usd(spent.costUsd));
  parts.push(budget.maxTokens !== undefined ? vscode.l10n.t('{0} of {1} tokens', spent.tokens, budget.maxTokens) : vscode.l10n.t('{0} tokens', spent.tokens));
  const minutes = (spent.elapsedMs / 60_000).toFixed(1);
  parts.push(budget.maxMinutes !== undefined ? vscode.l10n.t('{0} of {1} min', minutes, budget.maxMinutes) : vscode.l10n.t('{0} min', minutes));
  return parts.join(' · ');
}

/** A few words for a run whose autopilot is running (the Runs view, the status bar), else undefined. */
export function autopilotLabel(run: Run): string | undefined {
  const state = run.autopilot;
  if (state?.status !== 'active') return undefined;
  return vscode.l10n.t('autopilot {0} of at most {1}', state.rounds.length, state.budget.maxRounds);
}

/** The autopilot's state for a run's tooltip: running with its spend, or why it stopped; undefined when it never ran. */
export function autopilotSummary(run: Run): string | undefined {
  const state = run.autopilot;
  if (!state) return undefined;
  if (state.status === 'active') return vscode.l10n.t('Autopilot running: {0}', autopilotProgress(state));
  return state.stop ? vscode.l10n.t('Autopilot stopped: {0}', stopReasonText(state.stop.reason)) : undefined;
}
