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
 */
import { isProcessAlive, killProcessTree, processesWithEnvironment, processGroupAlive } from '../agent';
import { reofferPush } from '../core/decisions';
import type { Round, Run } from '../core/model';
import type { EngineContext } from './engine';
import { raiseNextDecision } from './runRound';

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
function stopLeftovers(runId: string, round: Round): void {
  if (round.pid !== undefined && agentLeft(round.pid, round.pidStartTime)) killProcessTree(round.pid, 'SIGKILL');
  for (const pid of processesWithEnvironment({ REVISE_RUN_ID: runId, REVISE_ROUND: String(round.index) })) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone since the scan.
    }
  }
}

/** Mark a round whose owner process died as interrupted and raise its decision; re-offer a push whose process died. Idempotent. */
export async function recoverInterrupted(ctx: EngineContext, run: Run): Promise<Run> {
  if (pushOrphaned(run)) return recoverPush(ctx, run);
  if (run.status !== 'running' || ownerAlive(ctx, run)) return run;
  return ctx.update(run.id, (r) => {
    if (r.status !== 'running' || ownerAlive(ctx, r)) return;
    const round = r.rounds.find((x) => x.status === 'running');
    if (round) {
      stopLeftovers(r.id, round);
      round.status = 'interrupted';
      round.endedAt = ctx.now();
      round.error = { code: 'agent-failed', message: 'The process running this round ended before it finished (window reload, crash or reboot). Its log and commits are kept.' };
    }
    raiseNextDecision(ctx, r);
  });
}

/** Kill the agent of a round run by another process, if it is still alive. */
export async function killRecordedRound(ctx: EngineContext, runId: string): Promise<void> {
  const run = await ctx.store.get(runId);
  const round = run.rounds.find((r) => r.status === 'running');
  if (round?.pid !== undefined && agentLeft(round.pid, round.pidStartTime)) {
    killProcessTree(round.pid, 'SIGTERM');
  }
}
