/** The decision panel and the decision commands (approve, request changes, abort, any offered option). */
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';
import type { DecisionOption, Run } from '../../core/model';
import type { Command } from '../commandManager';
import { optionLabel } from '../presentation';
import { pickRun } from '../runArgs';
import type { Services } from './services';

/** Revise: Open Decision Panel. */
export class OpenDecisionPanelCommand implements Command {
  readonly id = 'revise.openDecisionPanel';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<string | undefined> {
    const run = await pickRun(this.services.model, arg, () => true, vscode.l10n.t('open its decision panel'));
    if (!run) return undefined;
    this.services.panels.open(run.id);
    return run.id;
  }
}

const offers = (option: DecisionOption) => (run: Run): boolean => run.status === 'awaiting-decision' && !run.rounds.some((r) => r.status === 'queued') && (run.pendingDecision?.options.includes(option) ?? false);

/** Act on `option` of the pending decision of the chosen run (refused with a reason when not offered). */
async function decideOption(services: Services, arg: unknown, option: DecisionOption, feedback?: () => Thenable<string | undefined>): Promise<Run | undefined> {
  const run = await pickRun(services.model, arg, offers(option), optionLabel(option).toLowerCase());
  if (!run) return undefined;
  const decision = run.pendingDecision;
  if (!decision || !decision.options.includes(option)) {
    throw new ReviseError('option-not-offered', vscode.l10n.t('Run {0} does not offer "{1}" now (it is {2}).', run.id, optionLabel(option), run.status));
  }
  let text: string | undefined;
  if (feedback) {
    text = await feedback();
    if (text === undefined) return undefined;
  }
  return services.decisions.decide(run.id, decision.id, option, text);
}

/** Revise: Approve. */
export class ApproveCommand implements Command {
  readonly id = 'revise.approve';
  constructor(private readonly services: Services) {}
  execute(arg?: unknown): Promise<Run | undefined> {
    return decideOption(this.services, arg, 'approve');
  }
}

/** Revise: Request Changes… — asks for feedback (args `{ runId, feedback }` skip the input). */
export class RequestChangesCommand implements Command {
  readonly id = 'revise.requestChanges';
  constructor(private readonly services: Services) {}
  execute(arg?: { feedback?: string }): Promise<Run | undefined> {
    const given = arg?.feedback;
    return decideOption(this.services, arg, 'request-changes', () =>
      given !== undefined ? Promise.resolve(given) : vscode.window.showInputBox({ title: vscode.l10n.t('Request changes'), prompt: vscode.l10n.t('Feedback for the next round (optional; the open findings are always included)'), ignoreFocusOut: true }),
    );
  }
}

/** Revise: Abort Run… (asks for confirmation). */
export class AbortCommand implements Command {
  readonly id = 'revise.abort';
  constructor(private readonly services: Services) {}
  execute(arg?: unknown): Promise<Run | undefined> {
    return decideOption(this.services, arg, 'abort');
  }
}

/** Revise: Decide… — every option the pending decision offers (cap, failure, conflict, lease decisions). */
export class DecideCommand implements Command {
  readonly id = 'revise.decide';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => r.status === 'awaiting-decision' && r.pendingDecision !== null, vscode.l10n.t('decide'));
    const decision = run?.pendingDecision;
    if (!run || !decision) return undefined;
    const picked = await vscode.window.showQuickPick(
      decision.options.map((option) => ({ label: optionLabel(option), option })),
      { placeHolder: decision.reason ?? vscode.l10n.t('Decision for {0}', run.title) },
    );
    if (!picked) return undefined;
    const feedback = picked.option === 'request-changes' ? await vscode.window.showInputBox({ prompt: vscode.l10n.t('Feedback for the next round (optional)') }) : undefined;
    return this.services.decisions.decide(run.id, decision.id, picked.option, feedback);
  }
}
