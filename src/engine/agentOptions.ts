/**
 * How a round's agent settings become the preset's input (permissions, limits, the session to
 * resume), and what a round that did not succeed records as its error.
 */
import { usableCommandPrefix, type BuildAgentArgvOptions } from '../agent';
import type { Round, Run } from '../core/model';
import type { RoundOptions } from './config';

/** Session id of the latest round that used the same agent preset, to resume its conversation. */
export function previousSession(run: Run, preset: string): string | undefined {
  return [...run.rounds].reverse().find((r) => r.agent?.preset === preset && r.agent.sessionId)?.agent?.sessionId;
}

/** The session the round resumes: the run's own latest, or the one it was given from another runner. */
export function sessionToResume(run: Run, agent: RoundOptions['agent']): string | undefined {
  return previousSession(run, agent.preset) ?? agent.resumeSession;
}

/**
 * What the agent may do beyond editing: `revise.agent.allowedCommands` when set, otherwise the
 * verify command (so the agent can run the check Revise will run after it).
 */
export function allowedCommands(options: RoundOptions): string[][] {
  if (options.agent.allowedCommands) return options.agent.allowedCommands;
  // A verify command that cannot be one permission rule (a script with line breaks) is not offered.
  return options.verifyCommand && usableCommandPrefix(options.verifyCommand) ? [options.verifyCommand] : [];
}

export function agentArgvOptions(options: RoundOptions, where: Pick<BuildAgentArgvOptions, 'promptFile' | 'worktree' | 'round' | 'runDir'> & { sessionId: string | undefined }): BuildAgentArgvOptions {
  const { sessionId, ...rest } = where;
  return {
    preset: options.agent.preset,
    ...(options.agent.command ? { template: options.agent.command } : {}),
    ...(options.agent.executable ? { executable: options.agent.executable } : {}),
    ...rest,
    ...(sessionId ? { sessionId } : {}),
    permissions: { allowedCommands: allowedCommands(options) },
    limits: {
      ...(options.agent.maxTurns !== undefined ? { maxTurns: options.agent.maxTurns } : {}),
      ...(options.agent.maxBudgetUsd !== undefined ? { maxBudgetUsd: options.agent.maxBudgetUsd } : {}),
    },
  };
}

/** What a round that did not succeed records as its error: the CLI's own words, or what stopped it. */
export function roundError(status: Round['status'], failure: string | undefined, timeoutMs: number): Round['error'] {
  switch (status) {
    case 'failed':
      return { code: 'agent-failed', message: failure ?? 'The agent failed and gave no reason.' };
    case 'timed-out':
      return { code: 'agent-timeout', message: `The agent ran longer than ${Math.round(timeoutMs / 1000)} s and was stopped.` };
    case 'cancelled':
      return { code: 'agent-cancelled', message: 'The round was cancelled and the agent stopped.' };
    case 'succeeded':
    case 'imported':
    case 'interrupted':
    case 'queued':
    case 'running':
      return undefined;
  }
}
