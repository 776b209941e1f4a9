/**
 * The flags that say how a round runs (agent, verify, reviewer, push, limits), shared by
 * `revise round` and `revise autopilot`, and the Ctrl-C / SIGTERM wiring both use to cancel.
 */
import { AGENT_PRESETS } from '../core/agentPresets';
import { InputError } from '../core/errors';
import { DEFAULT_AGENT_TIMEOUT_MS, type AgentPreset, type Engine, type RoundOptions } from '../engine';
import { int, oneOf, splitArgv, str, type Options, type Parsed } from './args';
import type { CommandContext } from './command';
import { analyserHelp, analyserOptions, analysersFlag } from './rescan';

export const ROUND_USAGE = `[--agent ${AGENT_PRESETS.join('|')}] [--agent-command "argv template"] [--agent-executable PATH] [--verify-command "argv"] [--reviewer-command "argv"] [--analyser "NAME=argv" …] [--push-after-round] [--timeout-s N] [--allow-command "npm test" …| --allow-command none] [--max-turns N] [--max-budget-usd X] [--log-cap-mib N]`;

export const roundFlags = {
  agent: { type: 'string' },
  'agent-command': { type: 'string' },
  'agent-executable': { type: 'string' },
  'verify-command': { type: 'string' },
  'reviewer-command': { type: 'string' },
  'push-after-round': { type: 'boolean', default: false },
  'timeout-s': { type: 'string' },
  'allow-command': { type: 'string', multiple: true },
  'max-turns': { type: 'string' },
  'max-budget-usd': { type: 'string' },
  'log-cap-mib': { type: 'string' },
  analyser: analyserOptions.analyser,
} as const satisfies Options;

export const roundFlagsHelp: Record<keyof typeof roundFlags, string> = {
  agent: `${AGENT_PRESETS.join('|')}: the agent preset (default claude; custom with --agent-command)`,
  'agent-command': '"ARGV": argv template of a custom agent, no shell ({promptFile}, {worktree}, {round}, {sessionId})',
  'agent-executable': 'PATH: the preset agent\'s executable when it is not on PATH',
  'verify-command': '"ARGV": run in the worktree after the round (e.g. "npm test"); its exit code is recorded',
  'reviewer-command': '"ARGV": a reviewer or analyser whose output (markdown, SARIF, JSON) is imported as findings',
  'push-after-round': 'push the run branch (with the lease) after the round',
  'timeout-s': 'N: stop the agent (its whole process tree) after N seconds (default 1800); exit 6',
  'allow-command': '"ARGV": a command the agent may run (repeatable; default: the verify command; `none`: no command)',
  'max-turns': 'N: stop the agent after N turns, where the preset supports it',
  'max-budget-usd': 'X: stop the agent once it spent X US dollars, where the preset supports it',
  'log-cap-mib': 'N: cap the round\'s log at N MiB (its head and tail are kept and the cut is noted; default 64)',
  analyser: analyserHelp.analyser,
};

/** The round options the flags say (refused with a clear message when malformed). */
export function roundOptionsFrom(v: Parsed['values']): RoundOptions {
  const command = str(v, 'agent-command');
  const preset: AgentPreset = oneOf(v, 'agent', AGENT_PRESETS) ?? (command ? 'custom' : 'claude');
  if (preset === 'custom' && !command) throw new InputError('usage', '--agent custom needs --agent-command "argv template".');
  const timeoutS = int(v, 'timeout-s', { min: 1 });
  const logCapMib = int(v, 'log-cap-mib', { min: 1 });
  const verify = str(v, 'verify-command');
  const reviewer = str(v, 'reviewer-command');
  return {
    agent: {
      preset,
      command: command ? splitArgv(command) : undefined,
      executable: str(v, 'agent-executable'),
      timeoutMs: timeoutS ? timeoutS * 1000 : DEFAULT_AGENT_TIMEOUT_MS,
      allowedCommands: allowedCommandsFlag(v['allow-command']),
      maxTurns: int(v, 'max-turns', { min: 1 }),
      maxBudgetUsd: positiveNumber(v, 'max-budget-usd'),
    },
    verifyCommand: verify ? splitArgv(verify) : undefined,
    reviewerCommand: reviewer ? splitArgv(reviewer) : undefined,
    analysers: analysersFlag(v.analyser),
    pushAfterRound: v['push-after-round'] === true,
    logCapBytes: logCapMib === undefined ? undefined : logCapMib * 1024 * 1024,
  };
}

/**
 * Run `body` with a signal that Ctrl-C or SIGTERM aborts, and the agent's output streamed to stderr
 * on a terminal (not with --json).
 */
export async function withSignals<T>(engine: Engine, ctx: CommandContext, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = !ctx.json && ctx.isTTY;
  // The report printed after the round lists its error and denials: the stream does not say them first.
  const sub = progress
    ? engine.onRoundOutput((e) => {
        if (!e.recorded) ctx.stderr(e.text);
      })
    : undefined;
  try {
    return await body(controller.signal);
  } finally {
    sub?.dispose();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `--allow-command` given any number of times; `none` allows nothing; absent: the verify command. */
function allowedCommandsFlag(raw: unknown): string[][] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const commands = (raw as string[]).map((c) => splitArgv(c));
  return commands.length === 1 && commands[0]!.join(' ') === 'none' ? [] : commands;
}

/** A positive number flag (`--max-budget-usd 0.5`), refused with a clear message when malformed. */
export function positiveNumber(values: Parsed['values'], name: string): number | undefined {
  const raw = str(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InputError('bad-input', `--${name} must be a positive number (got "${raw}").`);
  return n;
}
