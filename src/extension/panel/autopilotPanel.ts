/** The autopilot part of the decision panel: round k, spend against the budget, what the re-checks said, why it stopped. */
import * as vscode from 'vscode';
import type { RecheckResult } from '../../core/autopilotModel';
import type { Run } from '../../core/model';
import { isSettled } from '../../core/runFacts';
import type { PanelAutopilot } from '../../shared/webviewProtocol';
import { autopilotProgress, stopReasonText } from '../autopilotText';

function checkLine(round: number, results: readonly RecheckResult[], open: readonly string[]): string {
  const said = results.map((r) => `${r.name}: ${r.outcome}${r.detail ? ` (${r.detail})` : ''}`).join('; ');
  const still = open.length > 0 ? vscode.l10n.t('still open: {0}', open.join(', ')) : vscode.l10n.t('no blocking finding open');
  return vscode.l10n.t('Round {0}: {1}. {2}', round, still, said || vscode.l10n.t('no re-check ran'));
}

/** Why the autopilot cannot start now, or undefined. */
function whyNotStart(run: Run, restricted: string | undefined): string | undefined {
  if (isSettled(run)) return vscode.l10n.t('The run is {0}.', run.status);
  if (restricted) return restricted;
  if (run.status === 'running' && !run.rounds.some((r) => r.status === 'queued')) return vscode.l10n.t('A round is running; wait for it or cancel it.');
  return undefined;
}

export function autopilotPanel(run: Run, restricted: string | undefined): PanelAutopilot {
  const state = run.autopilot;
  const active = state?.status === 'active';
  const stop = state?.stop;
  return {
    active,
    progress: state ? autopilotProgress(state) : undefined,
    checks: (state?.checks ?? []).slice(1).map((c) => checkLine(c.round, c.results, c.openBlocking)),
    stop: stop ? `${stopReasonText(stop.reason)} ${stop.message}` : undefined,
    questions: stop?.questions,
    startLabel: active ? undefined : state && stop && stop.reason !== 'all-fixed' ? vscode.l10n.t('Resume Autopilot') : vscode.l10n.t('Start Autopilot'),
    startWhy: active ? undefined : whyNotStart(run, restricted),
    stopLabel: vscode.l10n.t('Stop Autopilot'),
  };
}
