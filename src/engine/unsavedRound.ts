/**
 * A round whose result could not be written (the disk full or read-only): the note that says so
 * (see store/unsavedOutcome.ts), so recovery later reports this cause instead of a crash.
 */
import { toReviseError, type ReviseError } from '../core/errors';
import { recordUnsavedOutcome } from '../store/unsavedOutcome';
import type { EngineContext } from './engineContext';

/** Leave the note for round `index` and say so in the round's output; returns the store's error to throw. */
export function noteUnsavedRound(ctx: Pick<EngineContext, 'now' | 'output'>, at: { runId: string; runDir: string; index: number; ownerPid: number }, failure: ReviseError, saveError: unknown): ReviseError {
  const stored = toReviseError(saveError, 'store-io');
  recordUnsavedOutcome(at.runDir, at.index, { at: ctx.now(), ownerPid: at.ownerPid, storeError: stored.message, ...(failure.code === 'store-io' ? {} : { roundError: failure.message }) });
  ctx.output({ runId: at.runId, round: at.index, stream: 'info', text: `round ${at.index} ended, but its result could not be saved: ${stored.message}\n` });
  return stored;
}
