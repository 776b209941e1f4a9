/**
 * The autopilot's budget, checked BEFORE every round and never after: a round is not started when
 * what was spent so far already reached a limit, or when the next round would pass one — rounds
 * by count, money, tokens and wall time by the largest round so far (the estimate of the next).
 * Cost and tokens come from what the agents reported on each round (run.json, `round.agent`).
 * Pure and zod-free: the panel shows the same numbers.
 */
import type { AutopilotBudget, AutopilotSpent, BudgetLimit } from '../../core/autopilotModel';
import type { Round } from '../../core/model';

/** What one round cost, as its agent reported it. */
export interface RoundSpend {
  /** Undefined when the agent reported no cost. */
  costUsd: number | undefined;
  tokens: number;
  ms: number;
}

/** The spend of a finished round (an interrupted one counts what it recorded). */
export function roundSpend(round: Round): RoundSpend {
  const usage = round.agent?.usage;
  const started = Date.parse(round.startedAt);
  const ended = round.endedAt ? Date.parse(round.endedAt) : started;
  return {
    costUsd: round.agent?.costUsd,
    tokens: (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0),
    ms: Number.isFinite(ended - started) ? Math.max(0, ended - started) : 0,
  };
}

/** Nothing spent yet. */
export function noSpend(): AutopilotSpent {
  return { rounds: 0, costUsd: 0, tokens: 0, elapsedMs: 0, unpricedRounds: 0 };
}

/** `spent` with a finished round's cost and tokens added (rounds are counted when started, wall time by the loop's clock). */
export function addSpend(spent: AutopilotSpent, round: RoundSpend): AutopilotSpent {
  return {
    ...spent,
    costUsd: spent.costUsd + (round.costUsd ?? 0),
    tokens: spent.tokens + round.tokens,
    unpricedRounds: spent.unpricedRounds + (round.costUsd === undefined ? 1 : 0),
  };
}

export type BudgetVerdict = { ok: true } | { ok: false; limit: BudgetLimit; message: string };

/**
 * Whether the next round may start. `rounds` are the spends of the rounds run so far (their
 * largest is the estimate of the next one); `elapsedMs` the wall time used up to now.
 */
export function checkBudget(budget: AutopilotBudget, spent: AutopilotSpent, rounds: readonly RoundSpend[], elapsedMs: number): BudgetVerdict {
  if (spent.rounds >= budget.maxRounds) {
    return { ok: false, limit: 'rounds', message: budget.maxRounds === 1 ? 'The budget of 1 round is used up.' : `The budget of ${budget.maxRounds} rounds is used up.` };
  }
  const largest = (pick: (r: RoundSpend) => number) => rounds.reduce((max, r) => Math.max(max, pick(r)), 0);
  if (budget.maxCostUsd !== undefined) {
    if (spent.unpricedRounds > 0) {
      return { ok: false, limit: 'cost', message: `The agent reported no cost for ${spent.unpricedRounds} round${spent.unpricedRounds === 1 ? '' : 's'}, so the money budget (${usd(budget.maxCostUsd)}) cannot be kept.` };
    }
    const next = largest((r) => r.costUsd ?? 0);
    if (spent.costUsd >= budget.maxCostUsd || spent.costUsd + next > budget.maxCostUsd) {
      return { ok: false, limit: 'cost', message: `${usd(spent.costUsd)} of ${usd(budget.maxCostUsd)} spent; another round (up to ${usd(next)} so far) would exceed it.` };
    }
  }
  if (budget.maxTokens !== undefined) {
    const next = largest((r) => r.tokens);
    if (spent.tokens >= budget.maxTokens || spent.tokens + next > budget.maxTokens) {
      return { ok: false, limit: 'tokens', message: `${spent.tokens} of ${budget.maxTokens} tokens used; another round (up to ${next} so far) would exceed it.` };
    }
  }
  if (budget.maxMinutes !== undefined) {
    const max = budget.maxMinutes * 60_000;
    const next = largest((r) => r.ms);
    if (elapsedMs >= max || elapsedMs + next > max) {
      return { ok: false, limit: 'time', message: `${minutes(elapsedMs)} of ${minutes(max)} used; another round (up to ${minutes(next)} so far) would exceed it.` };
    }
  }
  return { ok: true };
}

/**
 * What is left for the next round, to hand to the agent as its own per-round limits where the preset
 * has them (Claude's `--max-budget-usd`) and as the round's timeout.
 */
export function remaining(budget: AutopilotBudget, spent: AutopilotSpent, elapsedMs: number): { costUsd?: number; ms?: number } {
  return {
    ...(budget.maxCostUsd !== undefined ? { costUsd: Math.max(0, budget.maxCostUsd - spent.costUsd) } : {}),
    ...(budget.maxMinutes !== undefined ? { ms: Math.max(0, budget.maxMinutes * 60_000 - elapsedMs) } : {}),
  };
}

/** `$0.0123` */
export function usd(amount: number): string {
  return `$${amount < 1 ? amount.toFixed(4) : amount.toFixed(2)}`;
}

/** `2.5 min` */
export function minutes(ms: number): string {
  return `${(ms / 60_000).toFixed(ms < 60_000 ? 2 : 1)} min`;
}
