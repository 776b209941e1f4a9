/**
 * Run the queued round of a run: compose the prompt, run the agent in the worktree with the
 * REVISE_* environment, commit leftover changes, run verify, read dispositions back, mark touched
 * findings and raise the next decision. Every outcome — success, failure, timeout, cancel — ends
 * with a written round and a pending decision; nothing is left `running`.
 *
 * Each step is a small function over one round context in ./round/ (docs/architecture.md, "A
 * round"); this file only puts them in order. A new step goes in its own file there and one line here.
 */
import type { Run } from '../core/model';
import { guardBeforeRound } from './guardRoundHead';
import { roundError } from './agentOptions';
import type { RoundOptions } from './config';
import type { EngineContext } from './engineContext';
import { runRoundAgent } from './round/agentStep';
import { claimQueuedRound, refuseBadAgentSettings } from './round/claimStep';
import { commitRound, mendWorktreeLink } from './round/commitStep';
import { readRoundDispositions } from './round/dispositionsStep';
import { roundEnvironment } from './round/environmentStep';
import { recordRoundFailure } from './round/failureStep';
import { writeRoundPrompt } from './round/promptStep';
import { pushAfterRound } from './round/pushStep';
import { rescanAfterRound } from './rescanAnalysers';
import { runRoundReviewer } from './round/reviewerStep';
import { reviveCheckout } from './round/reviveStep';
import { beginRound, endRound, prepareCancel, roundOwner } from './round/roundContext';
import { touchedLines } from './round/touchedStep';
import { verifyRound } from './round/verifyStep';
import { writeRound } from './round/writeStep';

export { composeNextPrompt } from './round/promptStep';
export { raiseNextDecision } from './nextDecision';

export async function runQueuedRound(ctx: EngineContext, runId: string, options: RoundOptions): Promise<Run> {
  await refuseBadAgentSettings(ctx, runId, options);
  const owner = roundOwner();
  const cancel = prepareCancel(ctx, runId, options);
  const claimed = await claimQueuedRound(ctx, runId, owner).catch((error: unknown) => {
    cancel.release();
    throw error;
  });
  const rc = beginRound(ctx, options, { ...claimed, owner }, cancel);
  try {
    const lastHead = await reviveCheckout(rc);
    const guard = await guardBeforeRound(ctx, rc.run, rc.index, lastHead);
    const { prompt, files } = await writeRoundPrompt(rc);
    const env = roundEnvironment(rc, files);
    const agent = await runRoundAgent(rc, { prompt, files, env });
    await mendWorktreeLink(rc);
    const commit = await commitRound(rc, guard);
    // Verify and the reviewer look at a round that succeeded and whose run was not aborted meanwhile.
    const checked = !commit.aborted && agent.status === 'succeeded';
    const verify = checked ? await verifyRound(rc, env) : undefined;
    const dispositions = await readRoundDispositions(rc, files, agent.agentRound.result.finalText);
    const touched = await touchedLines(rc, guard.headBefore, commit.outcome.headAfter);
    const review = checked ? await runRoundReviewer(rc, commit.outcome.headAfter, env) : undefined;
    const incidents = await agent.watch.incidents(agent.agentRound.result.logCut);
    const error = roundError(agent.status, agent.agentRound.failure, options.agent.timeoutMs);
    const written = await writeRound(rc, { agent, error, commit, verify, dispositions, touched, review, incidents });
    const run = await rescanAfterRound(ctx, written, rc.index, options, rc.controller.signal);
    return await pushAfterRound(rc, run, Boolean(commit.outcome.rewritten));
  } catch (error) {
    throw await recordRoundFailure(rc, error);
  } finally {
    await endRound(rc);
  }
}
