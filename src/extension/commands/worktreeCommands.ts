/** The run's worktree (new window, add to workspace), backups, and refreshing the Runs view. */
import * as vscode from 'vscode';
import type { Backup } from '../../core/model';
import type { CleanResult } from '../../engine';
import { isSettled } from '../../core/runFacts';
import type { Command } from '../commandManager';
import { pickRun } from '../runArgs';
import type { Services } from './services';

/** Revise: Open Worktree in New Window. */
export class OpenWorktreeInNewWindowCommand implements Command {
  readonly id = 'revise.openWorktreeInNewWindow';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<void> {
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r), vscode.l10n.t('open its worktree'));
    if (run) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(run.worktree), { forceNewWindow: true });
  }
}

/** Revise: Add Worktree to Workspace. */
export class AddWorktreeToWorkspaceCommand implements Command {
  readonly id = 'revise.addWorktreeToWorkspace';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<boolean> {
    const run = await pickRun(this.services.model, arg, (r) => !isSettled(r), vscode.l10n.t('add its worktree to the workspace'));
    if (!run) return false;
    const uri = vscode.Uri.file(run.worktree);
    if (vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath === uri.fsPath) return true;
    const at = vscode.workspace.workspaceFolders?.length ?? 0;
    return vscode.workspace.updateWorkspaceFolders(at, 0, { uri, name: vscode.l10n.t('Revise: {0}', run.title) });
  }
}

/**
 * Revise: Clean Up Run — a finished run's worktree and local branch are removed (unpushed work is
 * pinned in a backup ref first); its backup refs stay and are listed in the message.
 */
export class CleanUpRunCommand implements Command {
  readonly id = 'revise.cleanUpRun';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<CleanResult | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => isSettled(r), vscode.l10n.t('clean up'));
    if (!run) return undefined;
    const engine = await this.services.model.engine();
    const result = await engine.clean(run.id);
    const removed = [result.removedWorktree ? vscode.l10n.t('worktree {0}', result.removedWorktree) : undefined, result.removedBranch ? vscode.l10n.t('branch {0}', result.removedBranch) : undefined].filter(Boolean).join(', ');
    const kept = result.backups.map((b) => `${b.ref} (${b.sha.slice(0, 10)})`).join(', ');
    void vscode.window.showInformationMessage(
      [
        removed ? vscode.l10n.t('Run {0} cleaned up: removed {1}.', run.id, removed) : vscode.l10n.t('Run {0} had nothing left to remove.', run.id),
        result.keptBranch ? vscode.l10n.t('Kept branch {0}: some of its commits are on no remote and in no backup.', result.keptBranch) : '',
        kept ? vscode.l10n.t('Backups kept: {0}.', kept) : '',
      ].filter(Boolean).join(' '),
    );
    return result;
  }
}

/** Revise: List Backups… — pick a backup ref and restore it as a new branch. */
export class ListBackupsCommand implements Command {
  readonly id = 'revise.listBackups';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<string | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => r.backups.length > 0, vscode.l10n.t('list backups'));
    if (!run) return undefined;
    const engine = await this.services.model.engine();
    const backups: Backup[] = await engine.backups(run.id);
    if (backups.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Run {0} has no backup refs: nothing could have dropped commits yet.', run.id));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      backups.map((b) => ({ label: b.reason, description: b.sha.slice(0, 10), detail: b.commits.map((c) => `${c.sha.slice(0, 7)} ${c.subject}`).join(' · ') || b.ref, backup: b })),
      { placeHolder: vscode.l10n.t('Restore a backup of {0} as a new branch', run.id), matchOnDetail: true },
    );
    if (!picked) return undefined;
    const branch = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Name of the new branch at {0}', picked.backup.sha.slice(0, 10)), value: `revise-restore/${run.id}`, ignoreFocusOut: true });
    if (!branch) return undefined;
    await engine.restoreBackup(run.id, picked.backup.ref, branch);
    void vscode.window.showInformationMessage(vscode.l10n.t('Branch {0} now points at the backup {1}.', branch, picked.backup.sha.slice(0, 10)));
    return branch;
  }
}

/** Revise: Refresh Runs — re-read every run from disk. */
export class RefreshCommand implements Command {
  readonly id = 'revise.refresh';
  constructor(private readonly services: Services) {}
  execute(): Promise<void> {
    return this.services.model.reload();
  }
}
