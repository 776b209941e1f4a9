/**
 * Agent presets (DESIGN.md, *Agents*): each builds an argv array — never a shell string — for one
 * round, and says whether the prompt goes on stdin. A preset resumes the previous round's
 * conversation when it is given that round's session id.
 */
import { join } from 'node:path';
import { AgentError } from '../core/errors';
import type { OutputFormat } from './outputParsers';

export type AgentPresetName = 'claude' | 'codex' | 'aider' | 'custom';

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
}

export interface AgentInvocation {
  argv: string[];
  /** `prompt`: write the prompt to the agent's stdin; `none`: stdin is empty. */
  stdin: 'prompt' | 'none';
  /** How the agent's stdout is read back. */
  parser: OutputFormat;
}

/** The placeholders a `custom` template may use, substituted inside each argument. */
export const TEMPLATE_PLACEHOLDERS = ['promptFile', 'worktree', 'round', 'sessionId'] as const;

// Ids go into argv as their own argument; one starting with `-` would read as a flag.
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Build the argv of one round for a preset. Throws `AgentError('bad-input')` on a bad template, executable or session id. */
export function buildAgentArgv(opts: BuildAgentArgvOptions): AgentInvocation {
  if (opts.sessionId !== undefined && !SESSION_ID.test(opts.sessionId)) {
    throw new AgentError('bad-input', `The previous round's session id ${JSON.stringify(opts.sessionId)} is not a plain id; refusing to pass it to the agent.`);
  }
  const program = (name: string) => programName(name, opts.executable);
  switch (opts.preset) {
    case 'claude': {
      const argv = [program('claude'), '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits'];
      if (opts.sessionId) argv.push('--resume', opts.sessionId);
      return { argv, stdin: 'prompt', parser: 'claude' };
    }
    case 'codex': {
      const argv = opts.sessionId
        ? [program('codex'), 'exec', 'resume', opts.sessionId, '--json', '-s', 'workspace-write', '-']
        : [program('codex'), 'exec', '--json', '-s', 'workspace-write', '-'];
      return { argv, stdin: 'prompt', parser: 'codex' };
    }
    case 'aider': {
      const argv = [
        program('aider'),
        '--message-file', opts.promptFile,
        '--yes-always', '--no-pretty', '--no-stream', '--no-auto-commits',
        '--chat-history-file', join(opts.runDir, 'aider.chat.md'),
        '--restore-chat-history',
      ];
      return { argv, stdin: 'none', parser: 'aider' };
    }
    case 'custom':
      return customInvocation(opts);
  }
}

function programName(name: string, executable: string | undefined): string {
  if (executable === undefined || executable === '') return name;
  if (executable.trim() === '' || executable.includes('\0')) {
    throw new AgentError('bad-input', `revise.agent.executable ${JSON.stringify(executable)} is not a usable path. Set it to the full path of ${name}, or leave it empty to use ${name} from PATH.`);
  }
  return executable;
}

function customInvocation(opts: BuildAgentArgvOptions): AgentInvocation {
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
  return { argv, stdin: readsFile ? 'none' : 'prompt', parser: 'text' };
}

/**
 * Check a `custom` argv template: a non-empty array of strings whose first element names a
 * program, with only known `{placeholders}`. Returns it typed; throws `AgentError('bad-input')`.
 */
export function validateTemplate(template: unknown): string[] {
  const fix = 'Set revise.agent.command (or --agent-command) to an argv array such as ["my-agent", "--prompt", "{promptFile}"].';
  if (!Array.isArray(template) || template.length === 0) {
    throw new AgentError('bad-input', `The custom agent has no command. ${fix}`);
  }
  const args: string[] = [];
  for (const [i, arg] of template.entries()) {
    if (typeof arg !== 'string') throw new AgentError('bad-input', `Argument ${i} of the custom agent command is not a string. ${fix}`);
    if (arg.includes('\0')) throw new AgentError('bad-input', `Argument ${i} of the custom agent command contains a NUL character. ${fix}`);
    for (const match of arg.matchAll(/\{([A-Za-z_]+)\}/g)) {
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(match[1]!)) {
        throw new AgentError('bad-input', `Unknown placeholder ${match[0]} in the custom agent command. Known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`);
      }
    }
    args.push(arg);
  }
  if (args[0]!.trim() === '') throw new AgentError('bad-input', `The custom agent command starts with an empty program name. ${fix}`);
  return args;
}
