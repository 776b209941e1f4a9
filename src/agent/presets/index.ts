/**
 * Agent presets (docs/agents.md): each builds an argv array — never a shell string — for one
 * round, says whether the prompt goes on stdin, and maps the user's permission and limit settings
 * to its CLI's own flags. A preset resumes the previous round's conversation when it is given that
 * round's session id. One module per CLI; this table is the one place that lists them.
 */
import { AGENT_PRESETS, isAgentPreset, type AgentPresetName } from '../../core/agentPresets';
import { AgentError } from '../../core/errors';
import type { OutputFormat } from '../outputParsers';
import { aiderPreset } from './aider';
import { claudePreset } from './claude';
import { codexPreset } from './codex';
import { geminiPreset } from './gemini';
import { opencodePreset } from './opencode';
import { qwenPreset } from './qwen';
import { commandLabels, type AgentLimits, type AgentPermissions, type AppliedPolicy, type PresetDefinition } from './types';

export type { AgentPresetName };
export type { AgentLimits, AgentPermissions, AppliedPolicy, FailedRunOutput, PresetDefinition } from './types';

/** Every preset that runs a known CLI; `custom` is the user's own argv template. */
export const PRESETS: Record<Exclude<AgentPresetName, 'custom'>, PresetDefinition> = {
  claude: claudePreset,
  codex: codexPreset,
  aider: aiderPreset,
  gemini: geminiPreset,
  opencode: opencodePreset,
  qwen: qwenPreset,
};

export interface BuildAgentArgvOptions {
  preset: AgentPresetName;
  /** Argv template of the `custom` preset (`revise.agent.command`). */
  template?: string[];
  /** Replaces the preset's program name (`revise.agent.executable`); ignored by `custom`. */
  executable?: string;
  /** Absolute path of the round's prompt file. */
  promptFile: string;
  worktree: string;
  round: number;
  /** The run folder; aider keeps its chat history there. */
  runDir: string;
  /** Session (claude) or thread (codex) id of the previous round, to continue its conversation. */
  sessionId?: string;
  /** What the agent may run beyond editing; default: nothing. */
  permissions?: AgentPermissions;
  /** Per-round limits; default: none. */
  limits?: AgentLimits;
}

export interface AgentInvocation {
  argv: string[];
  /** `prompt`: write the prompt to the agent's stdin; `none`: stdin is empty. */
  stdin: 'prompt' | 'none';
  /** How the agent's stdout is read back. */
  parser: OutputFormat;
  /** How the permission and limit settings were applied. */
  policy: AppliedPolicy;
  /** Variables added to the agent's environment only (not the verify or reviewer command's). */
  env?: Record<string, string>;
}

/** The placeholders a `custom` template may use, substituted inside each argument. */
export const TEMPLATE_PLACEHOLDERS = ['promptFile', 'worktree', 'round', 'sessionId'] as const;

// Ids go into argv as their own argument; one starting with `-` would read as a flag.
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** The definition of a preset, or undefined for `custom`. Throws `AgentError('bad-input')` on an unknown name. */
export function presetDefinition(preset: string): PresetDefinition | undefined {
  if (!isAgentPreset(preset)) {
    throw new AgentError('bad-input', `Unknown agent preset ${JSON.stringify(preset)}; the presets are ${AGENT_PRESETS.join(', ')}.`, { details: { field: 'agent.preset' } });
  }
  return preset === 'custom' ? undefined : PRESETS[preset];
}

/** Build the argv of one round for a preset. Throws `AgentError('bad-input')` on an unknown preset, a bad template, executable or session id. */
export function buildAgentArgv(opts: BuildAgentArgvOptions): AgentInvocation {
  const definition = presetDefinition(opts.preset);
  if (opts.sessionId !== undefined && !SESSION_ID.test(opts.sessionId)) {
    throw new AgentError('bad-input', `The previous round's session id ${JSON.stringify(opts.sessionId)} is not a plain id; refusing to pass it to the agent.`);
  }
  const permissions = opts.permissions ?? { allowedCommands: [] };
  validatePermissions(permissions);
  const limits = validateLimits(opts.limits ?? {});
  if (!definition) return customInvocation(opts, permissions);
  const built = definition.build({
    program: programName(definition.program, opts.executable),
    promptFile: opts.promptFile,
    worktree: opts.worktree,
    round: opts.round,
    runDir: opts.runDir,
    ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
    permissions,
    limits,
  });
  return { ...built, parser: definition.parser };
}

