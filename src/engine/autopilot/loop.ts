/**
 * The autopilot (docs/autopilot.md): rounds continue on their own while blocking findings remain and
 * the budget allows, then a person decides. Built on the engine's public round operations only —
 * answer the pending decision with the open blocking findings as feedback, run the queued round,
 * read the run — so it works the same over a round run by any front end.
 *
 *   begin → [ check findings and budget (before every round) → queue → run → re-check → record ]* → stop
 *
 * Every step is written to run.json under the run's lock (state.ts). Nothing is pushed unless the
 * user chose it in advance (`push`), and approve always stays a person's decision.
 */
import type { AutopilotState, AutopilotStop, RecheckResult } from '../../core/autopilotModel';
import { toReviseError } from '../../core/errors';
import type { DecisionOption, Round, Run } from '../../core/model';
import type { RoundOptions } from '../config';
import type { EngineContext } from '../engineContext';

/** The engine's public round operations the autopilot drives (the `Engine` passes itself). */
export interface AutopilotEngine {
  get(runId: string): Promise<Run>;
  decide(runId: string, input: { decisionId: string; option: DecisionOption; feedback?: string | undefined; by?: string | undefined }): Promise<{ run: Run }>;
  runRound(runId: string, options: RoundOptions): Promise<Run>;
}
import { addSpend, checkBudget, remaining, roundSpend, type RoundSpend } from './budget';
import { analysersRecheck, remoteBranchRecheck, reviewerRecheck, runRechecks, verifyRecheck, type Recheck } from './rechecks';
import { beginAutopilot, stopAutopilot, updateAutopilot, type BudgetInput } from './state';
import { blockingSnapshot, nextFeedback, stopAfterRound, stopOnFindings, verifyFailed, type StopVerdict } from './stopReasons';

/** Who answers decisions in the run's history when the autopilot does. */
export const AUTOPILOT_ACTOR = 'revise autopilot';

export interface AutopilotOptions {
  /** How each round runs: agent, verify, reviewer (the same options as a single round). */
  round: RoundOptions;
  budget: BudgetInput;
  /** Continue a stopped or interrupted autopilot with its recorded budget and spend (limits given here replace the recorded ones). */
  resume?: boolean | undefined;
  /** Push after each round: only when the user chose it in advance (`--push`, `revise.push.when: round`). */
  push?: boolean | undefined;
  /** Re-checks beyond the built-in ones (the pull request's state, analysers, a reviewer agent). */
  rechecks?: readonly Recheck[] | undefined;
  /** Cancel: the running round is cancelled and the autopilot stops (`cancelled`). */
  signal?: AbortSignal | undefined;
  /** Who started it. */
  by?: string | undefined;
  /** Each step as it happens (round started, re-checks, stop), for a terminal or the panel. */
  onProgress?: ((event: AutopilotEvent) => void) | undefined;
}

export type AutopilotEvent =
  | { kind: 'round-started'; round: number; number: number; state: AutopilotState }
  | { kind: 'round-finished'; round: Round; results: RecheckResult[]; state: AutopilotState }
  | { kind: 'stopped'; stop: AutopilotStop; state: AutopilotState };

export interface AutopilotResult {
  run: Run;
  stop: AutopilotStop;
}

/** The re-checks every autopilot runs, in order; more are added by the caller (`options.rechecks`). */
export const BUILT_IN_RECHECKS: readonly Recheck[] = [verifyRecheck, reviewerRecheck, analysersRecheck, remoteBranchRecheck];

