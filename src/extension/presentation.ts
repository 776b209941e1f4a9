/** How runs, rounds and findings look: labels, codicons and colours shared by the tree, status bar and panel. */
import * as vscode from 'vscode';
import { countFindingStates, describeCounts, findingState, type FindingState, type FindingStateKind } from '../core/findingState';
import type { DecisionKind, DecisionOption, Finding, Round, RoundStatus, Run, RunStatus, Severity } from '../core/model';
import { revisionCount, roundLimit } from '../core/runFacts';
import { formatDuration } from '../core/formatDuration';

/** `round k/N` of a run. */
export function roundLabel(run: Run): string {
  return vscode.l10n.t('round {0}/{1}', revisionCount(run), roundLimit(run));
}

/** A short human label of a run's status, saying what is pending. */
export function runStatusLabel(run: Run): string {
  const labels: Record<RunStatus, string> = {
    'awaiting-decision': run.pendingDecision ? decisionTitle(run.pendingDecision.kind) : vscode.l10n.t('awaiting decision'),
    running: vscode.l10n.t('round running'),
    pushing: vscode.l10n.t('pushing'),
    approved: vscode.l10n.t('approved'),
    aborted: vscode.l10n.t('aborted'),
  };
  const queued = run.rounds.some((r) => r.status === 'queued');
  return queued && run.status !== 'running' ? vscode.l10n.t('round queued') : labels[run.status];
}

/** What a pending decision asks. */
export function decisionTitle(kind: DecisionKind): string {
  const titles: Record<DecisionKind, string> = {
    'round-review': vscode.l10n.t('review the round'),
    'round-cap': vscode.l10n.t('round cap reached'),
    'base-conflict': vscode.l10n.t('base update conflicts'),
    'lease-refused': vscode.l10n.t('push refused: branch moved'),
    'round-failed': vscode.l10n.t('round failed'),
    'history-rewritten': vscode.l10n.t('history rewritten: decide'),
  };
  return titles[kind];
}

/** The label of a decision option's button. */
export function optionLabel(option: DecisionOption): string {
  const labels: Record<DecisionOption, string> = {
    approve: vscode.l10n.t('Approve'),
    'request-changes': vscode.l10n.t('Request Changes'),
    abort: vscode.l10n.t('Abort'),
    'extra-round': vscode.l10n.t('Grant One More Round'),
    'continue-without-update': vscode.l10n.t('Continue Without Base Update'),
    'refetch-and-update': vscode.l10n.t('Refetch and Update'),
    'retry-round': vscode.l10n.t('Retry Round'),
    'keep-rewrite': vscode.l10n.t('Keep the Rewrite'),
    'restore-previous-head': vscode.l10n.t('Restore the Previous Head'),
  };
  return labels[option];
}

export function runIcon(run: Run): vscode.ThemeIcon {
  switch (run.status) {
    case 'running':
    case 'pushing':
      return new vscode.ThemeIcon('sync~spin');
    case 'approved':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'aborted':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    case 'awaiting-decision':
      return run.pendingDecision?.kind === 'round-review'
        ? new vscode.ThemeIcon('git-pull-request', new vscode.ThemeColor('charts.blue'))
        : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  }
}

export function roundIcon(status: RoundStatus): vscode.ThemeIcon {
  switch (status) {
    case 'imported':
      return new vscode.ThemeIcon('git-commit');
    case 'queued':
      return new vscode.ThemeIcon('clock');
    case 'running':
      return new vscode.ThemeIcon('sync~spin');
    case 'succeeded':
      return new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
    case 'timed-out':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'interrupted':
    case 'cancelled':
      return new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('list.warningForeground'));
  }
}

export function severityIcon(severity: Severity): vscode.ThemeIcon {
  switch (severity) {
    case 'blocking':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'non-blocking':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case 'nit':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

/** The icon of a finding's lifecycle state: a tick only once verified or resolved, never for a bare claim. */
export function findingIcon(finding: Finding): vscode.ThemeIcon {
  const state = findingState(finding).kind;
  if (state === 'resolved' || state === 'verified') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (state === 'dismissed') return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  if (state === 'claimed') return new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.blue'));
  if (state === 'still-present') return new vscode.ThemeIcon('issue-reopened', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (finding.source.kind === 'inline') return new vscode.ThemeIcon('comment', new vscode.ThemeColor('charts.purple'));
  return severityIcon(finding.severity);
}

/** Duration of a round in `1m 05s` form, when it ended. */
export function roundDuration(round: Round): number | undefined {
  if (!round.endedAt) return undefined;
  const ms = Date.parse(round.endedAt) - Date.parse(round.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** One-line description of a round for the tree: status, exit code, duration, cost. */
export function roundDescription(round: Round): string {
  const parts: string[] = [round.status];
  if (round.exitCode !== null) parts.push(vscode.l10n.t('exit {0}', round.exitCode));
  const ms = roundDuration(round);
  if (ms !== undefined && round.index > 0) parts.push(formatDuration(ms));
  if (round.agent?.costUsd !== undefined) parts.push(`$${round.agent.costUsd.toFixed(2)}`);
  return parts.join(' · ');
}

/** `path:line-line` of a finding, if located (one home: core/findingLocation.ts). */
export { findingLocation } from '../core/findingLocation';

/** `claimed fixed (round 1)`, `verified (accepted)`, `still present`: a finding's state in the user's language. */
export function findingStateLabel(state: FindingState): string {
  const claim = state.claim ? vscode.l10n.t('{0} (round {1})', state.claim.kind, state.claim.round) : '';
  switch (state.kind) {
    case 'open':
      return vscode.l10n.t('open');
    case 'claimed':
      return vscode.l10n.t('claimed {0}', claim);
    case 'verified':
      return state.by === 'user' ? vscode.l10n.t('verified (accepted)') : vscode.l10n.t('verified (no longer reported)');
    case 'still-present':
      return vscode.l10n.t('still present');
    case 'resolved':
      return vscode.l10n.t('resolved');
    case 'dismissed':
      return vscode.l10n.t('dismissed');
  }
}

/** `2 open, 1 claimed, 3 verified`, translated. */
export function findingCountsLabel(findings: readonly Finding[]): string {
  const counts = countFindingStates(findings);
  const words: Record<FindingStateKind, string> = {
    open: vscode.l10n.t('open'),
    claimed: vscode.l10n.t('claimed'),
    verified: vscode.l10n.t('verified'),
    'still-present': vscode.l10n.t('still present'),
    resolved: vscode.l10n.t('resolved'),
    dismissed: vscode.l10n.t('dismissed'),
  };
  return describeCounts(counts, words);
}
