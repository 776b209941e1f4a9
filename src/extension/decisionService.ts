/**
 * Acting on a run's pending decision, for the panel and the commands alike: abort asks first, so
 * does approve while blocking findings are open, a decision that queues a round starts it (when trusted), approve pushes with progress.
 */
import * as vscode from 'vscode';
import type { DecisionEffect } from '../core/decisions';
import type { DecisionOption, Run } from '../core/model';
import { listFindings, openBlockingFindings } from '../core/openBlocking';
import { gitHubAccess } from './gitHubAccess';
import { readConfig } from './config';
import { optionLabel } from './presentation';
import type { RoundRunner } from './roundRunner';
import { executionBlockedReason } from './workspaceTrust';
import type { RunsModel } from './runsModel';
import type { ErrorHandler } from './errorHandler';

/**
 * Asks the user to confirm `action` in a modal: resolves with `action` when confirmed. VS Code
 * refuses modal dialogs inside extension tests (its dialog service throws there), so host tests
 * replace it through `DecisionService.confirm` to answer for the user.
 */
export type Confirm = (message: string, detail: string, action: string) => Thenable<string | undefined>;

const modalWarning: Confirm = (message, detail, action) => vscode.window.showWarningMessage(message, { modal: true, detail }, action);

export class DecisionService {
  /** How approve over open blocking findings is confirmed (a modal warning). */
  confirm: Confirm = modalWarning;

  constructor(
    private readonly model: RunsModel,
    private readonly rounds: RoundRunner,
    private readonly errors: ErrorHandler,
  ) {}

  /**
   * Act on decision `decisionId` of `runId`. Resolves with the run after the decision (a started
   * round continues in the background), or undefined when the user declined a confirmation.
   * Engine refusals (`stale-decision`, `option-not-offered`…) are thrown to the caller.
   */
  async decide(runId: string, decisionId: string, option: DecisionOption, feedback?: string): Promise<Run | undefined> {
    if (option === 'abort') {
      const confirm = vscode.l10n.t('Abort Run');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Abort run {0}?', runId),
        { modal: true, detail: vscode.l10n.t('Any running agent is stopped and the worktree is removed. Its commits stay reachable through a backup ref.') },
        confirm,
      );
      if (answer !== confirm) return undefined;
    }
    const engine = await this.model.engine();
    if (option === 'approve' && !(await this.confirmOpenBlocking(await engine.get(runId), decisionId))) return undefined;
    const config = readConfig();
    // Approving a run from a pull request answers its threads: silently signed in, or asked to sign in.
    const pr = option === 'approve' && config.github.mode !== 'off' ? (await engine.get(runId)).pr : undefined;
    const github = pr ? await gitHubAccess().catch(() => undefined) : undefined;
    if (pr && !github) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Not signed in to GitHub: the dispositions will not be posted to pull request #{0}. The run is approved and pushed all the same.', pr.number));
    }
    const act = (): Promise<{ run: Run; effect: DecisionEffect }> =>
      engine.decide(runId, {
        decisionId,
        option,
        feedback: feedback?.trim() ? feedback : undefined,
        pushOnApprove: config.pushWhen !== 'never',
        github: github ? { access: github, policy: config.github } : undefined,
      });
    const { run, effect } =
      option === 'approve'
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Revise: approving {0} and pushing…', runId) }, act)
        : await act();
    // What follows is the engine's answer (the decision's effect), not a list of options kept here.
    if (effect.kind === 'start-round') this.startQueuedRound(runId);
    else if (effect.kind === 'approve') {
      const notPushed = run.pushBlockedReason ?? (config.pushWhen === 'never' ? vscode.l10n.t('revise.push.when is "never".') : undefined);
      this.offerCleanUp(runId, notPushed ? vscode.l10n.t('Run {0} approved; it was not pushed: {1}', runId, notPushed) : vscode.l10n.t('Run {0} approved and pushed to {1} of {2} ({3}).', runId, run.priorBranch, run.remote, (run.leaseSha ?? '').slice(0, 10)));
    } else if (effect.kind === 'abort') {
      this.offerCleanUp(runId, vscode.l10n.t('Run {0} aborted; its work is kept in {1} backup ref(s).', runId, run.backups.length));
    }
    return run;
  }

  /**
   * Approving over open blocking findings asks first, naming them (a modal, so one click can never
   * ship them). A stale decision id is not asked about: the engine refuses it right after.
   */
  private async confirmOpenBlocking(run: Run, decisionId: string): Promise<boolean> {
    const open = openBlockingFindings(run);
    if (open.length === 0 || run.pendingDecision?.id !== decisionId) return true;
    const approve = vscode.l10n.t('Approve Anyway');
    const answer = await this.confirm(
      vscode.l10n.t('Approve run {0} with {1} blocking finding(s) still open?', run.id, open.length),
      vscode.l10n.t('Still open: {0}. Approving pushes the branch as it is. Accept the claimed fixes, resolve or dismiss them, or request changes, to approve without this question.', listFindings(open)),
      approve,
    );
    return answer === approve;
  }

  /** Say what happened, with a Clean Up Run button that removes the finished run's worktree and branch. */
  private offerCleanUp(runId: string, message: string): void {
    const clean = vscode.l10n.t('Clean Up Run');
    void vscode.window.showInformationMessage(message, clean).then((answer) => {
      if (answer === clean) void vscode.commands.executeCommand('revise.cleanUpRun', { runId });
    });
  }

  /** Start the queued round in the background; an untrusted workspace leaves it queued and says why. */
  startQueuedRound(runId: string): void {
    const blocked = executionBlockedReason();
    if (blocked) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The round is queued but did not start. {0}', blocked));
      return;
    }
    this.rounds.run(runId).catch((error: unknown) => this.errors.report(error, vscode.l10n.t('Round of {0}', runId)));
  }

  /** The label of an option, for pickers. */
  label(option: DecisionOption): string {
    return optionLabel(option);
  }
}
