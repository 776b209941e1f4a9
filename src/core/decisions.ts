/**
 * The run state machine (docs/decisions.md). Pure: callers inject ids and clocks and persist the
 * result in one locked write before acting on the returned effect.
 */
import { DecisionError, assertNever } from './errors';
import { type Decision, type DecisionKind, type DecisionOption, type Round, type RoundKind, type Run } from './model';
import { isSettled, lastRound, revisionCount, roundLimit } from './runFacts';

/** The options each decision kind offers. */
export function optionsFor(kind: DecisionKind): DecisionOption[] {
  switch (kind) {
    case 'round-review':
      return ['approve', 'request-changes', 'abort'];
    case 'round-cap':
      return ['extra-round', 'approve', 'abort'];
    case 'base-conflict':
      return ['continue-without-update', 'abort'];
    case 'lease-refused':
      return ['refetch-and-update', 'abort'];
    case 'round-failed':
      return ['retry-round', 'request-changes', 'abort'];
    case 'history-rewritten':
      return ['keep-rewrite', 'restore-previous-head', 'abort'];
    default:
      return assertNever(kind, 'decision kind');
  }
}

/** Whether the run may start another round without a human granting an extra one. */
export function withinCap(run: Pick<Run, 'rounds' | 'maxRounds' | 'extraRounds'>): boolean {
  return revisionCount(run) < roundLimit(run);
}

/** The decision that follows the latest round: review, cap reached, or failure. */
export function nextDecisionKind(run: Pick<Run, 'rounds' | 'maxRounds' | 'extraRounds'>): DecisionKind {
  const round = lastRound(run);
  const failed = round !== undefined && round.index > 0 && round.status !== 'succeeded';
  if (failed) return 'round-failed';
  return withinCap(run) ? 'round-review' : 'round-cap';
}

/** Set the pending decision (and the status that goes with it). Mutates and returns `run`. */
export function raiseDecision(run: Run, kind: DecisionKind, ids: { id: string; now: string }, reason?: string): Run {
  let options = optionsFor(kind);
  // A failed round at the cap cannot be followed by a new requested round; offer the extra round instead.
  if (kind === 'round-failed' && !withinCap(run)) options = options.map((o) => (o === 'request-changes' ? 'extra-round' : o));
  const decision: Decision = { id: ids.id, kind, options, round: lastRound(run)?.index ?? 0, raisedAt: ids.now };
  if (reason !== undefined) decision.reason = reason;
  run.pendingDecision = decision;
  run.status = 'awaiting-decision';
  delete run.pushOwner;
  return run;
}

/**
 * A push that did not finish (it failed, or its process died) offers again the decision that set
 * the run `pushing` — approve, or refetch-and-update — with `reason`. Does nothing unless the run is
 * `pushing`.
 */
export function reofferPush(run: Run, ids: { id: string; now: string }, reason: string): void {
  const kind = run.history.at(-1)?.kind;
  if (run.status === 'pushing' && kind) raiseDecision(run, kind, ids, reason);
}

/**
 * An abort whose cleanup failed (nothing was removed past the failing step): the run is not
 * aborted; the decision the abort answered is offered again with `reason`, so abort can be retried.
 */
export function reopenAfterFailedAbort(run: Run, ids: { id: string; now: string }, reason: string): void {
  if (run.status !== 'aborted') return;
  const kind = run.history.at(-1)?.kind ?? nextDecisionKind(run);
  raiseDecision(run, kind, ids, reason);
}

/** A human's act on a decision. */
export interface DecisionAct {
  decisionId: string;
  option: DecisionOption;
  by: string;
  now: string;
  feedback?: string;
}

/** What the engine must do after the new state is written. */
/**
 * Options whose decision queues a round (the `start-round` effect below), and so will run the agent:
 * front ends that must say beforehand whether an option runs anything (an untrusted workspace) ask
 * this; after a decision they act on its `effect`.
 */
export function startsRound(option: DecisionOption): boolean {
  return option === 'request-changes' || option === 'extra-round' || option === 'retry-round';
}

export type DecisionEffect =
  | { kind: 'none' }
  | { kind: 'start-round'; round: Round }
  | { kind: 'approve' }
  | { kind: 'abort'; wasRunning: boolean }
  | { kind: 'continue-without-update' }
  | { kind: 'refetch-and-update' }
  | { kind: 'keep-rewrite' }
  /** Put the run branch back at `head` (the head before the rewriting round). */
  | { kind: 'restore-previous-head'; head: string };

