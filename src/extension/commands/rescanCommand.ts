/**
 * Revise: Re-check Findings with Analysers — the editor's `revise findings rescan`: re-runs the
 * analysers of `revise.analysers` for a run's unsettled SARIF findings (src/engine/rescanAnalysers.ts).
 * They execute on this machine, so only in a trusted workspace, like rounds.
 */
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';
import { isSettled } from '../../core/runFacts';
import type { AnalyserRescan } from '../../core/model';
import type { RescanSummary } from '../../engine';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { executionBlockedReason } from '../workspaceTrust';
import { pickRun } from '../runArgs';
import { offerSetting } from '../util/offerSetting';
import type { Services } from './services';

function resultText(r: AnalyserRescan): string {
  if (r.error) return vscode.l10n.t('{0}: {1} No finding was changed.', r.source, r.error.message);
  return vscode.l10n.t('{0}: {1} verified, {2} still reported, {3} new.', r.source, r.verified.length, r.stillPresent.length, r.added.length);
}

export class RescanFindingsCommand implements Command {
  readonly id = 'revise.rescanFindings';
  constructor(private readonly services: Services) {}

  async execute(arg?: unknown): Promise<RescanSummary | undefined> {
    const blocked = executionBlockedReason();
    if (blocked) throw new ReviseError('untrusted-workspace', blocked);
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r), vscode.l10n.t('re-check its findings'));
    if (!run) return undefined;
    const { analysers } = readConfig();
    if (Object.keys(analysers).length === 0) {
      await offerSetting(vscode.l10n.t('No analyser is configured. Add one to revise.analysers in your user settings: the SARIF tool name of the findings (e.g. "ESLint") and the command that prints its SARIF.'), 'revise.analysers');
      return undefined;
    }
    const engine = await this.services.model.engine();
    const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Re-checking the findings of run {0}…', run.id) }, () => engine.rescanAnalysers(run.id, { analysers }));
    const lines = summary.results.map(resultText);
    if (summary.unconfigured.length > 0) lines.push(vscode.l10n.t('No analyser is configured for {0}.', summary.unconfigured.join(', ')));
    if (lines.length === 0) lines.push(vscode.l10n.t('Run {0} has no open, claimed or still-present findings from a SARIF tool.', run.id));
    const show = summary.results.some((r) => r.error) ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(lines.join(' '));
    return summary;
  }
}
