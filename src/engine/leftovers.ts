/**
 * `revise leftovers`: git state of run ids the store does not know (a start that failed and could
 * not roll back, a run folder deleted by hand). Runs whose file is quarantined or newer still count
 * as known: their git state is theirs. Removing backs up a worktree with work of its own first.
 */
import type { Backup } from '../core/model';
import { findLeftovers, removeLeftover, type Leftover } from '../git';
import type { EngineContext } from './engineContext';

async function knownRunIds(ctx: EngineContext): Promise<Set<string>> {
  const listing = await ctx.store.list();
  return new Set([...listing.runs.map((r) => r.id), ...listing.quarantined.map((q) => q.runId), ...listing.newer.map((n) => n.runId)]);
}

export async function listLeftovers(ctx: EngineContext): Promise<Leftover[]> {
  return findLeftovers(ctx.topLevel, await knownRunIds(ctx));
}

/** Remove every leftover; returns what was removed and the backups made on the way. */
export async function removeLeftovers(ctx: EngineContext): Promise<{ removed: Leftover[]; backups: Backup[] }> {
  const removed: Leftover[] = [];
  const backups: Backup[] = [];
  for (const leftover of await listLeftovers(ctx)) {
    backups.push(...(await removeLeftover(ctx.topLevel, leftover)));
    removed.push(leftover);
  }
  return { removed, backups };
}
