/**
 * The round's agent: run under watch (../watchRound.ts) in the worktree, its output streamed to the
 * round's log view, its pid recorded as soon as it is spawned (so another process can tell a live
 * round from a dead one), and what it left running stopped as soon as it ends.
 */
import { runAgentRound, type AgentRoundResult } from '../../agent';
import { DEFAULT_LOG_CAP_BYTES } from '../../agent/cappedLog';
import type { Round } from '../../core/model';
import type { AgentFiles } from '../agentFiles';
import { agentArgvOptions, previousSession } from '../agentOptions';
import { restoreImportedSession } from '../remoteRound';
import { watchRound, type RoundWatch } from '../watchRound';
import { say, type RoundContext } from './roundContext';

export interface AgentStep {
  agentRound: AgentRoundResult;
  /** The round's status as the agent left it (a CLI that reports an error has failed). */
  status: Round['status'];
  /** Asked again after verify and the reviewer, for the round's incidents. */
  watch: RoundWatch;
}

export async function runRoundAgent(rc: RoundContext, input: { prompt: string; files: AgentFiles; env: Record<string, string> }): Promise<AgentStep> {
  const { ctx, run, runId, index, options } = rc;
  const sessionId = previousSession(run, options.agent.preset);
  // A session that ran on a GitHub Actions runner continues here (../remoteRound.ts).
  if (sessionId) await restoreImportedSession(rc.runDir, options.agent.preset, sessionId, run.worktree, process.env);
  const watch = await watchRound(ctx, run, index);
  const agentRound = await runAgentRound({
    build: agentArgvOptions(options, { promptFile: input.files.promptFile, worktree: run.worktree, round: index, runDir: rc.runDir, sessionId }),
    prompt: input.prompt,
    onInfo: (text) => say(rc, text),
    cwd: run.worktree,
    env: input.env,
    logPath: rc.round.logPath!,
    logCapBytes: options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES,
    timeoutMs: options.agent.timeoutMs,
    signal: rc.controller.signal,
    onOutput: (text, stream) => say(rc, text, stream),
    onSpawn: (info) => {
      void ctx.update(runId, (r) => {
        const current = r.rounds[index];
        if (current) {
          current.pid = info.pid;
          current.pidStartTime = info.startTime;
        }
      }).catch(() => undefined);
    },
  });
  await watch.afterAgent();
  const { result } = agentRound;
  const status = result.status === 'succeeded' && result.isError ? 'failed' : result.status;
  return { agentRound, status, watch };
}
