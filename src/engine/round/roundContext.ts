/**
 * One round's context: the facts every step of `runQueuedRound` (../runRound.ts) shares — the
 * engine, the run as the claim wrote it, the round's index and folder, its options, the process
 * that owns it and the controller that cancels it. Steps read it; only `files` is filled in later,
 * so the round's end can remove what the prompt step wrote into the worktree.
 */
import { thisProcess } from '../../agent';
import type { Round, Run } from '../../core/model';
import { removeAgentFiles, type AgentFiles } from '../agentFiles';
import type { RoundOptions } from '../config';
import type { EngineContext, RoundOutput } from '../engineContext';

export interface RoundContext {
  readonly ctx: EngineContext;
  readonly runId: string;
  /** The run's folder in the store (prompt, logs and notes of each round). */
  readonly runDir: string;
  readonly options: RoundOptions;
  readonly index: number;
  /** The run as the claim wrote it (the round is `running`). */
  readonly run: Run;
  readonly round: Round;
  /** The process running the round (recorded as its owner). */
  readonly owner: { pid: number; startTime?: string };
  /** Aborted by `options.signal` or `Engine.cancelRound`; stops the agent, verify and the reviewer. */
  readonly controller: AbortController;
  /** The agent's files in the worktree, once written. */
  files?: AgentFiles;
  /** Stops forwarding `options.signal` and forgets the controller (see `endRound`). */
  readonly release: () => void;
}

/** The process that will own a round it claims. */
export const roundOwner = (): { pid: number; startTime?: string } => thisProcess();

/** The controller that will cancel a round, registered as its run's before the claim is written. */
export interface RoundCancel {
  readonly controller: AbortController;
  /** Stops forwarding `options.signal` and, if this registered it, forgets the controller. */
  readonly release: () => void;
}

/**
 * Register this run's cancel controller before its round is claimed: the claim is announced (the
 * editor shows Cancel, the autopilot's Stop) before it returns, and a cancel that comes then must
 * reach the round, not find nothing to abort. A signal aborted already never fires again, so the
 * round starts cancelled. A run whose round already runs here keeps its controller (the claim then
 * refuses with `run-busy`).
 */
export function prepareCancel(ctx: EngineContext, runId: string, options: RoundOptions): RoundCancel {
  const controller = new AbortController();
  const forward = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  else options.signal?.addEventListener('abort', forward, { once: true });
  const owned = !ctx.running.has(runId);
  if (owned) ctx.running.set(runId, controller);
  return {
    controller,
    release: () => {
      options.signal?.removeEventListener('abort', forward);
      if (owned && ctx.running.get(runId) === controller) ctx.running.delete(runId);
    },
  };
}

/** The context of a claimed round, cancelled through the controller `prepareCancel` registered. */
export function beginRound(ctx: EngineContext, options: RoundOptions, claimed: { run: Run; index: number; owner: RoundContext['owner'] }, cancel: RoundCancel): RoundContext {
  return {
    ctx,
    runId: claimed.run.id,
    runDir: ctx.store.runDir(claimed.run.id),
    options,
    index: claimed.index,
    run: claimed.run,
    round: claimed.run.rounds[claimed.index]!,
    owner: claimed.owner,
    controller: cancel.controller,
    release: cancel.release,
  };
}

/** Whatever way the round ended: remove the agent's files and stop counting it as running here. */
export async function endRound(rc: RoundContext): Promise<void> {
  if (rc.files) await removeAgentFiles(rc.files).catch(() => undefined);
  rc.release();
}

/** Print a line in the round's log view. */
export function say(rc: RoundContext, text: string, stream: RoundOutput['stream'] = 'info', recorded?: true): void {
  rc.ctx.output({ runId: rc.runId, round: rc.index, stream, text, ...(recorded ? { recorded } : {}) });
}

/** The round's timeout for verify and the reviewer (their own, else the agent's). */
export const stepTimeoutMs = (rc: RoundContext): number => rc.options.verifyTimeoutMs ?? rc.options.agent.timeoutMs;
