/** How runs, rounds and findings look: labels, codicons and colours shared by the tree, status bar and panel. */
import * as vscode from 'vscode';
import type { DecisionKind, DecisionOption, Finding, Round, RoundStatus, Run, RunStatus, Severity } from '../core/model';
import { revisionCount, roundLimit } from '../core/runFacts';

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

export function findingIcon(finding: Finding): vscode.ThemeIcon {
  if (finding.status === 'resolved' || finding.disposition?.kind === 'fixed') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (finding.status === 'dismissed') return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  if (finding.source.kind === 'inline') return new vscode.ThemeIcon('comment', new vscode.ThemeColor('charts.purple'));
  return severityIcon(finding.severity);
}

/** Duration of a round in `1m 05s` form, when it ended. */
export function roundDuration(round: Round): number | undefined {
  if (!round.endedAt) return undefined;
  const ms = Date.parse(round.endedAt) - Date.parse(round.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
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

/** `path:line-line` of a finding, if located. */
export function findingLocation(finding: Finding): string | undefined {
  if (!finding.file) return undefined;
  if (finding.line === undefined) return finding.file;
  const end = finding.endLine ?? finding.line;
  return end !== finding.line ? `${finding.file}:${finding.line}-${end}` : `${finding.file}:${finding.line}`;
}
