/**
 * The Runs view: run → rounds, then findings grouped by file. Items carry `contextValue`s that list
 * what applies to them (`opt-approve`, `queued`, `log`…) so `view/item/context` menus show exactly
 * the actions the run's state allows.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { roundErrorText } from './errorHandler';
import { findingState, isUnsettled } from '../core/findingState';
import type { Finding, Round, Run } from '../core/model';
import { isSettled } from '../core/runFacts';
import { findingCountsLabel, findingIcon, findingLocation, findingStateLabel, roundDescription, roundIcon, roundLabel, runIcon, runStatusLabel } from './presentation';
import { autopilotLabel, autopilotSummary } from './autopilotText';
import type { RunsModel } from './runsModel';
import { isWaiting } from './signposts/waiting';
import { Disposable } from './util/dispose';
import { isEditableComment } from '../core/inlineComments';

/** A node of the Runs view. */
export type RunsNode =
  | { kind: 'run'; run: Run }
  | { kind: 'round'; run: Run; round: Round }
  | { kind: 'file'; run: Run; file: string | undefined; findings: Finding[] }
  | { kind: 'finding'; run: Run; finding: Finding }
  | { kind: 'problem'; label: string; detail: string };

/** The context value of a run item: its kind, then every action that applies, `;`-separated. */
export function runContextValue(run: Run): string {
  const parts = ['revise.run'];
  if (isSettled(run)) parts.push('settled');
  if (isWaiting(run)) parts.push('waiting');
  for (const option of run.pendingDecision?.options ?? []) parts.push(`opt-${option}`);
  if (run.status === 'running') parts.push('running');
  else if (run.rounds.some((r) => r.status === 'queued')) parts.push('queued');
  if (run.backups.length > 0) parts.push('backups');
  if (run.pr && !isSettled(run)) parts.push('pr');
  if (run.rounds.filter((r) => r.headAfter).length > 1) parts.push('compare');
  if (!isSettled(run)) parts.push('worktree');
  else if (existsSync(run.worktree)) parts.push('cleanable');
  return parts.join(';');
}


function findingContextValue(run: Run, finding: Finding): string {
  const parts = ['revise.finding', `status-${finding.status}`, finding.include ? 'included' : 'excluded', `state-${findingState(finding).kind}`];
  if (finding.source.kind === 'github-thread') parts.push('thread');
  if (isEditableComment(run, finding)) parts.push('editable');
  if (isSettled(run)) parts.push('settled');
  return parts.join(';');
}

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunsNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<RunsNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

  constructor(private readonly model: RunsModel) {
    super();
    // A run's children are rebuilt from the run object, so any change redraws from the root.
    this._register(model.onDidChange(() => this._onDidChangeTreeData.fire(undefined)));
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      await this.model.ensureLoaded();
      const snapshot = this.model.snapshot();
      const problems: RunsNode[] = [
        ...(snapshot.unavailable ? [{ kind: 'problem' as const, label: vscode.l10n.t('Runs are unavailable'), detail: snapshot.unavailable }] : []),
        ...snapshot.quarantined.map((q) => ({ kind: 'problem' as const, label: vscode.l10n.t('{0}: unreadable run', q.runId), detail: vscode.l10n.t('{0} Moved to {1}.', q.reason, q.file) })),
        ...snapshot.newer.map((n) => ({ kind: 'problem' as const, label: vscode.l10n.t('{0}: written by a newer Revise', n.runId), detail: vscode.l10n.t('Schema version {0}; update Revise to open it.', n.version) })),
        ...snapshot.notices.map((n) => ({ kind: 'problem' as const, label: noticeLabel(n.kind, n.runId), detail: n.message })),
      ];
      void vscode.commands.executeCommand('setContext', 'revise.hasRuns', snapshot.runs.length > 0);
      return [...snapshot.runs.map((run) => ({ kind: 'run' as const, run })), ...problems];
    }
    switch (node.kind) {
      case 'run':
        return [...node.run.rounds.map((round) => ({ kind: 'round' as const, run: node.run, round })), ...groupByFile(node.run)];
      case 'file':
        return node.findings.map((finding) => ({ kind: 'finding' as const, run: node.run, finding }));
      case 'round':
      case 'finding':
      case 'problem':
        return [];
    }
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'run':
        return runItem(node.run);
      case 'round':
        return roundItem(node.run, node.round);
      case 'file': {
        const label = node.file ?? vscode.l10n.t('(no location)');
        const item = new vscode.TreeItem(node.file ? path.posix.basename(label) : label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.run.id}/file/${label}`;
        if (node.file && path.posix.dirname(node.file) !== '.') item.description = path.posix.dirname(node.file);
        if (node.file) item.resourceUri = vscode.Uri.file(path.join(node.run.worktree, node.file));
        item.iconPath = node.file ? vscode.ThemeIcon.File : new vscode.ThemeIcon('question');
        item.contextValue = 'revise.findingFile';
        return item;
      }
      case 'finding':
        return findingItem(node.run, node.finding);
      case 'problem': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.detail;
        item.tooltip = node.detail;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.contextValue = 'revise.problem';
        return item;
      }
    }
  }
}

function groupByFile(run: Run): RunsNode[] {
  const groups = new Map<string | undefined, Finding[]>();
  for (const finding of run.findings) groups.set(finding.file, [...(groups.get(finding.file) ?? []), finding]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))
    .map(([file, findings]) => ({ kind: 'file' as const, run, file, findings: findings.sort((x, y) => (x.line ?? 0) - (y.line ?? 0)) }));
}

function runItem(run: Run): vscode.TreeItem {
  const item = new vscode.TreeItem(run.title, vscode.TreeItemCollapsibleState.Expanded);
  item.id = run.id;
  const source = run.pr ? `#${run.pr.number}` : run.priorBranch;
  // A waiting decision leads, so it shows even when the view is narrow.
  const parts = isWaiting(run) ? [vscode.l10n.t('Decide: {0}', runStatusLabel(run)), source, roundLabel(run)] : [source, roundLabel(run), runStatusLabel(run)];
  item.description = [...parts, autopilotLabel(run)].filter(Boolean).join(' · ');
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMd(run.title)}**\n\n`);
  tooltip.appendMarkdown(vscode.l10n.t('Prior {0} → base {1}', `\`${run.priorBranch}\``, `\`${run.baseBranch}\``) + '\n\n');
  tooltip.appendMarkdown((existsSync(run.worktree) ? vscode.l10n.t('Worktree: {0}', `\`${run.worktree}\``) : vscode.l10n.t('Worktree: removed')) + '\n\n');
  if (run.findings.length > 0) tooltip.appendMarkdown(vscode.l10n.t('Findings: {0}', findingCountsLabel(run.findings)) + '\n\n');
  const autopilotState = autopilotSummary(run);
  if (autopilotState) tooltip.appendMarkdown(escapeMd(autopilotState) + '\n\n');
  if (run.pendingDecision?.reason) tooltip.appendMarkdown(escapeMd(run.pendingDecision.reason));
  item.tooltip = tooltip;
  item.iconPath = runIcon(run);
  item.contextValue = runContextValue(run);
  item.command = { command: 'revise.openDecisionPanel', title: vscode.l10n.t('Open Decision Panel'), arguments: [{ runId: run.id }] };
  return item;
}

