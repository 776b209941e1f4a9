/**
 * The round's first step in the worktree: keep room for a note should the disk fill up during the
 * round, and put back a worktree folder or run branch deleted by hand since the last round.
 */
import { reviveRunCheckout } from '../../git';
import { reserveOutcomeNote } from '../../store/unsavedOutcome';
import { say, type RoundContext } from './roundContext';

/** Re-create a missing worktree or run branch at the run's last head; returns that head. */
export async function reviveCheckout(rc: RoundContext): Promise<string> {
  // Room for a note saying why the round's result was not saved, should the disk fill up during it.
  reserveOutcomeNote(rc.runDir, rc.index);
  const { run } = rc;
  const lastHead = rc.round.headBefore ?? run.restoredSha;
  const revived = await reviveRunCheckout(rc.ctx.topLevel, run.worktree, run.localBranch, lastHead);
  if (revived.length > 0) say(rc, `The run's ${revived.join(' and ')} had been deleted; re-created at ${lastHead.slice(0, 12)}.\n`);
  return lastHead;
}
