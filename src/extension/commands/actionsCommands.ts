/**
 * Rounds on GitHub Actions from the editor (docs/actions.md): run a run's queued round on a runner
 * (dispatch, follow with progress, import, then the decision panel), and write the Revise workflow
 * into the repository.
 */
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';
import type { Run } from '../../core/model';
import { isSettled } from '../../core/runFacts';
import { loadEngine } from '../chunks';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { pickRun } from '../runArgs';
import type { Services } from './services';
import { gitHubAccess } from '../gitHubAccess';

/** Revise: Run Round on GitHub Actions — the queued round of a pull request's run, on a runner. */
export class RunRoundOnActionsCommand implements Command {
  readonly id = 'revise.runRoundOnActions';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r) && r.pr !== undefined && r.rounds.some((x) => x.status === 'queued'), vscode.l10n.t('run on GitHub Actions'));
    if (!run) return undefined;
    // Refused before asking to sign in to GitHub, which would not help.
    if (!run.pr) throw new ReviseError('actions-needs-pr', vscode.l10n.t('Run {0} was not started from a pull request; a round on GitHub Actions runs for a pull request. Run it here with "Run Next Round" instead.', run.id));
    const access = await gitHubAccess();
    const engine = await this.services.model.engine();
    const api = loadEngine();
    const preset = readConfig().agent.preset;
    const dispatched = await api.dispatchRemoteRound(engine, run.id, access, preset === 'custom' ? {} : { agent: preset });
    const imported = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Revise: round {0} of {1} on GitHub Actions', dispatched.round, run.id), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return api.followRemoteRound(engine, run.id, access, {
          signal: controller.signal,
          onProgress: (p) => progress.report({ message: p.step ? vscode.l10n.t('{0}: {1}', p.status, p.step) : p.status }),
        });
      },
    );
    this.services.panels.open(imported.id);
    return imported;
  }
}

/**
 * Revise: Add the GitHub Actions Workflow — writes .github/workflows/revise-round.yml and opens it.
 * A different file already there is replaced only when the user says so; kept, it is checked, and
 * what the runner would trip on is shown on its lines.
 */
export class InitActionsWorkflowCommand implements Command {
  readonly id = 'revise.initActionsWorkflow';
  constructor(private readonly services: Services) {}
  async execute(): Promise<number | undefined> {
    const engine = await this.services.model.engine();
    const api = loadEngine();
    let written;
    try {
      written = await api.writeWorkflow(engine.topLevel, false);
    } catch (error) {
      if ((error as { code?: string }).code !== 'actions-workflow-exists') throw error;
      const replace = vscode.l10n.t('Replace It');
      const pick = await vscode.window.showWarningMessage(vscode.l10n.t('The repository already has a different revise-round.yml. Replace it with the workflow of this version of Revise?'), { modal: true }, replace);
      if (pick !== replace) return this.checkKept((error as { details?: { path?: unknown } }).details?.path);
      written = await api.writeWorkflow(engine.topLevel, true);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(written.path));
    void vscode.window.showInformationMessage(vscode.l10n.t('Commit the workflow to the default branch and add the secrets it names (see docs/actions.md).'));
    return 0;
  }

  /** The user's own workflow, kept: open it with its problems on their lines; how many there are. */
  private async checkKept(path: unknown): Promise<number | undefined> {
    if (typeof path !== 'string') return undefined;
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path));
    const problems = this.services.workflows.checkDocument(editor.document) ?? 0;
    if (problems > 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Your revise-round.yml has {0} problem(s) a Revise round on GitHub Actions would trip on; they are marked in the file and listed in the Problems view.', problems));
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t('Your revise-round.yml has everything a Revise round needs.'));
    }
    return problems;
  }
}
