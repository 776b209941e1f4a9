/**
 * Run `revise.verifyCommand` in the worktree after a round, with its own log and exit code.
 */
import { AgentError } from '../core/errors';
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
  /** The setting named in errors (default `revise.verifyCommand`). */
  setting?: 'revise.verifyCommand' | 'revise.reviewerCommand' | 'revise.analysers';
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
  const setting = opts.setting ?? 'revise.verifyCommand';
  const [label, flag] = ({ 'revise.verifyCommand': ['verify', '--verify-command'], 'revise.reviewerCommand': ['reviewer', '--reviewer-command'], 'revise.analysers': ['analyser', '--analyser'] } as const)[setting];
  if (opts.argv.length === 0 || !opts.argv[0]) {
    throw new AgentError('bad-input', `The ${label} command is empty. Set ${setting} (or ${flag}) to an argv array such as ["npm", "test"].`);
  }
  try {
    const result = await runProcess({ ...opts, env: inheritedEnv(opts.env) });
    return { status: result.status, exitCode: result.exitCode, durationMs: result.durationMs, logPath: result.logPath };
  } catch (error) {
    const errno = error instanceof SpawnError ? error.errno : 'EUNKNOWN';
    const what = errno === 'ENOENT' ? 'was not found on PATH' : `could not be started (${errno})`;
    throw new AgentError('verify-failed', `The ${label} command "${opts.argv[0]}" ${what}. Fix ${setting} (or ${flag}).`, { cause: error });
  }
}