/**
 * Validate and apply a decision. Throws `stale-decision`, `option-not-offered`, `run-busy` or
 * `no-pending-decision` without changing anything. Approve/abort on a settled run are no-ops.
 */
export function applyDecision(run: Run, act: DecisionAct): { run: Run; effect: DecisionEffect } {
  if (isSettled(run)) {
    // A second abort of an aborted run repeats the cleanup (idempotent), in case the first one died before finishing it.
    if (act.option === 'abort' && run.status === 'aborted') return { run, effect: { kind: 'abort', wasRunning: false } };
    if (act.option === 'approve' || act.option === 'abort') return { run, effect: { kind: 'none' } };
    throw new DecisionError('run-settled', `Run ${run.id} is already ${run.status}; it accepts no more decisions.`);
  }
  if (run.status === 'running' || run.status === 'pushing') {
    // Abort stays possible while a round runs, with the decision that started it.
    const started = run.history[run.history.length - 1];
    if (act.option === 'abort' && run.status === 'running' && started?.decisionId === act.decisionId) {
      record(run, act, started.kind);
      run.status = 'aborted';
      return { run, effect: { kind: 'abort', wasRunning: true } };
    }
    throw new DecisionError('run-busy', `Run ${run.id} is ${run.status}; wait for it to finish or cancel the round first.`);
  }
  const pending = run.pendingDecision;
  if (!pending) throw new DecisionError('no-pending-decision', `Run ${run.id} has no pending decision.`);
  if (pending.id !== act.decisionId) {
    throw new DecisionError('stale-decision', `Decision ${act.decisionId} is no longer pending for run ${run.id}; the pending decision is ${pending.id} (${pending.kind}). Refresh and decide again.`);
  }
  if (!pending.options.includes(act.option)) {
    throw new DecisionError('option-not-offered', `Decision ${pending.id} (${pending.kind}) offers ${pending.options.join(', ')}, not ${act.option}.`);
  }
  record(run, act, pending.kind);
  run.pendingDecision = null;
  switch (act.option) {
    case 'approve':
      run.status = 'pushing';
      return { run, effect: { kind: 'approve' } };
    case 'abort':
      run.status = 'aborted';
      return { run, effect: { kind: 'abort', wasRunning: false } };
    case 'request-changes':
      return startRound(run, 'requested', act);
    case 'extra-round':
      run.extraRounds += 1;
      return startRound(run, 'extra', act);
    case 'retry-round': {
      const feedback = act.feedback ?? lastRound(run)?.feedback;
      return startRound(run, 'retry', feedback === undefined ? act : { ...act, feedback });
    }
    case 'continue-without-update':
      return { run, effect: { kind: 'continue-without-update' } };
    case 'refetch-and-update':
      run.status = 'pushing';
      return { run, effect: { kind: 'refetch-and-update' } };
    case 'keep-rewrite':
      return { run, effect: { kind: 'keep-rewrite' } };
    case 'restore-previous-head':
      return { run, effect: { kind: 'restore-previous-head', head: previousHead(run, pending.round) } };
    default:
      return assertNever(act.option, 'decision option');
  }
}

/** The head a rewriting round started from: what `restore-previous-head` puts back. */
function previousHead(run: Run, round: number): string {
  const rewritten = run.rounds.find((r) => r.index === round);
  return rewritten?.headBefore ?? run.rounds.find((r) => r.index === round - 1)?.headAfter ?? run.restoredSha;
}

function record(run: Run, act: DecisionAct, kind: DecisionKind): void {
  run.history.push({
    decisionId: act.decisionId,
    kind,
    option: act.option,
    by: act.by,
    at: act.now,
    round: lastRound(run)?.index ?? 0,
    ...(act.feedback !== undefined ? { feedback: act.feedback } : {}),
  });
}

function startRound(run: Run, kind: RoundKind, act: DecisionAct): { run: Run; effect: DecisionEffect } {
  if (kind === 'requested' && !withinCap(run)) {
    throw new DecisionError('round-cap-reached', `Run ${run.id} has used all ${roundLimit(run)} rounds; grant an extra round, approve or abort.`);
  }
  const previous = lastRound(run);
  const round: Round = {
    index: run.rounds.length,
    kind,
    status: 'queued',
    headBefore: previous?.headAfter ?? run.restoredSha,
    headAfter: null,
    exitCode: null,
    logPath: null,
    promptPath: null,
    startedAt: act.now,
    ...(act.feedback !== undefined ? { feedback: act.feedback } : {}),
  };
  run.rounds.push(round);
  run.status = 'running';
  return { run, effect: { kind: 'start-round', round } };
}
