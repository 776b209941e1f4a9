/** The optional verify command of a round, run in the worktree after the agent succeeded. */
import { join } from 'node:path';
import { runVerify, type VerifyOutcome } from '../../agent';
import { stepTimeoutMs, type RoundContext } from './roundContext';

export async function verifyRound(rc: RoundContext, env: Record<string, string>): Promise<VerifyOutcome | undefined> {
  const argv = rc.options.verifyCommand;
  if (!argv || argv.length === 0) return undefined;
  return runVerify({ argv, cwd: rc.run.worktree, env, logPath: join(rc.runDir, `round-${rc.index}.verify.log`), timeoutMs: stepTimeoutMs(rc), signal: rc.controller.signal });
}
