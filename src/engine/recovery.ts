/**
 * Crash recovery. A round records the pid and start time of its owner (the engine process) and of
 * the agent. When a run is loaded and its round is `running` but the owner is gone (host reloaded,
 * CLI killed, machine rebooted), the round becomes `interrupted` and the run raises
 * retry / request changes / abort. Its commits and log stay where they are.
 *
 * A run left `pushing` by a process that died mid-push gets the decision that started the push
 * (approve, or refetch-and-update) offered again. Pushing again is safe: a push that did land before
 * the crash finds the remote already at the run's head and changes nothing, and anything else on the
 * remote meets the lease, which refuses and offers refetch-and-update instead of overwriting it.
 *
 * An autopilot whose process died is stopped as `interrupted` (src/engine/autopilot/state.ts).
 *
 * A round whose result could not be written (disk full, read-only) left a note saying so (see
 * store/unsavedOutcome.ts); it is recovered with that cause, never as a reload or crash. A run that
 * cannot be written now is listed as it is, with a notice, instead of failing the whole listing.
 */
import { isProcessAlive, killProcessTree, processesWithEnvironment, processGroupAlive } from '../agent';
import { commandLine } from '../agent/leftovers';
import { reofferPush } from '../core/decisions';
import { ReviseError } from '../core/errors';
import type { Round, Run } from '../core/model';
import { mayNeedRecovery } from '../core/runFacts';
import type { StoreNotice } from '../store/runStore';
import { clearOutcomeNote, readUnsavedOutcome, type UnsavedOutcome } from '../store/unsavedOutcome';
import type { EngineContext } from './engineContext';
import { raiseNextDecision } from './nextDecision';
import { autopilotLive, stopIfOrphaned } from './autopilot/state';

/**
 * Whether the round's agent, or what is left of its process group, still runs. The agent leads its
 * own group; when the leader has exited (say it obeyed the SIGTERM of a dying window) a grandchild
 * that ignored the signal keeps the group alive. Linux hands out no pid that is still some group's
 * id, so a live group with that id while its leader is gone can only be the agent's leftovers.
 */
function agentLeft(pid: number, startTime: string | undefined): boolean {
  if (isProcessAlive(pid, startTime)) return true;
  return !isProcessAlive(pid) && processGroupAlive(pid);
}

function ownerAlive(ctx: EngineContext, run: Run): boolean {
  const round = run.rounds.find((r) => r.status === 'running');
  if (!round) return true;
  if (ctx.running.has(run.id)) return true;
  if (round.ownerPid === undefined) return false;
  return isProcessAlive(round.ownerPid, round.ownerStartTime);
}

/** A push whose recorded process is gone. Runs written before `pushOwner` existed are left alone. */
function pushOrphaned(run: Run): boolean {
  return run.status === 'pushing' && run.pushOwner !== undefined && !isProcessAlive(run.pushOwner.pid, run.pushOwner.startTime);
}

async function recoverPush(ctx: EngineContext, run: Run): Promise<Run> {
  return ctx.update(run.id, (r) => {
    if (!pushOrphaned(r)) return;
    reofferPush(r, { id: ctx.newId(), now: ctx.now() }, 'The process pushing this run ended before it finished (window reload, crash or reboot). Decide again to push; the lease keeps a push that already landed from being overwritten.');
  });
}

/**
 * An orphaned agent may still run detached from its dead owner and keep editing the worktree: stop
 * its recorded process group, and every process still carrying this round's `REVISE_RUN_ID` and
 * `REVISE_ROUND` — which also finds it when the owner died before recording its pid.
 */
function stopLeftovers(runId: string, round: Round): string[] {
  const stopped: string[] = [];
  if (round.pid !== undefined && agentLeft(round.pid, round.pidStartTime)) {
    stopped.push(`${round.pid} ${commandLine(round.pid)} (and its process group)`);
    killProcessTree(round.pid, 'SIGKILL');
  }
  for (const pid of processesWithEnvironment({ REVISE_RUN_ID: runId, REVISE_ROUND: String(round.index) })) {
    const command = commandLine(pid);
    try {
      process.kill(pid, 'SIGKILL');
      stopped.push(`${pid} ${command}`);
    } catch {
      // Gone since the scan.
    }
  }
  return stopped;
}

