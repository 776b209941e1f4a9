/**
 * What Revise noticed an agent do beyond its worktree during a round, or had to do to it: processes
 * it left running (stopped), edits of the run's own state (undone), writes to the user's own checkout, to the repository's config or hooks,
 * pushes it made itself, and a log cut to its cap. Recorded on the round and shown with it; nothing
 * of this is silently accepted.
 */
import { z } from 'zod';

export const IncidentKind = z.enum(['leftover-processes', 'run-state-edited', 'user-checkout-changed', 'repo-config-changed', 'hooks-changed', 'agent-pushed', 'log-capped', 'reviewer-edited-worktree']);
export type IncidentKind = z.infer<typeof IncidentKind>;

export const RoundIncident = z.object({
  kind: IncidentKind,
  /** What happened and what the user can do, in one or two sentences. */
  message: z.string(),
  /** What it is about: paths, refs (`old → new`), processes (`pid command`). */
  items: z.array(z.string()).optional(),
});
export type RoundIncident = z.infer<typeof RoundIncident>;
