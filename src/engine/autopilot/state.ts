/**
 * The autopilot's record in run.json (src/core/autopilotModel.ts), written under the run's lock:
 * begun (or resumed) in one write that refuses a second live autopilot, checkpointed after every
 * step, stopped with its reason. An autopilot whose process died (kill -9, reload, reboot) is found
 * by its recorded owner and stopped as `interrupted`, so the run always says what happened.
 */
import { isProcessAlive, thisProcess } from '../../agent';
import type { AutopilotBudget, AutopilotState, AutopilotStop } from '../../core/autopilotModel';
import { DecisionError } from '../../core/errors';
import { type Run } from '../../core/model';
import { isSettled, lastRound, revisionCount, roundLimit } from '../../core/runFacts';
import type { EngineContext } from '../engineContext';
import { noSpend } from './budget';
import { blockingSnapshot, verifyFailed } from './stopReasons';

/** Budget limits given by the user; absent ones keep the recorded value on a resume. */
export type BudgetInput = Partial<AutopilotBudget>;

/** Whether a process other than a dead one holds the autopilot. */
export function autopilotLive(state: AutopilotState | undefined, running: ReadonlyMap<string, unknown>, runId: string): boolean {
  if (state?.status !== 'active') return false;
  if (running.has(`autopilot:${runId}`)) return true;
  return state.owner !== undefined && isProcessAlive(state.owner.pid, state.owner.startTime);
}

/** Mark an `active` autopilot whose process is gone as stopped (`interrupted`). Mutates; returns whether it did. */
export function stopIfOrphaned(run: Run, running: ReadonlyMap<string, unknown>, now: string): boolean {
  const state = run.autopilot;
  if (state?.status !== 'active' || autopilotLive(state, running, run.id)) return false;
  state.status = 'stopped';
  delete state.owner;
  state.stop = { reason: 'interrupted', at: now, message: 'The process running the autopilot ended before it finished (cancel, reload, crash or reboot). Resume it, or decide yourself.' };
  return true;
}

/** The default round budget: what is left under the run's round cap (at least one round). */
export function defaultMaxRounds(run: Pick<Run, 'rounds' | 'maxRounds' | 'extraRounds'>): number {
  return Math.max(1, roundLimit(run) - revisionCount(run));
}

/**
 * Start (or with `resume`, continue) the autopilot of `runId` in one locked write. Refuses a settled
 * run, a live autopilot (`autopilot-active`), and a resume without a record (`no-autopilot`).
 */
export async function beginAutopilot(ctx: EngineContext, runId: string, input: { budget: BudgetInput; push: boolean; resume: boolean; by: string }): Promise<Run> {
  const owner = thisProcess();
  return ctx.update(runId, (run) => {
    if (isSettled(run)) throw new DecisionError('run-settled', `Run ${runId} is already ${run.status}; there is nothing for the autopilot to do.`);
    const previous = run.autopilot;
    if (previous && autopilotLive(previous, ctx.running, runId)) {
      throw new DecisionError('autopilot-active', `The autopilot of run ${runId} is already running (process ${previous.owner?.pid ?? '?'}). Stop it first, or wait for it to hand over.`);
    }
    const now = ctx.now();
    if (input.resume) {
      if (!previous) throw new DecisionError('no-autopilot', `Run ${runId} has no autopilot to resume.`, { details: { runId } });
      const { stop: _stop, ...kept } = previous;
      run.autopilot = { ...kept, status: 'active', budget: { ...previous.budget, ...input.budget }, owner, resumedAt: [...(previous.resumedAt ?? []), now] };
      return;
    }
    const last = [...run.rounds].reverse().find((r) => r.status !== 'queued' && r.status !== 'running') ?? lastRound(run);
    run.autopilot = {
      status: 'active',
      startedAt: now,
      by: input.by,
      budget: { ...input.budget, maxRounds: input.budget.maxRounds ?? defaultMaxRounds(run) },
      spent: noSpend(),
      rounds: [],
      checks: [{ round: last?.index ?? 0, at: now, results: [], openBlocking: blockingSnapshot(run, verifyFailed(last)) }],
      push: input.push,
      owner,
    };
  });
}

/** Apply `change` to the autopilot record under the lock (a run without one is left alone). */
export function updateAutopilot(ctx: EngineContext, runId: string, change: (state: AutopilotState, run: Run) => void): Promise<Run> {
  return ctx.update(runId, (run) => {
    if (run.autopilot) change(run.autopilot, run);
  });
}

/** Record the stop and release the record (no owner). */
export function stopAutopilot(ctx: EngineContext, runId: string, stop: Omit<AutopilotStop, 'at'>, elapsedMs: number): Promise<Run> {
  return updateAutopilot(ctx, runId, (state) => {
    state.status = 'stopped';
    delete state.owner;
    state.spent.elapsedMs = elapsedMs;
    state.stop = { ...stop, at: ctx.now() };
  });
}