function programName(name: string, executable: string | undefined): string {
  if (executable === undefined || executable === '') return name;
  if (executable.trim() === '' || executable.includes('\0')) {
    throw new AgentError('bad-input', `The agent executable ${JSON.stringify(executable)} is not a usable path: give the full path of ${name}, or none to use ${name} from PATH.`, { details: { field: 'agent.executable' } });
  }
  return executable;
}

/** Whether an argv can be an allowed command prefix: words without line breaks or NUL (a permission rule is one line). */
export function usableCommandPrefix(argv: readonly string[]): boolean {
  return argv.length > 0 && argv.every((a) => a.trim() !== '' && !/[\0\n\r]/.test(a));
}

function validatePermissions(permissions: AgentPermissions): void {
  for (const argv of permissions.allowedCommands) {
    if (!usableCommandPrefix(argv)) {
      throw new AgentError('bad-input', `Allowed command ${JSON.stringify(argv.join(' '))} is not a usable command prefix; allowed commands are words on one line, such as "npm test".`, { details: { field: 'agent.allowedCommands' } });
    }
  }
}

function validateLimits(limits: AgentLimits): AgentLimits {
  const out: AgentLimits = {};
  if (limits.maxTurns !== undefined) {
    if (!Number.isSafeInteger(limits.maxTurns) || limits.maxTurns < 1) throw new AgentError('bad-input', `The agent's turn limit must be a whole number ≥ 1 (got ${limits.maxTurns}).`, { details: { field: 'agent.maxTurns' } });
    out.maxTurns = limits.maxTurns;
  }
  if (limits.maxBudgetUsd !== undefined) {
    if (!Number.isFinite(limits.maxBudgetUsd) || limits.maxBudgetUsd <= 0) throw new AgentError('bad-input', `The agent's budget must be a positive amount of USD (got ${limits.maxBudgetUsd}).`, { details: { field: 'agent.maxBudgetUsd' } });
    out.maxBudgetUsd = limits.maxBudgetUsd;
  }
  return out;
}

function customInvocation(opts: BuildAgentArgvOptions, permissions: AgentPermissions): AgentInvocation {
  const template = validateTemplate(opts.template);
  const values: Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string> = {
    promptFile: opts.promptFile,
    worktree: opts.worktree,
    round: String(opts.round),
    sessionId: opts.sessionId ?? '',
  };
  const argv = template.map((arg) => arg.replace(/\{(promptFile|worktree|round|sessionId)\}/g, (_, key: keyof typeof values) => values[key]));
  // A template that names the prompt file reads it from there; otherwise the prompt comes on stdin.
  const readsFile = template.some((arg) => arg.includes('{promptFile}'));
  const notes = opts.limits?.maxTurns !== undefined || opts.limits?.maxBudgetUsd !== undefined ? ['a custom agent gets no turn or budget limit from Revise; the limits are not applied.'] : [];
  return { argv, stdin: readsFile ? 'none' : 'prompt', parser: 'text', policy: { allowedCommands: commandLabels(permissions), limits: {}, notes } };
}

/**
 * Check a `custom` argv template: a non-empty array of strings whose first element names a
 * program, with only known `{placeholders}`. Returns it typed; throws `AgentError('bad-input')`.
 */
export function validateTemplate(template: unknown): string[] {
  // The command is an argv array such as ["my-agent", "--prompt", "{promptFile}"]; the front ends name where it is set.
  const refuse = (message: string) => new AgentError('bad-input', message, { details: { field: 'agent.command' } });
  if (!Array.isArray(template) || template.length === 0) throw refuse('The custom agent has no command.');
  const args: string[] = [];
  for (const [i, arg] of template.entries()) {
    if (typeof arg !== 'string') throw refuse(`Argument ${i} of the custom agent command is not a string.`);
    if (arg.includes('\0')) throw refuse(`Argument ${i} of the custom agent command contains a NUL character.`);
    for (const match of arg.matchAll(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g)) {
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(match[1]!)) {
        throw refuse(`Unknown placeholder ${match[0]} in the custom agent command. Known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`);
      }
    }
    args.push(arg);
  }
  if (args[0]!.trim() === '') throw refuse('The custom agent command starts with an empty program name.');
  return args;
}
