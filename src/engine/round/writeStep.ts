/**
 * The round's one result write: status, error, head, the agent's record, incidents, verify, the
 * agent's dispositions, the reviewer's findings, touched findings, backups, and the next decision —
 * all under the run's lock, then said in the round's log view.
 */
import type { DispositionsResult, VerifyOutcome } from '../../agent';
import { raiseDecision } from '../../core/decisions';
import { mergeImported } from '../../core/findings';
import type { RoundIncident } from '../../core/incidents';
import type { Round, Run } from '../../core/model';
import { clearOutcomeNote } from '../../store/unsavedOutcome';
import { raiseNextDecision } from '../nextDecision';
import type { ReviewStep } from '../reviewRound';
import type { AgentStep } from './agentStep';
import type { CommitStep } from './commitStep';
import { say, type RoundContext } from './roundContext';
import { markTouched, type TouchedLines } from './touchedStep';

/** Everything the steps found out about a round, written by `writeRound`. */
export interface RoundRecord {
  agent: AgentStep;
  /** Why the round did not succeed, when it did not. */
  error: Round['error'];
  commit: CommitStep;
  verify: VerifyOutcome | undefined;
  dispositions: DispositionsResult;
  touched: TouchedLines;
  review: ReviewStep | undefined;
  incidents: RoundIncident[];
}

export async function writeRound(rc: RoundContext, record: RoundRecord): Promise<Run> {
  const { ctx, index, options } = rc;
  const { result, invocation: built, freshSession } = record.agent.agentRound;
  const { outcome } = record.commit;
  const status = record.agent.status;
  const run = await ctx.update(rc.runId, (r) => {
    const current = r.rounds[index]!;
    current.status = status;
    if (record.error) current.error = record.error;
    current.exitCode = result.exitCode;
    current.headAfter = outcome.headAfter;
    current.endedAt = ctx.now();
    current.agent = {
      preset: options.agent.preset,
      argv: built.argv,
      ...(result.sessionId ? { sessionId: result.sessionId } : {}),
      ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
      ...(result.usage ? { usage: result.usage } : {}),
      ...(result.isError !== undefined ? { isError: result.isError } : {}),
      policy: built.policy,
      ...(result.denials ? { denied: result.denials } : {}),
      ...(freshSession ? { freshSession } : {}),
    };
    if (record.incidents.length > 0) current.incidents = record.incidents;
    if (record.dispositions.questions.length > 0) current.questions = record.dispositions.questions;
    const { verify } = record;
    if (verify) current.verify = { command: options.verifyCommand!, exitCode: verify.exitCode, logPath: verify.logPath, durationMs: verify.durationMs };
    // The agent's claims first: the reviewer's re-scan ran after them, so it checks them (src/core/findingState.ts).
    for (const f of r.findings) {
      const disposition = record.dispositions.dispositions.get(f.id);
      if (disposition) f.disposition = disposition;
    }
    const { review } = record;
    if (review) {
      const merged = mergeImported(r.findings, review.drafts, { now: ctx.now(), origin: `reviewer: ${review.record.command.join(' ')}`, scopes: review.scopes });
      r.findings = merged.findings;
      current.reviewer = { ...review.record, added: merged.added };
    }
    markTouched(r.findings, record.touched, index);
    r.backups.push(...outcome.backups);
    if (r.status === 'running' && outcome.rewritten) raiseDecision(r, 'history-rewritten', { id: ctx.newId(), now: ctx.now() }, outcome.rewritten);
    else if (r.status === 'running') raiseNextDecision(ctx, r);
  });
  clearOutcomeNote(rc.runDir, index);
  // `recorded`: the round's report repeats these lines, so a terminal following the progress skips them.
  if (record.error) say(rc, `round ${index} ${status}: ${record.error.message}\n`, 'info', true);
  for (const d of result.denials ?? []) say(rc, `denied: ${d.tool}${d.detail ? ` ${d.detail}` : ''}\n`, 'info', true);
  return run;
}
