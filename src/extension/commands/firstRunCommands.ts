/** The Get Started walkthrough's commands: choose a coding agent, open the walkthrough, and act on a waiting decision. */
import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { isWaiting } from '../signposts/waiting';
import { detectAgents, type DetectedAgent } from '../walkthrough/agentClis';
import type { Services } from './services';

/** The walkthrough's id as `workbench.action.openWalkthrough` takes it. */
export const WALKTHROUGH_ID = 'revise.revise#getStarted';

interface AgentPick extends vscode.QuickPickItem {
  readonly agent: DetectedAgent;
}

function agentPick(agent: DetectedAgent): AgentPick {
  const { cli } = agent;
  if (!agent.path) return { agent, label: `$(circle-large-outline) ${cli.name}`, description: vscode.l10n.t('not found on PATH'), detail: vscode.l10n.t('Install: {0}', cli.install) };
  const description = agent.version ? `${cli.executable} ${agent.version}` : (agent.problem ?? '');
  return { agent, label: `${agent.version ? '$(pass-filled)' : '$(warning)'} ${cli.name}`, description, detail: vscode.l10n.t('Sign in: {0}', cli.signIn) };
}

/**
 * Revise: Choose Coding Agent…: lists the supported agent CLIs found on PATH with their versions
 * and how to sign in to each; picking one found there makes it `revise.agent.preset`. Returns
 * what was found (the host tests read it).
 */
export class ChooseAgentCommand implements Command {
  readonly id = 'revise.chooseAgent';
  constructor(private readonly services: Services) {}
  async execute(options?: { pick?: boolean }): Promise<DetectedAgent[]> {
    const agents = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking for coding agents…') }, () => detectAgents());
    this.services.log.info(`agent CLIs: ${agents.map((a) => `${a.cli.executable}=${a.version ?? a.problem ?? 'absent'}`).join(', ')}`);
    if (options?.pick === false) return agents;
    const picked = await vscode.window.showQuickPick(agents.map(agentPick), {
      title: vscode.l10n.t('Choose the coding agent that runs a round'),
      placeHolder: vscode.l10n.t('{0} of {1} supported agents found on PATH', agents.filter((a) => a.path).length, agents.length),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return agents;
    const { cli } = picked.agent;
    if (!picked.agent.path) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not on PATH. Install it with `{1}`, then choose it again.', cli.name, cli.install));
    } else {
      // Machine-scoped: written to the user's settings, never the workspace's.
      await vscode.workspace.getConfiguration('revise').update('agent.preset', cli.preset, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(vscode.l10n.t('Revise runs rounds with {0}. {1}', cli.name, cli.signIn));
    }
    return agents;
  }
}

/** Revise: Get Started: opens the walkthrough. */
export class GetStartedCommand implements Command {
  readonly id = 'revise.getStarted';
  execute(): Thenable<unknown> {
    return vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  }
}

/** Revise: Decide Now: the decision panel of a run waiting for the user (the tree's inline action on such a run). */
export class DecideNowCommand implements Command {
  readonly id = 'revise.decideNow';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<unknown> {
    if (arg !== undefined) return vscode.commands.executeCommand('revise.openDecisionPanel', arg);
    await this.services.model.ensureLoaded();
    const waiting = this.services.model.snapshot().runs.filter(isWaiting);
    return vscode.commands.executeCommand('revise.openDecisionPanel', waiting.length === 1 ? { runId: waiting[0]?.id } : undefined);
  }
}
