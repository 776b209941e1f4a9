/**
 * Run one round's agent: the preset's argv in the worktree, the prompt on stdin, output to the
 * round's log and to a subscriber, and the session id, cost and usage read back from its output.
 */
import { basename } from 'node:path';
import { AgentError } from '../core/errors';
import { createOutputParser, detectOutputFormat, type OutputFormat, type ParsedOutput } from './outputParsers';
import { PRESETS } from './presets';
import { inheritedEnv, runProcess, SpawnError, type ProcessResult, type ProcessStatus, type SpawnInfo } from './runProcess';

export interface RunAgentOptions {
  argv: string[];
  /** The prompt, when the agent reads it on stdin. */
  stdin?: string;
  /** The run's worktree. */
  cwd: string;
  /** Added to the inherited environment (the `REVISE_*` variables, from `agentEnvironment`). */
  env: Record<string, string>;
  logPath: string;
  /** See `RunProcessOptions.logCapBytes`. */
  logCapBytes?: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Called once the process exists, with what `isProcessAlive` needs later. */
  onSpawn?: (info: SpawnInfo) => void;
  /** How to read stdout; default: guessed from the argv a preset built (`detectOutputFormat`). */
  parser?: OutputFormat;
  /** Time between SIGTERM and SIGKILL when stopping the tree. Default 5 s. */
  killGraceMs?: number;
}

export interface AgentResult extends ParsedOutput, Omit<ProcessResult, 'status'> {
  status: ProcessStatus;
}

function installHint(name: string): string | undefined {
  return Object.values(PRESETS).find((p) => p.program === name)?.installHint;
}

/**
 * Run the agent to its end. Resolves with `succeeded` (exit 0), `failed`, `timed-out` or
 * `cancelled` — a timeout or cancel has already killed the whole process tree. Rejects with
 * `AgentError('agent-not-found')` when the program cannot be started, its `details` naming the program and the option to fix.
 */
export async function runAgent(opts: RunAgentOptions): Promise<AgentResult> {
  const parser = createOutputParser(opts.parser ?? detectOutputFormat(opts.argv));
  let result: ProcessResult;
  try {
    result = await runProcess({ ...opts, env: inheritedEnv(opts.env), onStdout: (text) => parser.push(text) });
  } catch (error) {
    throw agentStartError(error, opts.argv[0] ?? '');
  }
  return { ...result, ...parser.end() };
}

function agentStartError(error: unknown, program: string): AgentError {
  if (!(error instanceof SpawnError)) return new AgentError('agent-failed', `The agent ${program} could not be started: ${String(error)}`, { cause: error });
  const name = basename(program).replace(/\.(exe|cmd)$/i, '');
  const install = installHint(name);
  const what = error.errno === 'ENOENT' ? 'was not found on PATH' : error.errno === 'EACCES' ? 'is not executable' : `could not be started (${error.errno})`;
  // Installing a preset's program needs no front end's words; pointing at it elsewhere (its
  // executable) or fixing a custom command is the front ends' step, named by `field`.
  const installIt = install ? ` ${install.charAt(0).toUpperCase()}${install.slice(1)}.` : '';
  const details = { program, errno: error.errno, field: install ? 'agent.executable' : 'agent.command' };
  return new AgentError('agent-not-found', `The agent program "${program}" ${what}.${installIt}`, { cause: error, details });
}