function roundItem(run: Run, round: Round): vscode.TreeItem {
  const title = round.index === 0 ? vscode.l10n.t('Round 0 (prior attempt)') : vscode.l10n.t('Round {0}', round.index);
  const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
  item.id = `${run.id}/round/${round.index}`;
  item.description = roundDescription(round);
  item.iconPath = roundIcon(round.status);
  const parts = ['revise.round'];
  if (round.logPath) parts.push('log');
  if (round.headBefore && round.headAfter && round.headBefore !== round.headAfter) parts.push('diff');
  item.contextValue = parts.join(';');
  if (round.error) item.tooltip = roundErrorText(round.error);
  if (round.logPath) item.command = { command: 'revise.showRoundLog', title: vscode.l10n.t('Show Round Log'), arguments: [{ runId: run.id, round: round.index }] };
  return item;
}

function findingItem(run: Run, finding: Finding): vscode.TreeItem {
  const item = new vscode.TreeItem(`${finding.id} ${finding.title}`, vscode.TreeItemCollapsibleState.None);
  item.id = `${run.id}/finding/${finding.id}`;
  const bits: string[] = [];
  if (finding.line !== undefined) bits.push(`L${finding.line}`);
  const state = findingState(finding);
  if (state.kind !== 'open') bits.push(findingStateLabel(state));
  if (!finding.include && isUnsettled(state.kind)) bits.push(vscode.l10n.t('left out'));
  item.description = bits.join(' · ');
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${finding.id}** · ${finding.severity} · ${findingLocation(finding) ?? ''}\n\n`);
  tooltip.appendText(finding.message);
  if (finding.reason) tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Dismissed: {0}', escapeMd(finding.reason))}`);
  if (state.evidence && state.kind === 'still-present') tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Still present: {0}', escapeMd(state.evidence))}`);
  if (finding.disposition?.note) tooltip.appendMarkdown(`\n\n${finding.disposition.kind}: ${escapeMd(finding.disposition.note)}`);
  item.tooltip = tooltip;
  item.iconPath = findingIcon(finding);
  item.contextValue = findingContextValue(run, finding);
  if (finding.file) item.command = { command: 'revise.openFinding', title: vscode.l10n.t('Open Finding'), arguments: [{ runId: run.id, findingId: finding.id }] };
  return item;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** The Runs view's label for a store notice about a run. */
function noticeLabel(kind: 'restored' | 'unreadable' | 'not-saved', runId: string): string {
  switch (kind) {
    case 'restored':
      return vscode.l10n.t('{0}: restored from its last-good copy', runId);
    case 'unreadable':
      return vscode.l10n.t('{0}: unreadable run', runId);
    case 'not-saved':
      return vscode.l10n.t('{0}: could not be updated', runId);
  }
}
