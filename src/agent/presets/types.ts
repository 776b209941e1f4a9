/**
 * What a preset is: how one agent CLI is invoked for a round, how the user's permission and limit
 * settings map to that CLI's own flags, and how its output says a resumed session is gone. One
 * module per CLI (`claude.ts`, `codex.ts`, …) implements it; `index.ts` holds the table.
 */
import type { OutputFormat } from '../outputParsers';

/**
 * What the agent may do beyond reading and editing files in the worktree (`revise.agent.allowedCommands`).
 * Each command is an argv prefix the agent may run, e.g. `["npm", "test"]`; `["*"]` means any command.
 */
export interface AgentPermissions {
  allowedCommands: string[][];
}

/** Per-round limits (`revise.agent.maxTurns`, `revise.agent.maxBudgetUsd`); absent: no limit. */
export interface AgentLimits {
  maxTurns?: number;
  maxBudgetUsd?: number;
}

/** The inputs of one round's invocation that every preset sees. */
export interface PresetInput {
  /** The program to run: the preset's own name, or `revise.agent.executable`. */
  program: string;
  promptFile: string;
  worktree: string;
  round: number;
  runDir: string;
  /** The previous round's session, already checked to be a plain id. */
  sessionId?: string;
  permissions: AgentPermissions;
  limits: AgentLimits;
}

/** How the permission and limit settings were applied, recorded on the round and shown. */
export interface AppliedPolicy {
  /** The commands the agent was allowed to run, as the user wrote them (`*`: any). */
  allowedCommands: string[];
  /** The CLI's sandbox, where it has one (Codex: `workspace-write`). */
  sandbox?: string;
  /** The limits the CLI was given (those it cannot enforce are left out). */
  limits: AgentLimits;
  /** Settings this CLI has no way to honour, said in the round log. */
  notes: string[];
}

export interface PresetInvocation {
  argv: string[];
  /** `prompt`: write the prompt to the agent's stdin; `none`: stdin is empty. */
  stdin: 'prompt' | 'none';
  policy: AppliedPolicy;
  /** Variables added to the agent's environment only (opencode takes its permissions from one). */
  env?: Record<string, string>;
}

/** What a failed run left, for `lostSession` to look at. */
export interface FailedRunOutput {
  stderrTail: string;
  /** The CLI's own words for the failure, read from its output. */
  failure?: string;
}

export interface PresetDefinition {
  /** Program name looked up on PATH. */
  program: string;
  /** How to install the CLI, for the not-found message. */
  installHint?: string;
  /** How its stdout is read. */
  parser: OutputFormat;
  build(input: PresetInput): PresetInvocation;
  /** Whether a failed resumed run failed because the session no longer exists (then a fresh session is started). */
  lostSession?(output: FailedRunOutput): boolean;
}

/** The user's command prefixes as written, for the record (`["npm", "test"]` → `npm test`). */
export function commandLabels(permissions: AgentPermissions): string[] {
  return permissions.allowedCommands.map((argv) => argv.join(' '));
}

/** Whether the permissions allow any command. */
export function allowsAnyCommand(permissions: AgentPermissions): boolean {
  return permissions.allowedCommands.some((argv) => argv.length === 1 && argv[0] === '*');
}
