/** The autopilot: start (or resume) it on a run, stop it (docs/autopilot.md). */
import * as vscode from 'vscode';
import type { AutopilotResult } from '../../engine';
import type { Command } from '../commandManager';
import { pickRun } from '../runArgs';
import type { Services } from './services';

/** Revise: Start Autopilot — rounds continue on their own until the blocking findings are verified fixed or the budget is spent. */
export class StartAutopilotCommand implements Command {
  readonly id = 'revise.startAutopilot';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<AutopilotResult | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => r.status === 'awaiting-decision' || r.rounds.some((x) => x.status === 'queued'), vscode.l10n.t('start its autopilot'));
    if (!run) return undefined;
    return this.services.autopilot.start(run.id);
  }
}

/** Revise: Stop Autopilot — cancels the running round and hands the run back (in this window, or by stopping the round of another process). */
export class StopAutopilotCommand implements Command {
  readonly id = 'revise.stopAutopilot';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<boolean> {
    const run = await pickRun(this.services.model, arg, (r) => r.autopilot?.status === 'active', vscode.l10n.t('stop its autopilot'));
    if (!run) return false;
    if (this.services.autopilot.stop(run.id)) return true;
    // Run by another process (the CLI, another window): stopping its round's agent ends it there with that reason.
    await (await this.services.model.engine()).cancelRound(run.id);
    void vscode.window.showInformationMessage(vscode.l10n.t('The autopilot of {0} runs in another process; its round was stopped, so it hands the run over.', run.id));
    return true;
  }
}