/** Run the autopilot of `runId` until it hands over. Resolves with the run and why it stopped. */
export async function runAutopilot(engine: AutopilotEngine, ctx: EngineContext, runId: string, options: AutopilotOptions): Promise<AutopilotResult> {
  const key = `autopilot:${runId}`;
  const controller = new AbortController();
  const forward = () => controller.abort();
  await engine.get(runId); // recovers an interrupted round (and a dead autopilot) first
  let run = await beginAutopilot(ctx, runId, { budget: options.budget, push: options.push ?? false, resume: options.resume ?? false, by: options.by ?? AUTOPILOT_ACTOR });
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  ctx.running.set(key, controller);
  const clock = wallClock(run.autopilot!.spent.elapsedMs);
  const rechecks = [...BUILT_IN_RECHECKS, ...(options.rechecks ?? [])];
  let resuming = options.resume === true;
  try {
    for (;;) {
      run = await engine.get(runId);
      const state = run.autopilot!;
      const before = stopBeforeRound(run, state, clock(), controller.signal);
      if (before) return await finish(ctx, runId, before, clock(), options);

      // Queue the next round (or take the one already queued, e.g. after a crash between the two).
      let queued = run.rounds.find((r) => r.status === 'queued');
      if (!queued) {
        const option = optionFor(run, resuming);
        if (!option) return await finish(ctx, runId, { reason: 'needs-decision', message: `A decision the autopilot does not take is pending (${run.pendingDecision?.kind ?? 'none'}).` }, clock(), options);
        const feedback = nextFeedback(run, lastOf(run), state.spent.rounds + 1, state.budget.maxRounds);
        run = (await engine.decide(runId, { decisionId: run.pendingDecision!.id, option, feedback, by: AUTOPILOT_ACTOR })).run;
        queued = run.rounds.find((r) => r.status === 'queued')!;
      }
      const index = queued.index;
      run = await updateAutopilot(ctx, runId, (s) => {
        if (!s.rounds.includes(index)) {
          s.rounds.push(index);
          s.spent = { ...s.spent, rounds: s.spent.rounds + 1 };
        }
        s.spent.elapsedMs = clock();
      });
      resuming = false;
      options.onProgress?.({ kind: 'round-started', round: index, number: run.autopilot!.spent.rounds, state: run.autopilot! });

      // The round's outcome is read from the run; an error that left it queued (bad agent settings) ends the autopilot.
      const refused = await engine.runRound(runId, roundOptions(options.round, run.autopilot!, clock(), controller.signal)).then(() => undefined, (error: unknown) => error);
      run = await engine.get(runId);
      const round = run.rounds[index]!;
      if (round.status === 'queued' && refused !== undefined) throw toReviseError(refused, 'agent-failed');
      const outcomes = round.status === 'succeeded' ? await runRechecks(rechecks, { ctx: ctx, run, round, signal: controller.signal }) : [];
      run = await engine.get(runId);
      const results = outcomes.map((o) => o.result);
      const checksCost = outcomes.reduce((sum, o) => ({ costUsd: sum.costUsd + (o.spend?.costUsd ?? 0), tokens: sum.tokens + (o.spend?.tokens ?? 0) }), { costUsd: 0, tokens: 0 });
      run = await updateAutopilot(ctx, runId, (s, r) => {
        s.spent = addSpend(s.spent, spendOf(round));
        s.spent = { ...s.spent, costUsd: s.spent.costUsd + checksCost.costUsd, tokens: s.spent.tokens + checksCost.tokens };
        s.spent.elapsedMs = clock();
        s.checks.push({ round: index, at: ctx.now(), results, openBlocking: blockingSnapshot(r, verifyFailed(round)) });
      });
      options.onProgress?.({ kind: 'round-finished', round, results, state: run.autopilot! });
      const stop = stopAfterRound({ run, round, checks: run.autopilot!.checks, external: outcomes.flatMap((o) => (o.stop ? [o.stop] : [])) });
      if (stop) return await finish(ctx, runId, stop, clock(), options);
    }
  } catch (error) {
    // Anything unexpected still hands over with a reason, then is reported.
    const failure = toReviseError(error, 'agent-failed');
    await stopAutopilot(ctx, runId, { reason: 'round-failed', message: failure.message }, clock()).catch(() => undefined);
    throw failure;
  } finally {
    ctx.running.delete(key);
    options.signal?.removeEventListener('abort', forward);
  }
}

/** Before a round: settled, cancelled, nothing (or nothing checkable) left, no progress, or the budget. */
function stopBeforeRound(run: Run, state: AutopilotState, elapsedMs: number, signal: AbortSignal): StopVerdict | undefined {
  if (run.status === 'approved' || run.status === 'aborted') return { reason: 'run-settled', message: `The run is ${run.status}.` };
  if (signal.aborted) return { reason: 'cancelled', message: 'The autopilot was stopped before its next round.' };
  if (!run.rounds.some((r) => r.status === 'queued')) {
    const onFindings = stopOnFindings(run, lastOf(run), state.checks);
    if (onFindings) return onFindings;
  }
  const verdict = checkBudget(state.budget, state.spent, spends(run, state), elapsedMs);
  if (!verdict.ok) return { reason: 'budget', message: verdict.message, limit: verdict.limit };
  return undefined;
}

/** The option that queues the next round: request changes, an extra round past the run's cap, or (resuming) a retry of an interrupted round. */
function optionFor(run: Run, resuming: boolean): DecisionOption | undefined {
  const pending = run.pendingDecision;
  if (!pending) return undefined;
  if (pending.kind === 'round-review') return 'request-changes';
  if (pending.kind === 'round-cap') return 'extra-round';
  if (pending.kind === 'round-failed' && resuming) return 'retry-round';
  return undefined;
}

/** The round's options within what is left of the budget: the agent's own money limit and the timeout. */
function roundOptions(base: RoundOptions, state: AutopilotState, elapsedMs: number, signal: AbortSignal): RoundOptions {
  const left = remaining(state.budget, state.spent, elapsedMs);
  const agent = { ...base.agent };
  if (left.costUsd !== undefined && left.costUsd > 0) agent.maxBudgetUsd = Math.min(agent.maxBudgetUsd ?? Infinity, left.costUsd);
  if (left.ms !== undefined && left.ms > 0) agent.timeoutMs = Math.min(agent.timeoutMs, Math.ceil(left.ms));
  return { ...base, agent, pushAfterRound: state.push, signal };
}

/** The spends of the rounds the autopilot ran (the estimate of the next one is their largest). */
function spends(run: Run, state: AutopilotState): RoundSpend[] {
  return state.rounds.flatMap((i) => {
    const round = run.rounds[i];
    return round && round.status !== 'queued' && round.status !== 'running' ? [spendOf(round)] : [];
  });
}

/** A round without any agent record (cut short by a crash) reported nothing: counted as free, not unpriced. */
function spendOf(round: Round): RoundSpend {
  const spend = roundSpend(round);
  return round.agent ? spend : { ...spend, costUsd: 0 };
}

function lastOf(run: Run): Round | undefined {
  return run.rounds[run.rounds.length - 1];
}

async function finish(ctx: EngineContext, runId: string, stop: StopVerdict, elapsedMs: number, options: AutopilotOptions): Promise<AutopilotResult> {
  const run = await stopAutopilot(ctx, runId, stop, elapsedMs);
  const recorded = run.autopilot!.stop!;
  options.onProgress?.({ kind: 'stopped', stop: recorded, state: run.autopilot! });
  return { run, stop: recorded };
}

/** Active wall time: what earlier sessions used plus this session's time since it began. */
function wallClock(before: number): () => number {
  const started = Date.now();
  return () => before + (Date.now() - started);
}
