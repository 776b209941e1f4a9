/**
 * Run the verify command (`revise.verifyCommand`, `--verify-command`) in the worktree after a round,
 * with its own log and exit code.
 */
import { AgentError, type OptionField } from '../core/errors';
import { inheritedEnv, runProcess, SpawnError, type ProcessStatus } from './runProcess';

export interface RunVerifyOptions {
  argv: string[];
  cwd: string;
  /** Added to the inherited environment (the same `REVISE_*` variables as the agent's). */
  env: Record<string, string>;
  logPath: string;
  timeoutMs: number;
  signal?: AbortSignal;
  killGraceMs?: number;
  /** Sees decoded stdout, in order (the reviewer step keeps it for import). */
  onStdout?: (text: string) => void;
  /** Which command this is, named in errors and as `details.field` (default `verifyCommand`). */
  field?: Extract<OptionField, 'verifyCommand' | 'reviewerCommand' | 'analysers'>;
}

export interface VerifyOutcome {
  status: ProcessStatus;
  /** Null when it was stopped (timeout, cancel) or died of a signal. */
  exitCode: number | null;
  durationMs: number;
  logPath: string;
}

/** Run the verify command. A failing command is a result, not an error; a missing one is `verify-failed`. */
export async function runVerify(opts: RunVerifyOptions): Promise<VerifyOutcome> {
  const field = opts.field ?? 'verifyCommand';
  const label = ({ verifyCommand: 'verify', reviewerCommand: 'reviewer', analysers: 'analyser' } as const)[field];
  if (opts.argv.length === 0 || !opts.argv[0]) {
    throw new AgentError('bad-input', `The ${label} command is empty; it needs a program to run, such as ["npm", "test"].`, { details: { field } });
  }
  try {
    const result = await runProcess({ ...opts, env: inheritedEnv(opts.env) });
    return { status: result.status, exitCode: result.exitCode, durationMs: result.durationMs, logPath: result.logPath };
  } catch (error) {
    const errno = error instanceof SpawnError ? error.errno : 'EUNKNOWN';
    const what = errno === 'ENOENT' ? 'was not found on PATH' : `could not be started (${errno})`;
    throw new AgentError('verify-failed', `The ${label} command "${opts.argv[0]}" ${what}.`, { cause: error, details: { field, program: opts.argv[0], errno } });
  }
}
