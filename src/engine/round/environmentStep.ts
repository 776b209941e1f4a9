/** The REVISE_* environment the agent, verify and the reviewer of a round run with (docs/agents.md). */
import { agentEnvironment } from '../../agent';
import { roundLimit } from '../../core/runFacts';
import type { AgentFiles } from '../agentFiles';
import type { RoundContext } from './roundContext';

export function roundEnvironment(rc: RoundContext, files: AgentFiles): Record<string, string> {
  const { run, index } = rc;
  const previous = run.rounds[index - 1];
  return agentEnvironment({
    runId: rc.runId,
    round: index,
    maxRounds: roundLimit(run),
    promptFile: files.promptFile,
    findingsFile: files.findingsFile,
    previousLog: previous?.logPath ? files.previousLog : '',
    dispositionsFile: files.dispositionsFile,
    baseRef: `${run.remote}/${run.baseBranch}`,
    worktree: run.worktree,
  });
}
