/**
 * Before a round: refuse bad agent settings while nothing is written yet, then claim the queued
 * round in one locked write so two processes cannot run it twice.
 */
import { join } from 'node:path';
import { buildAgentArgv } from '../../agent';
import { DecisionError } from '../../core/errors';
import { type Run } from '../../core/model';
import { lastRound } from '../../core/runFacts';
import { findingsForRound } from '../../core/prompt/composePrompt';
import { agentArgvOptions, sessionToResume } from '../agentOptions';
import type { RoundOptions } from '../config';
import type { EngineContext } from '../engineContext';
import type { RoundContext } from './roundContext';

/** The prompt file of a round in the run's folder. */
export const promptFileOf = (runDir: string, index: number): string => join(runDir, `round-${index}.prompt.md`);

/**
 * Refuse bad agent settings (an unknown preset, a bad template, a session id that is not a plain id)
 * before anything is written: the run stays exactly as it was.
 */
export async function refuseBadAgentSettings(ctx: EngineContext, runId: string, options: RoundOptions): Promise<void> {
  const runDir = ctx.store.runDir(runId);
  const before = await ctx.read(runId);
  const waiting = before.rounds.find((x) => x.status === 'queued');
  if (!waiting) return;
  const where = { promptFile: promptFileOf(runDir, waiting.index), worktree: before.worktree, round: waiting.index, runDir };
  buildAgentArgv(agentArgvOptions(options, { ...where, sessionId: sessionToResume(before, options.agent) }));
}

/** Mark the queued round `running` and owned by this process; `run-busy` or `no-queued-round` when there is none. */
export async function claimQueuedRound(ctx: EngineContext, runId: string, owner: RoundContext['owner']): Promise<{ run: Run; index: number }> {
  const runDir = ctx.store.runDir(runId);
  let index = -1;
  const run = await ctx.update(runId, (r) => {
    const queued = r.rounds.find((x) => x.status === 'queued');
    if (!queued) {
      if (r.status === 'running') throw new DecisionError('run-busy', `Round ${lastRound(r)?.index ?? '?'} of run ${runId} is already running.`);
      throw new DecisionError('no-queued-round', `Run ${runId} has no queued round. Decide \`request-changes\` (or \`extra-round\` / \`retry-round\`) first.`);
    }
    index = queued.index;
    queued.status = 'running';
    queued.startedAt = ctx.now();
    queued.ownerPid = owner.pid;
    if (owner.startTime) queued.ownerStartTime = owner.startTime;
    queued.logPath = join(runDir, `round-${index}.log`);
    queued.promptPath = promptFileOf(runDir, index);
    for (const f of findingsForRound(r.findings)) f.sentInRound ??= index;
  });
  return { run, index };
}
