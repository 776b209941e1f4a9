/**
 * The autopilot's record in run.json (docs/autopilot.md): the budget the user chose, what was
 * spent, the rounds it ran, what each re-check said, and why it stopped. Written under the run's
 * lock at every step, so an interrupted autopilot (cancel, reload, crash) leaves a record a person
 * can read and `revise autopilot --resume` can continue from.
 */
import { z } from 'zod';

/** The limits; each is checked before every round (src/engine/autopilot/budget.ts). */
export const AutopilotBudget = z.object({
  /** Rounds the autopilot may start. */
  maxRounds: z.number().int().positive(),
  /** US dollars, from the agents' reported cost. */
  maxCostUsd: z.number().positive().optional(),
  /** Input + output tokens, as the agents report them. */
  maxTokens: z.number().int().positive().optional(),
  /** Wall time the autopilot may be active. */
  maxMinutes: z.number().positive().optional(),
});
export type AutopilotBudget = z.infer<typeof AutopilotBudget>;

export const AutopilotSpent = z.object({
  rounds: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  tokens: z.number().int().nonnegative(),
  /** Time the autopilot was active, summed over its sessions (a resume starts a new one). */
  elapsedMs: z.number().nonnegative(),
  /** Rounds whose agent reported no cost (a money budget cannot be kept over them). */
  unpricedRounds: z.number().int().nonnegative().default(0),
});
export type AutopilotSpent = z.infer<typeof AutopilotSpent>;

/** One re-check after a round: the verify command, a re-scan, the reviewer, the pull request. */
export const RecheckResult = z.object({
  /** `verify`, `reviewer`, `analysers`, `reviewer-agent`, `pull-request`, `branch`… */
  name: z.string(),
  outcome: z.enum(['passed', 'failed', 'skipped', 'error']),
  /** One line saying what it found. */
  detail: z.string().optional(),
  /** Findings it showed fixed, still present, or new. */
  verified: z.array(z.string()).optional(),
  stillPresent: z.array(z.string()).optional(),
  added: z.array(z.string()).optional(),
});
export type RecheckResult = z.infer<typeof RecheckResult>;

/** The re-checks after one round, and the blocking findings still open then. */
export const AutopilotCheck = z.object({
  round: z.number().int().nonnegative(),
  at: z.string(),
  results: z.array(RecheckResult),
  /** Ids of blocking findings still unsettled (and `verify` when the verify command failed). */
  openBlocking: z.array(z.string()),
});
export type AutopilotCheck = z.infer<typeof AutopilotCheck>;

/** Why the autopilot handed the run back to a person (src/engine/autopilot/stopReasons.ts). */
export const StopReason = z.enum([
  'all-fixed',
  'unverified-claims',
  'budget',
  'agent-disagrees',
  'agent-question',
  'no-progress',
  'pr-merged',
  'pr-closed',
  'branch-pushed',
  'reviewer-failed',
  'round-failed',
  'needs-decision',
  'run-settled',
  'cancelled',
  'interrupted',
]);
export type StopReason = z.infer<typeof StopReason>;

export const BudgetLimit = z.enum(['rounds', 'cost', 'tokens', 'time']);
export type BudgetLimit = z.infer<typeof BudgetLimit>;

export const AutopilotStop = z.object({
  reason: StopReason,
  at: z.string(),
  /** What happened and what the person can do next. */
  message: z.string(),
  /** The findings it is about (the disagreed ones, the ones without progress, …). */
  findings: z.array(z.string()).optional(),
  /** For `budget`: the limit that would be exceeded. */
  limit: BudgetLimit.optional(),
  /** For `agent-question`: the agent's questions. */
  questions: z.array(z.string()).optional(),
});
export type AutopilotStop = z.infer<typeof AutopilotStop>;

export const AutopilotState = z.object({
  /** `active` while a process runs it (`owner`); `stopped` with `stop` once it handed over. */
  status: z.enum(['active', 'stopped']),
  startedAt: z.string(),
  by: z.string(),
  budget: AutopilotBudget,
  spent: AutopilotSpent,
  /** Indices of the rounds the autopilot started. */
  rounds: z.array(z.number().int().nonnegative()),
  /** The state before its first round (round = the last round then), then one entry per round. */
  checks: z.array(AutopilotCheck),
  /** Whether it pushes after each round (the user's push setting, chosen in advance). */
  push: z.boolean(),
  /** The process running it while `active`, to tell a crashed autopilot from a running one. */
  owner: z.object({ pid: z.number().int(), startTime: z.string().optional() }).optional(),
  /** ISO times of each resume. */
  resumedAt: z.array(z.string()).optional(),
  stop: AutopilotStop.optional(),
});
export type AutopilotState = z.infer<typeof AutopilotState>;
