/**
 * Runs a run's autopilot in this window (docs/autopilot.md) with a cancellable progress notification,
 * and says why it stopped in a notification that offers the decision panel. The budget comes from
 * the user's own `revise.autopilot.*` settings, the reviewers from `revise.reviewerAgents`, pushing
 * from `revise.push.when`; a pull request run's state and CI check runs are read with the GitHub
 * session the user already granted. Nothing runs in an untrusted workspace.
 */
import * as vscode from 'vscode';
import type { AutopilotStop } from '../core/autopilotModel';
import { ReviseError } from '../core/errors';
import type { AutopilotResult } from '../engine';
import { stopReasonText } from './autopilotText';
import { loadEngine } from './chunks';
import { silentGitHubAccess } from './gitHubAccess';
import { autopilotBudget, readConfig, reviewerAgentOptions, roundOptions } from './config';
import type { ErrorHandler } from './errorHandler';
import type { RoundRunner } from './roundRunner';
import { executionBlockedReason } from './workspaceTrust';
import type { RunsModel } from './runsModel';
import { Disposable } from './util/dispose';


export class AutopilotRunner extends Disposable {
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly model: RunsModel,
    private readonly rounds: RoundRunner,
    private readonly errors: ErrorHandler,
    private readonly openPanel: (runId: string) => void,
  ) {
    super();
    this._register({ dispose: () => this.active.forEach((c) => c.abort()) });
  }

  /** Whether this window runs the autopilot of `runId`. */
  isRunning(runId: string): boolean {
    return this.active.has(runId);
  }

  /**
   * Start (or, when it has a stopped record, resume) the autopilot of `runId`. Resolves once it
   * handed over; refused with `untrusted-workspace` in an untrusted workspace.
   */
  async start(runId: string): Promise<AutopilotResult | undefined> {
    const blocked = executionBlockedReason();
    if (blocked) throw new ReviseError('untrusted-workspace', blocked);
    if (this.active.has(runId)) return undefined;
    const controller = new AbortController();
    this.active.set(runId, controller);
    try {
      const engine = await this.model.engine();
      const config = readConfig();
      const run = await engine.get(runId);
      const access = run.pr ? await silentGitHubAccess() : undefined;
      const engineModule = loadEngine();
      const channel = this.rounds.channel(runId);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Revise autopilot: {0}', runId), cancellable: true },
        (progress, token) => {
          const cancel = token.onCancellationRequested(() => controller.abort());
          return engine
            .autopilot(runId, {
              round: roundOptions(config),
              budget: autopilotBudget(config),
              resume: run.autopilot !== undefined && run.autopilot.status === 'stopped' && run.autopilot.stop?.reason !== 'all-fixed',
              push: config.pushWhen === 'round',
              rechecks: [engineModule.pullRequestRecheck(access), engineModule.reviewerAgentsRecheck(reviewerAgentOptions(config)), ...(run.pr ? [engineModule.checkRunsRecheck(access)] : [])],
              signal: controller.signal,
              onProgress: (event) => {
                if (event.kind === 'round-started') {
                  progress.report({ message: vscode.l10n.t('round {0} ({1} of at most {2})', event.round, event.number, event.state.budget.maxRounds) });
                  channel.appendLine(vscode.l10n.t('— autopilot: round {0} started —', event.round));
                } else if (event.kind === 'round-finished') {
                  channel.appendLine(vscode.l10n.t('— autopilot: round {0} {1}; re-checks: {2} —', event.round.index, event.round.status, event.results.map((r) => `${r.name} ${r.outcome}`).join(', ') || '—'));
                }
              },
            })
            .finally(() => {
              cancel.dispose();
            });
        },
      );
      this.announce(runId, result.stop);
      return result;
    } finally {
      this.active.delete(runId);
    }
  }

  /** Stop the autopilot this window runs for `runId`: its round is cancelled and it records `cancelled`. */
  stop(runId: string): boolean {
    const controller = this.active.get(runId);
    controller?.abort();
    return controller !== undefined;
  }

  private announce(runId: string, stop: AutopilotStop): void {
    const open = vscode.l10n.t('Open Decision Panel');
    const text = vscode.l10n.t('Revise autopilot of {0} stopped: {1} {2}', runId, stopReasonText(stop.reason), stop.message);
    const show = stop.reason === 'all-fixed' ? vscode.window.showInformationMessage(text, open) : vscode.window.showWarningMessage(text, open);
    void show.then((picked) => (picked === open ? this.openPanel(runId) : undefined), (error: unknown) => this.errors.report(error));
  }
}
