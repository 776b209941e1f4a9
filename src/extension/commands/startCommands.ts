/** Starting runs (from a branch, the current branch or a pull request) and importing reviews. */
import * as vscode from 'vscode';
import type { Run } from '../../core/model';
import { isSettled } from '../../core/runFacts';
import type { GitHubAccess, StartOptions } from '../../engine';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { gitHubAccess } from '../gitHubAccess';
import { pickRun } from '../runArgs';
import type { Services } from './services';

function startOptions(priorBranch: string | undefined, extra: Partial<StartOptions> = {}): StartOptions {
  const config = readConfig();
  return {
    priorBranch,
    remote: config.remote,
    baseUpdate: config.baseUpdate,
    maxRounds: config.maxRounds,
    ...(config.worktreeRoot ? { worktreeRoot: config.worktreeRoot } : {}),
    ...extra,
  };
}

async function startWithProgress(services: Services, label: string, start: () => Promise<Run>): Promise<Run> {
  const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Revise: restoring {0} into a new worktree…', label) }, start);
  await services.model.ensureLoaded();
  services.panels.open(run.id);
  return run;
}

async function askBase(): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: vscode.l10n.t('Base branch'), prompt: vscode.l10n.t('The branch the attempt is based on (its changes are brought in first).'), value: 'main', ignoreFocusOut: true });
}

/** Revise: Start from Branch… — args `{ branch, base? }` skip the inputs. */
export class StartFromBranchCommand implements Command {
  readonly id = 'revise.startFromBranch';
  constructor(private readonly services: Services) {}
  async execute(arg?: { branch?: string; base?: string }): Promise<Run | undefined> {
    const branch = arg?.branch ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Start a Revise run'), prompt: vscode.l10n.t('The remote branch that holds the prior attempt'), placeHolder: 'feature/agent-attempt', ignoreFocusOut: true }));
    if (!branch) return undefined;
    const base = arg?.base ?? (await askBase());
    if (!base) return undefined;
    const engine = await this.services.model.engine();
    return startWithProgress(this.services, branch, () => engine.start(startOptions(branch, { baseBranch: base })));
  }
}

/** Revise: Start from Current Branch. */
export class StartFromCurrentBranchCommand implements Command {
  readonly id = 'revise.startFromCurrentBranch';
  constructor(private readonly services: Services) {}
  async execute(arg?: { base?: string }): Promise<Run | undefined> {
    const base = arg?.base ?? (await askBase());
    if (!base) return undefined;
    const engine = await this.services.model.engine();
    return startWithProgress(this.services, vscode.l10n.t('the current branch'), () => engine.start(startOptions(undefined, { baseBranch: base })));
  }
}

/** Revise: Start from Pull Request… — pick an open pull request of the remote (args `{ pr }` skip the pick). */
export class StartFromPullRequestCommand implements Command {
  readonly id = 'revise.startFromPullRequest';
  constructor(private readonly services: Services) {}
  async execute(arg?: { pr?: number }): Promise<Run | undefined> {
    const access = await gitHubAccess();
    const engine = await this.services.model.engine();
    const pr = arg?.pr ?? (await this.pick(access));
    if (pr === undefined) return undefined;
    return startWithProgress(this.services, `#${pr}`, () => engine.startWithGitHub(startOptions(undefined, { pr }), access));
  }

  private async pick(access: GitHubAccess): Promise<number | undefined> {
    const engine = await this.services.model.engine();
    const prs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing pull requests…') }, () => engine.listPullRequests(readConfig().remote, access));
    const byNumber = vscode.l10n.t('Enter a pull request number…');
    const picked = await vscode.window.showQuickPick(
      [...prs.map((p) => ({ label: `#${p.number} ${p.title}`, description: `${p.headBranch}${p.draft ? ' · draft' : ''}`, ...(p.author != null ? { detail: p.author } : {}), pr: p.number })), { label: byNumber, pr: undefined }],
      { placeHolder: vscode.l10n.t('Which pull request should the next round revise?'), matchOnDescription: true },
    );
    if (!picked) return undefined;
    if (picked.pr !== undefined) return picked.pr;
    const text = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Pull request number'), validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : vscode.l10n.t('A number, e.g. 42')), ignoreFocusOut: true });
    return text ? Number(text.trim()) : undefined;
  }
}

/** Revise: Refresh from GitHub — new review threads become findings; resolved ones close. */
export class RefreshFromGitHubCommand implements Command {
  readonly id = 'revise.refreshFromGitHub';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r) && r.pr !== undefined, vscode.l10n.t('refresh from GitHub'));
    if (!run) return undefined;
    const access = await gitHubAccess();
    const engine = await this.services.model.engine();
    const result = await engine.refreshFromGitHub(run.id, access);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: {1} new finding(s), {2} closed.', run.id, result.added.length, result.closed.length));
    return result.run;
  }
}

/** Revise: Import Review… — a markdown review, SARIF or Revise JSON file into a run's findings. */
export class ImportReviewCommand implements Command {
  readonly id = 'revise.importReview';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown, file?: vscode.Uri): Promise<Run | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r), vscode.l10n.t('import a review'));
    if (!run) return undefined;
    const picked = file ? [file] : await vscode.window.showOpenDialog({ title: vscode.l10n.t('Import a review into {0}', run.id), canSelectMany: false, filters: { [vscode.l10n.t('Reviews')]: ['md', 'markdown', 'txt', 'sarif', 'json'] } });
    const uri = picked?.[0];
    if (!uri) return undefined;
    const engine = await this.services.model.engine();
    await engine.importReview(run.id, { file: uri.fsPath });
    return engine.get(run.id);
  }
}
