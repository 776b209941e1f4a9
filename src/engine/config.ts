/**
 * Options the front ends pass to the engine. The extension reads them from (machine-scoped)
 * settings; the CLI from flags and the environment. The engine never reads settings itself.
 */
import type { AgentPresetName } from '../core/agentPresets';
import type { BaseUpdate } from '../core/model';

export type AgentPreset = AgentPresetName;

export interface AgentConfig {
  preset: AgentPreset;
  /** Argv template for `custom`. */
  command?: string[] | undefined;
  /** Executable path overriding the preset's program name. */
  executable?: string | undefined;
  timeoutMs: number;
  /**
   * Commands the agent may run beyond editing files (`revise.agent.allowedCommands`), each an argv
   * prefix such as `["npm", "test"]`; `["*"]`: any. Absent: the verify command, if any.
   */
  allowedCommands?: string[][] | undefined;
  /** Per-round limits, applied where the CLI has them (`revise.agent.maxTurns`, `revise.agent.maxBudgetUsd`). */
  maxTurns?: number | undefined;
  maxBudgetUsd?: number | undefined;
}

export interface RoundOptions {
  agent: AgentConfig;
  /** Argv run in the worktree after the agent; empty or absent: no verify step. */
  verifyCommand?: string[] | undefined;
  verifyTimeoutMs?: number | undefined;
  /** Argv of a reviewer agent or analyser whose stdout (markdown, SARIF or JSON) is imported as findings after the round. */
  reviewerCommand?: string[] | undefined;
  /**
   * Analysers re-run after a succeeded round to verify findings of their source (`revise.analysers`):
   * SARIF tool name → argv (see src/engine/rescanAnalysers.ts).
   */
  analysers?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Push the run branch (with the lease) after each successful round (`revise.push.when: round`). */
  pushAfterRound?: boolean | undefined;
  /** Who is acting, for history entries. */
  by?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Largest round log kept, in bytes (default 64 MiB; the first and last halves are kept, the cut noted). */
  logCapBytes?: number | undefined;
}

export interface StartOptions {
  priorBranch?: string | undefined;
  baseBranch?: string | undefined;
  remote?: string | undefined;
  strategy?: 'restore' | 'fresh' | undefined;
  baseUpdate?: BaseUpdate | undefined;
  maxRounds?: number | undefined;
  worktree?: string | undefined;
  worktreeRoot?: string | undefined;
  title?: string | undefined;
  pr?: number | undefined;
  issue?: { number?: number; title: string; body: string; state?: string; labels?: string[] } | undefined;
  by?: string | undefined;
}

export const DEFAULT_MAX_ROUNDS = 3;
export const DEFAULT_AGENT_TIMEOUT_MS = 30 * 60 * 1000;
