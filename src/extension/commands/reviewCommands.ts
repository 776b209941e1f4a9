/** Checking a run beyond its own rounds: reviewer agents (read-only presets) and a PR's failed CI checks. */
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';
import type { Run } from '../../core/model';
import { isSettled } from '../../core/runFacts';
import type { Command } from '../commandManager';
import { readConfig, reviewerAgentOptions } from '../config';
import { pickRun } from '../runArgs';
import { offerSetting } from '../util/offerSetting';
import { executionBlockedReason } from '../workspaceTrust';
import type { Services } from './services';
import { gitHubAccess } from '../gitHubAccess';

/** Revise: Review with Reviewer Agents — each configured reviewer agent reviews the latest round, read-only. */
export class RunReviewerAgentsCommand implements Command {
  readonly id = 'revise.runReviewerAgents';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run | undefined> {
    const blocked = executionBlockedReason();
    if (blocked) throw new ReviseError('untrusted-workspace', blocked);
    const config = readConfig();
    if (config.reviewerAgents.length === 0) {
      await offerSetting(vscode.l10n.t('No reviewer agent is configured. Add one (a preset, blocking or advisory) to the setting revise.reviewerAgents.'), 'revise.reviewerAgents');
      return undefined;
    }
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r), vscode.l10n.t('review with reviewer agents'));
    if (!run) return undefined;
    const engine = await this.services.model.engine();
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reviewing {0}…', run.id), cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return engine.runReviewerAgents(run.id, reviewerAgentOptions(config), controller.signal);
      },
    );
    const added = outcome.reviews.reduce((n, r) => n + r.added.length, 0);
    const verified = outcome.reviews.reduce((n, r) => n + r.gone.length, 0);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: {1} from the blocking reviewers; {2} finding(s) added, {3} verified.', run.id, outcome.verdict, added, verified));
    for (const failure of outcome.failures) void vscode.window.showWarningMessage(vscode.l10n.t('Reviewer {0} did not answer: {1}', failure.reviewer, failure.error.message));
    return engine.get(run.id);
  }
}

/** Revise: Import CI Check Failures — failed check runs on a PR run's head become findings. */
export class ImportCheckRunsCommand implements Command {
  readonly id = 'revise.importCheckRuns';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r) && r.pr !== undefined, vscode.l10n.t('import CI check failures'));
    if (!run) return undefined;
    // Refused before asking to sign in to GitHub, which would not help.
    if (!run.pr) throw new ReviseError('bad-input', vscode.l10n.t('Run {0} was not started from a pull request, so it has no CI checks to import. Start a run with "Revise: Start from Pull Request…" to use them.', run.id));
    const access = await gitHubAccess();
    const engine = await this.services.model.engine();
    const result = await engine.importCheckRuns(run.id, access);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0}: {1} failed check(s), {2} finding(s) added, {3} verified; {4} check(s) still running, not imported.', run.id, result.failed.length, result.added.length, result.gone.length, result.pending.length),
    );
    return engine.get(run.id);
  }
}
