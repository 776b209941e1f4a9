/** The status bar item of the active run: its state (spinning while a round runs); a click opens its panel. */
import * as vscode from 'vscode';
import { findingCountsLabel, roundLabel, runStatusLabel } from './presentation';
import type { RunsModel } from './runsModel';
import { Disposable } from './util/dispose';

export class RunStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('revise.activeRun', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly model: RunsModel) {
    super();
    this.item.name = vscode.l10n.t('Revise Active Run');
    this._register(model.onDidChange(() => this.update()));
  }

  /** Redraw from the runs as last seen; hidden when no run is active. */
  update(): void {
    const run = this.model.activeRun();
    if (!run) {
      this.item.hide();
      return;
    }
    const running = run.status === 'running' || run.status === 'pushing';
    this.item.text = `${running ? '$(sync~spin)' : '$(git-pull-request)'} Revise: ${runStatusLabel(run)}`;
    const findings = run.findings.length > 0 ? ` — ${vscode.l10n.t('findings: {0}', findingCountsLabel(run.findings))}` : '';
    this.item.tooltip = `${vscode.l10n.t('{0} ({1}, {2}): click to open its decision panel', run.title, run.priorBranch, roundLabel(run))}${findings}`;
    this.item.command = { command: 'revise.openDecisionPanel', title: vscode.l10n.t('Open Decision Panel'), arguments: [{ runId: run.id }] };
    this.item.backgroundColor = run.status === 'awaiting-decision' && run.pendingDecision?.kind !== 'round-review' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}
