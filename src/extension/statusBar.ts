/** The status bar item of the active run: its state (spinning while a round runs); a click opens its panel. */
import * as vscode from 'vscode';
import { autopilotLabel, autopilotSummary } from './autopilotText';
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

  /** What the item shows now (for tests), or undefined while it is hidden. */
  shown: { text: string; tooltip: string } | undefined;

  /** Redraw from the runs as last seen; hidden when no run is active. */
  update(): void {
    const run = this.model.activeRun();
    if (!run) {
      this.shown = undefined;
      this.item.hide();
      return;
    }
    const running = run.status === 'running' || run.status === 'pushing';
    const autopilot = autopilotLabel(run);
    this.item.text = `${running ? '$(sync~spin)' : '$(git-pull-request)'} Revise: ${runStatusLabel(run)}${autopilot ? ` · ${autopilot}` : ''}`;
    const findings = run.findings.length > 0 ? ` — ${vscode.l10n.t('findings: {0}', findingCountsLabel(run.findings))}` : '';
    const autopilotState = autopilotSummary(run);
    const tooltip = `${vscode.l10n.t('{0} ({1}, {2}): click to open its decision panel', run.title, run.priorBranch, roundLabel(run))}${findings}${autopilotState ? `\n${autopilotState}` : ''}`;
    this.item.tooltip = tooltip;
    this.shown = { text: this.item.text, tooltip };
    this.item.command = { command: 'revise.openDecisionPanel', title: vscode.l10n.t('Open Decision Panel'), arguments: [{ runId: run.id }] };
    this.item.backgroundColor = run.status === 'awaiting-decision' && run.pendingDecision?.kind !== 'round-review' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}