/** Mark a round whose owner process died as interrupted and raise its decision; re-offer a push whose process died. Idempotent. */
export async function recoverInterrupted(ctx: EngineContext, run: Run): Promise<Run> {
  if (!mayNeedRecovery(run)) return run;
  if (run.autopilot?.status === 'active' && !autopilotLive(run.autopilot, ctx.running, run.id)) {
    run = await ctx.update(run.id, (r) => void stopIfOrphaned(r, ctx.running, ctx.now()));
  }
  if (pushOrphaned(run)) return recoverPush(ctx, run);
  if (run.status !== 'running') return run;
  const unsaved = unsavedOutcome(ctx, run);
  if (!unsaved && ownerAlive(ctx, run)) return run;
  let recovered: Round | undefined;
  const after = await ctx.update(run.id, (r) => {
    if (r.status !== 'running') return;
    const note = unsavedOutcome(ctx, r);
    if (!note && ownerAlive(ctx, r)) return;
    const round = r.rounds.find((x) => x.status === 'running');
    if (round) {
      const stopped = stopLeftovers(r.id, round);
      if (stopped.length > 0) {
        const incident = { kind: 'leftover-processes' as const, message: 'The round\'s agent was still running after the process that ran the round had ended; Revise stopped it so nothing keeps changing the run.', items: stopped };
        round.incidents = [...(round.incidents ?? []), incident];
      }
      round.status = 'interrupted';
      round.endedAt = note?.at ?? ctx.now();
      round.error = note ? unsavedError(note) : { code: 'agent-failed', message: 'The process running this round ended before it finished (window reload, crash or reboot). Its log and commits are kept.' };
      if (note?.headAfter) round.headAfter = note.headAfter;
      if (note?.exitCode !== undefined) round.exitCode = note.exitCode;
      recovered = round;
    }
    raiseNextDecision(ctx, r);
  });
  if (recovered) clearOutcomeNote(ctx.store.runDir(run.id), recovered.index);
  return after;
}

/** The note a round's process left when it could not write the round's result. */
function unsavedOutcome(ctx: EngineContext, run: Run): UnsavedOutcome | undefined {
  const round = run.rounds.find((r) => r.status === 'running');
  if (!round) return undefined;
  const note = readUnsavedOutcome(ctx.store.runDir(run.id), round.index);
  return note && (round.ownerPid === undefined || note.ownerPid === round.ownerPid) ? note : undefined;
}

function unsavedError(note: UnsavedOutcome): { code: string; message: string } {
  const own = note.roundError ? ` The round had failed first: ${note.roundError}` : '';
  return { code: 'store-io', message: `The round ended at ${note.at}, but its result could not be saved: ${note.storeError}${own} Its log and commits are kept.` };
}

/**
 * For a read of one run: the run recovered, or as it is when the store cannot be written now (a
 * read must work on a read-only or full disk; the next write reports the cause).
 */
export async function recoverIfWritable(ctx: EngineContext, run: Run): Promise<Run> {
  try {
    return await recoverInterrupted(ctx, run);
  } catch (error) {
    if (error instanceof ReviseError && error.code === 'store-io') return run;
    throw error;
  }
}

/**
 * For a listing: the run recovered, or — when it cannot be written now (disk full, read-only) —
 * as it is, with a notice saying why, so one unwritable run never fails the list of all runs.
 */
export async function recoverForListing(ctx: EngineContext, run: Run, notices: StoreNotice[]): Promise<Run> {
  try {
    return await recoverInterrupted(ctx, run);
  } catch (error) {
    notices.push({ runId: run.id, kind: 'not-saved', message: `Its state could not be brought up to date: ${(error as Error).message}` });
    return run;
  }
}

/** Kill the agent of a round run by another process, if it is still alive. */
export async function killRecordedRound(ctx: EngineContext, runId: string): Promise<void> {
  const run = await ctx.read(runId);
  const round = run.rounds.find((r) => r.status === 'running');
  if (round?.pid !== undefined && agentLeft(round.pid, round.pidStartTime)) {
    killProcessTree(round.pid, 'SIGTERM');
  }
}
