/**
 * When the autopilot stops and hands the run back to a person, decided from the run as it is after
 * a round and its re-checks. Pure and zod-free. In order:
 *
 *   the run was settled by someone → `run-settled`; the round was cancelled / interrupted / failed
 *   → `cancelled` / `interrupted` / `round-failed`; the pull request was merged or closed, or its
 *   branch moved under us → `pr-merged` / `pr-closed` / `branch-pushed`; a reviewer agent did not
 *   answer → `reviewer-failed`; a decision the autopilot
 *   does not take is pending → `needs-decision`; the agent asked a question → `agent-question`, or
 *   disagreed with (or deferred) a blocking finding → `agent-disagrees`; nothing blocking is left →
 *   `all-fixed`; only claims nobody could check are left → `unverified-claims`; the same blocking
 *   findings after two rounds in a row → `no-progress`. Otherwise the next round may start (the
 *   budget is checked then, see budget.ts).
 */
import type { AutopilotCheck, BudgetLimit, StopReason } from '../../core/autopilotModel';
import { findingState, type FindingStateKind } from '../../core/findingState';
import type { Finding, Round, Run } from '../../core/model';
import { listFindings } from '../../core/openBlocking';

/** A stop, before it is stamped with a time. */
export interface StopVerdict {
  reason: StopReason;
  message: string;
  findings?: string[];
  questions?: string[];
  /** For `budget`: the limit that would be exceeded. */
  limit?: BudgetLimit;
}

/** What a re-check found that ends the autopilot by itself (the pull request's or branch's state, a reviewer that did not answer). */
export interface ExternalStop {
  reason: 'pr-merged' | 'pr-closed' | 'branch-pushed' | 'reviewer-failed';
  message: string;
}

/** Pseudo-id of a failed verify command in `openBlocking` (it blocks like a finding). */
export const VERIFY_FAILED = 'verify';

/** Blocking findings that still ask for work or a judgement (open, claimed, still present). */
export function unsettledBlocking(run: Pick<Run, 'findings'>): Finding[] {
  return run.findings.filter((f) => f.severity === 'blocking' && UNSETTLED.has(findingState(f).kind));
}

const UNSETTLED = new Set<FindingStateKind>(['open', 'claimed', 'still-present']);

/** The snapshot kept after each round: unsettled blocking ids, sorted, and `verify` when it failed. */
export function blockingSnapshot(run: Pick<Run, 'findings'>, verifyFailed: boolean): string[] {
  const ids = unsettledBlocking(run).map((f) => f.id).sort();
  return verifyFailed ? [...ids, VERIFY_FAILED] : ids;
}

/** Whether the round's verify command ran and failed. */
export function verifyFailed(round: Round | undefined): boolean {
  return round?.verify !== undefined && round.verify.exitCode !== 0;
}

export interface AfterRound {
  run: Run;
  /** The round the autopilot just ran. */
  round: Round;
  /** Its checks so far, the one of this round last (the first is the state before the first round). */
  checks: readonly AutopilotCheck[];
  external: readonly ExternalStop[];
}

/** Stop (and why), or undefined: the next round may start. */
export function stopAfterRound(input: AfterRound): StopVerdict | undefined {
  const { run, round } = input;
  if (run.status === 'approved' || run.status === 'aborted') return { reason: 'run-settled', message: `The run was ${run.status} while the autopilot ran.` };
  const failed = roundStop(round);
  if (failed) return failed;
  const external = input.external[0];
  if (external) return { reason: external.reason, message: external.message };
  const pending = run.pendingDecision;
  if (pending && pending.kind !== 'round-review' && pending.kind !== 'round-cap') {
    return { reason: 'needs-decision', message: `Round ${round.index} raised a decision the autopilot does not take (${pending.kind})${pending.reason ? `: ${pending.reason}` : ''}.` };
  }
  if (round.questions && round.questions.length > 0) {
    return { reason: 'agent-question', message: `The agent asked ${round.questions.length === 1 ? 'a question' : `${round.questions.length} questions`} in round ${round.index}; answer in the feedback of the next round.`, questions: round.questions };
  }
  const open = unsettledBlocking(run);
  const objected = open.filter((f) => f.disposition && f.disposition.round === round.index && f.disposition.kind !== 'fixed');
  if (objected.length > 0) {
    return { reason: 'agent-disagrees', message: `The agent disagreed with or deferred ${listFindings(objected)} in round ${round.index}; a person decides who is right.`, findings: objected.map((f) => f.id) };
  }
  return stopOnFindings(run, round, input.checks);
}

/** How a round that did not succeed stops the autopilot. */
export function roundStop(round: Round): StopVerdict | undefined {
  switch (round.status) {
    case 'succeeded':
    case 'imported':
    case 'queued':
    case 'running':
      return undefined;
    case 'cancelled':
      return { reason: 'cancelled', message: `Round ${round.index} was cancelled.` };
    case 'interrupted':
      return { reason: 'interrupted', message: `Round ${round.index} was interrupted (reload, crash or reboot).` };
    case 'failed':
    case 'timed-out':
      return { reason: 'round-failed', message: `Round ${round.index} ${round.status === 'timed-out' ? 'timed out' : 'failed'}${round.error ? `: ${round.error.message}` : ''}.` };
  }
}

/** All fixed, only unverifiable claims left, or no progress — or undefined: there is work for the agent. */
export function stopOnFindings(run: Run, round: Round | undefined, checks: readonly AutopilotCheck[]): StopVerdict | undefined {
  const open = unsettledBlocking(run);
  const verifyBroken = verifyFailed(round);
  if (open.length === 0 && !verifyBroken) return { reason: 'all-fixed', message: 'Every blocking finding is verified fixed, resolved or dismissed. Review the result and approve.' };
  const work = open.filter((f) => findingState(f).kind !== 'claimed');
  if (work.length === 0 && !verifyBroken) {
    return { reason: 'unverified-claims', message: `The agent says ${listFindings(open)} ${open.length === 1 ? 'is' : 'are'} fixed and no re-check could confirm or refute it; accept or reopen ${open.length === 1 ? 'it' : 'them'}.`, findings: open.map((f) => f.id) };
  }
  const [a, b, c] = checks.slice(-3).map((check) => check.openBlocking.join(','));
  if (checks.length >= 3 && a === b && b === c) {
    const still = checks[checks.length - 1]!.openBlocking;
    return { reason: 'no-progress', message: `The same blocking findings (${still.join(', ')}) are still present after two rounds in a row.`, findings: still };
  }
  return undefined;
}

/** The feedback of the next round: the blocking findings still open, and a failed verify command. */
export function nextFeedback(run: Run, round: Round | undefined, roundNumber: number, maxRounds: number): string {
  const open = unsettledBlocking(run);
  const lines = [`Autopilot round ${roundNumber} of at most ${maxRounds}. Fix the blocking findings that are still open; answer each one.`];
  for (const f of open) {
    const state = findingState(f);
    const why = state.kind === 'still-present' ? ` — still present${state.evidence ? `: ${state.evidence}` : ''}` : state.kind === 'claimed' ? ' — claimed fixed, not confirmed yet' : '';
    lines.push(`- ${f.id} (${f.title})${why}`);
  }
  if (verifyFailed(round)) lines.push(`- The verify command \`${round!.verify!.command.join(' ')}\` failed (exit ${round!.verify!.exitCode ?? 'none'}); make it pass.`);
  return lines.join('\n');
}
