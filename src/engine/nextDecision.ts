/** The decision that follows the latest round, raised by the round's write, recovery and the decisions that settle a round. */
import { nextDecisionKind, raiseDecision } from '../core/decisions';
import type { Run } from '../core/model';
import type { EngineContext } from './engineContext';

/** Raise the decision that follows the latest round. */
export function raiseNextDecision(ctx: Pick<EngineContext, 'newId' | 'now'>, run: Run): Run {
  return raiseDecision(run, nextDecisionKind(run), { id: ctx.newId(), now: ctx.now() });
}
