/**
 * Revise extension entry point. Wiring only: activation must stay cheap (no git, no network, no
 * file scans) — the engine opens on first use of the Runs view or a command.
 */
import * as vscode from 'vscode';
import { AutopilotRunner } from './autopilotRunner';
import { CliInstaller, InstallCliCommand, UninstallCliCommand } from './cliInstall/cliInstaller';
import { CommandManager } from './commandManager';
import { COMMIT_SCHEME, CommitContentProvider } from './commitContent';
import { registerCommands } from './commands';
import { DecisionService } from './decisionService';
import { ErrorHandler } from './errorHandler';
import { ReviseLanguageClient } from './languageClient';
import { DraftStore } from './panel/drafts';
import { PanelManager } from './panel/panelManager';
import { ReworkComments } from './reworkComments';
import { RoundRunner } from './roundRunner';
import { executionBlockedReason } from './workspaceTrust';
import { RunsModel } from './runsModel';
import { RunsTreeProvider } from './runsTree';
import { Signposts } from './signposts/signposts';
import { RunStatusBar } from './statusBar';
import { WorkflowDiagnostics } from './workflowDiagnostics';

/** What the extension exposes to its own host tests (not a public API). */
export interface ReviseTestApi {
  readonly model: RunsModel;
  readonly tree: RunsTreeProvider;
  readonly view: vscode.TreeView<unknown>;
  readonly panels: PanelManager;
  readonly comments: ReworkComments;
  readonly decisions: DecisionService;
  readonly signposts: Signposts;
  readonly cliInstaller: CliInstaller;
  readonly statusBar: RunStatusBar;
}

export function activate(context: vscode.ExtensionContext): ReviseTestApi {
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const log = own(vscode.window.createOutputChannel('Revise', { log: true }));
  const errors = new ErrorHandler(log);
  const model = own(new RunsModel());
  own(vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, new CommitContentProvider(model)));
  const rounds = own(new RoundRunner(model));
  const decisions = new DecisionService(model, rounds, errors);
  const comments = own(new ReworkComments(model));
  const lsp = own(new ReviseLanguageClient(context, model, log));
  const commands = own(new CommandManager(errors));
  const panels = own(
    new PanelManager({
      extensionUri: context.extensionUri,
      model,
      decisions,
      drafts: own(new DraftStore(context.workspaceState)),
      command: (id, arg) => vscode.commands.executeCommand(id, arg),
    }),
  );
  const autopilot = own(new AutopilotRunner(model, rounds, errors, (runId) => panels.open(runId).reveal()));
  const workflows = own(new WorkflowDiagnostics((error) => errors.report(error)));
  registerCommands(commands, { model, decisions, rounds, autopilot, panels, comments, lsp, errors, log, workflows });
  const cliInstaller = new CliInstaller(context.extensionUri, log);
  commands.register(new InstallCliCommand(cliInstaller));
  commands.register(new UninstallCliCommand(cliInstaller));
  // One small file read, off the activation path: an installed launcher follows this extension's folder.
  void cliInstaller.refresh();

  const tree = own(new RunsTreeProvider(model));
  const view = own(vscode.window.createTreeView('revise.runs', { treeDataProvider: tree, showCollapseAll: true }));
  // Restricted Mode: the view says at once why no round will run, until the user trusts the folder.
  // A view that never had a message is left without one; an empty message removes one that was shown (vscode.d.ts, TreeView.message).
  const blocked = executionBlockedReason();
  if (blocked) view.message = blocked;
  own(vscode.workspace.onDidGrantWorkspaceTrust(() => (view.message = executionBlockedReason() ?? '')));
  const statusBar = own(new RunStatusBar(model));
  const signposts = own(new Signposts({ model, view, openPanel: (runId) => panels.open(runId, vscode.ViewColumn.Beside) }));
  void vscode.commands.executeCommand('setContext', 'revise.ready', true);
  return { model, tree, view, panels, comments, decisions, signposts, cliInstaller, statusBar };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
