/** Inline rework comments (findings you write in the editor) and when they may still be changed. */
import type { Finding, Run } from './model';
import { isSettled } from './runFacts';

/** An inline comment can be edited or removed until a round has sent it to the agent, while the run is not finished. */
export function isEditableComment(run: Pick<Run, 'status'>, finding: Pick<Finding, 'source' | 'sentInRound'>): boolean {
  return finding.source.kind === 'inline' && !isSettled(run) && finding.sentInRound === undefined;
}
