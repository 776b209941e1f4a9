/** What commands use: the pieces the extension wires together in `activate()`. */
import type * as vscode from 'vscode';
import type { AutopilotRunner } from '../autopilotRunner';
import type { DecisionService } from '../decisionService';
import type { ErrorHandler } from '../errorHandler';
import type { ReviseLanguageClient } from '../languageClient';
import type { PanelManager } from '../panel/panelManager';
import type { ReworkComments } from '../reworkComments';
import type { RoundRunner } from '../roundRunner';
import type { RunsModel } from '../runsModel';
import type { WorkflowDiagnostics } from '../workflowDiagnostics';

export interface Services {
  readonly model: RunsModel;
  readonly decisions: DecisionService;
  readonly rounds: RoundRunner;
  readonly autopilot: AutopilotRunner;
  readonly panels: PanelManager;
  readonly comments: ReworkComments;
  readonly lsp: ReviseLanguageClient;
  readonly errors: ErrorHandler;
  readonly log: vscode.LogOutputChannel;
  readonly workflows: WorkflowDiagnostics;
}
