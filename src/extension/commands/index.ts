/** Every command of Revise, registered through the command manager. */
import type { CommandManager } from '../commandManager';
import { InitActionsWorkflowCommand, RunRoundOnActionsCommand } from './actionsCommands';
import { AbortCommand, ApproveCommand, DecideCommand, OpenDecisionPanelCommand, RequestChangesCommand } from './decisionCommands';
import {
  CreateReworkCommentCommand,
  DismissFindingCommand,
  EditReworkCommentCommand,
  ExcludeFindingCommand,
  IncludeFindingCommand,
  OpenFindingCommand,
  OpenThreadCommand,
  RemoveReworkCommentCommand,
  ReopenFindingCommand,
  AcceptFindingCommand,
  RequestReworkHereCommand,
  ResolveFindingCommand,
  ReworkFindingCommand,
  SaveReworkCommentCommand,
} from './findingCommands';
import { ChooseAgentCommand, DecideNowCommand, GetStartedCommand } from './firstRunCommands';
import { ImportCheckRunsCommand, RunReviewerAgentsCommand } from './reviewCommands';
import { CancelRoundCommand, CompareRoundsCommand, RunNextRoundCommand, ShowPromptCommand, ShowRoundLogCommand } from './roundCommands';
import { RescanFindingsCommand } from './rescanCommand';
import type { Services } from './services';
import { StartAutopilotCommand, StopAutopilotCommand } from './autopilotCommands';
import { ImportReviewCommand, RefreshFromGitHubCommand, StartFromBranchCommand, StartFromCurrentBranchCommand, StartFromPullRequestCommand } from './startCommands';
import { AddWorktreeToWorkspaceCommand, CleanUpRunCommand, ListBackupsCommand, OpenWorktreeInNewWindowCommand, RefreshCommand } from './worktreeCommands';

export function registerCommands(manager: CommandManager, services: Services): void {
  for (const command of [
    new StartFromBranchCommand(services),
    new StartFromCurrentBranchCommand(services),
    new StartFromPullRequestCommand(services),
    new ImportReviewCommand(services),
    new RefreshFromGitHubCommand(services),
    new RunReviewerAgentsCommand(services),
    new ImportCheckRunsCommand(services),
    new RunRoundOnActionsCommand(services),
    new InitActionsWorkflowCommand(services),
    new OpenDecisionPanelCommand(services),
    new ApproveCommand(services),
    new RequestChangesCommand(services),
    new AbortCommand(services),
    new DecideCommand(services),
    new RunNextRoundCommand(services),
    new CancelRoundCommand(services),
    new StartAutopilotCommand(services),
    new StopAutopilotCommand(services),
    new ShowRoundLogCommand(services),
    new CompareRoundsCommand(services),
    new ShowPromptCommand(services),
    new OpenWorktreeInNewWindowCommand(services),
    new AddWorktreeToWorkspaceCommand(services),
    new ListBackupsCommand(services),
    new CleanUpRunCommand(services),
    new RefreshCommand(services),
    new OpenFindingCommand(services),
    new ReworkFindingCommand(services),
    new DismissFindingCommand(services),
    new IncludeFindingCommand(services),
    new ExcludeFindingCommand(services),
    new ResolveFindingCommand(services),
    new ReopenFindingCommand(services),
    new AcceptFindingCommand(services),
    new OpenThreadCommand(services),
    new RequestReworkHereCommand(services),
    new CreateReworkCommentCommand(services),
    new EditReworkCommentCommand(),
    new SaveReworkCommentCommand(services),
    new RemoveReworkCommentCommand(services),
    new ChooseAgentCommand(services),
    new GetStartedCommand(),
    new DecideNowCommand(services),
    new RescanFindingsCommand(services),
  ]) {
    manager.register(command);
  }
}
