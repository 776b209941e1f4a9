/**
 * Facts about a run read from its fields alone — their one home. Kept apart from the zod schemas of
 * model.ts so the extension's entry bundle can use them without loading zod: it imports only types
 * from model.ts.
 */
import type { Round, Run } from './model';

/** A run that no longer changes. */
export function isSettled(run: Pick<Run, 'status'>): boolean {
  return run.status === 'approved' || run.status === 'aborted';
}

/**
 * Revision rounds that count against the cap: requested and extra rounds. Round 0 (the imported
 * attempt) does not count, and a retry replaces the failed round it repeats.
 */
export function revisionCount(run: Pick<Run, 'rounds'>): number {
  return run.rounds.filter((r) => r.kind === 'requested' || r.kind === 'extra').length;
}

/** The round cap in force, including extra rounds granted. */
export function roundLimit(run: Pick<Run, 'maxRounds' | 'extraRounds'>): number {
  return run.maxRounds + run.extraRounds;
}

/** The most recent round (round 0 at least, once restored). */
export function lastRound(run: Pick<Run, 'rounds'>): Round | undefined {
  return run.rounds[run.rounds.length - 1];
}

/**
 * Whether loading the run may change it (engine/recovery.ts): a round running, a push under way or
 * an autopilot active — what the process that started it may have left behind when it died. Any
 * other run is listed as it is on disk.
 */
export function mayNeedRecovery(run: Pick<Run, 'status' | 'autopilot'>): boolean {
  return run.status === 'running' || run.status === 'pushing' || run.autopilot?.status === 'active';
}
