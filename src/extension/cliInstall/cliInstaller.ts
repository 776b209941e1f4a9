/**
 * Revise: Install 'revise' Command in PATH / Uninstall 'revise' Command from PATH (as VS Code offers
 * for `code`). The launcher itself is launcher.ts; this is its face in VS Code: a confirmation
 * (it writes outside the workspace), messages with the next step, and keeping an installed launcher
 * pointed at this extension's folder after an update.
 *
 * Allowed in untrusted workspaces: nothing of the workspace is read or run, only the extension's
 * own CLI, and the user confirms the write first.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';
import type { Command } from '../commandManager';
import type { Confirm } from '../decisionService';
import { installLauncher, LauncherError, launcherPlace, refreshLauncher, uninstallLauncher, type InstallResult, type LauncherHost, type LauncherPlace, type LauncherTarget } from './launcher';

const modalInfo: Confirm = (message, detail, action) => vscode.window.showInformationMessage(message, { modal: true, detail }, action);

export class CliInstaller {
  /** How the write is confirmed (a modal); host tests answer for the user. */
  confirm: Confirm = modalInfo;
  /** Where to install, from this process (host tests point it at a temporary HOME and PATH). */
  host: () => LauncherHost = () => ({ platform: process.platform, home: homedir(), path: process.env.PATH ?? process.env.Path ?? '', shell: process.env.SHELL, localAppData: process.env.LOCALAPPDATA });

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** VS Code's runtime (Electron, run as Node by the launcher) and this extension's CLI bundle. */
  target(): LauncherTarget {
    return { runtime: process.execPath, cli: vscode.Uri.joinPath(this.extensionUri, 'dist', 'cli.js').fsPath };
  }

  /** Install after confirmation; undefined when the user declined. */
  async install(): Promise<InstallResult | undefined> {
    const { file } = launcherPlace(this.host());
    const action = vscode.l10n.t('Install');
    const detail = vscode.l10n.t('Revise writes a small launcher at {0} that runs its command line with VS Code\'s runtime, so `revise` works in any terminal. It writes nothing else; "Uninstall \'revise\' Command from PATH" removes it.', file);
    if ((await this.confirm(vscode.l10n.t('Install the \'revise\' command?'), detail, action)) !== action) return undefined;
    const result = await this.guard(() => installLauncher(this.host(), this.target()));
    this.log.info(`revise launcher: ${result.changed ? 'written' : 'unchanged'} at ${result.file} (on PATH: ${result.onPath})`);
    void this.announce(result);
    return result;
  }

  async uninstall(): Promise<LauncherPlace & { removed: boolean }> {
    const result = await this.guard(() => uninstallLauncher(this.host()));
    void vscode.window.showInformationMessage(result.removed ? vscode.l10n.t('Removed the \'revise\' command from {0}.', result.file) : vscode.l10n.t('There is no \'revise\' command installed by Revise at {0}.', result.file));
    return result;
  }

  /** After an update of Revise or VS Code: point an installed launcher at this extension; silent otherwise. */
  async refresh(): Promise<void> {
    try {
      if (await refreshLauncher(this.host(), this.target())) this.log.info('revise launcher: updated to this version of Revise');
    } catch (error) {
      this.log.warn(`revise launcher: could not be updated: ${(error as Error).message}`);
    }
  }

  private async announce(result: InstallResult): Promise<void> {
    if (!result.onPath && result.addToPath) {
      const copy = vscode.l10n.t('Copy Command');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('The \'revise\' command is installed at {0}, but {1} is not on PATH. Add it with `{2}`, then open a new terminal.', result.file, result.dir, result.addToPath), copy);
      if (answer === copy) await vscode.env.clipboard.writeText(result.addToPath);
      return;
    }
    if (result.shadowedBy) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The \'revise\' command is installed at {0}, but {1} comes first on PATH, so a terminal runs that one. Remove it, or put {2} earlier on PATH.', result.file, result.shadowedBy, result.dir));
      return;
    }
    void vscode.window.showInformationMessage(
      result.changed
        ? vscode.l10n.t('The \'revise\' command is installed at {0}. Open a new terminal and run `revise --help`.', result.file)
        : vscode.l10n.t('The \'revise\' command at {0} is already installed and up to date.', result.file),
    );
  }

  /** Launcher errors in words with the next step (the error handler shows them). */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof LauncherError)) throw error;
      switch (error.code) {
        case 'launcher-not-ours':
          throw new ReviseError('bad-input', vscode.l10n.t('{0} exists and was not written by Revise, so it was left as it is. Remove or rename it, then run this command again.', error.path), { cause: error });
        case 'launcher-cli-missing':
          throw new ReviseError('bad-input', vscode.l10n.t('The Revise command line is missing from the extension ({0}). Reinstall the Revise extension, then try again.', error.path), { cause: error });
        case 'launcher-io':
          throw new ReviseError('bad-input', vscode.l10n.t('Could not write {0} ({1}). Check that the folder is yours and writable, then try again.', error.path, error.errno ?? 'EIO'), { cause: error });
      }
    }
  }
}

/** Revise: Install 'revise' Command in PATH. */
export class InstallCliCommand implements Command {
  readonly id = 'revise.installCli';
  constructor(private readonly installer: CliInstaller) {}
  execute(): Promise<InstallResult | undefined> {
    return this.installer.install();
  }
}

/** Revise: Uninstall 'revise' Command from PATH. */
export class UninstallCliCommand implements Command {
  readonly id = 'revise.uninstallCli';
  constructor(private readonly installer: CliInstaller) {}
  execute(): Promise<LauncherPlace & { removed: boolean }> {
    return this.installer.uninstall();
  }
}
