/**
 * `revise autopilot <run>`: rounds continue on their own until the blocking findings are verified
 * fixed or the budget is spent, then a person decides (docs/autopilot.md). The exit code says why it
 * stopped: 0 all fixed, 8 budget, 9 handed over for a judgement, 10 the pull request changed, 4/6/7 a
 * round failed / timed out / was cancelled.
 */
import type { AutopilotState, AutopilotStop, StopReason } from '../core/autopilotModel';
import { ExitCode, InputError } from '../core/errors';
import { REVIEWER_PRESET_NAMES as REVIEWER_PRESETS } from '../core/reviewerAgents';
import { checkRunsRecheck, pullRequestRecheck, reviewerAgentsRecheck, type AutopilotEvent, type Engine, type Recheck, type ReviewerAgentOptions } from '../engine';
import { minutes, usd } from '../engine/autopilot/budget';
import { int, str, type Parsed } from './args';
import type { Command, CommandContext } from './command';
import { report } from './envelope';
import { positiveNumber, ROUND_USAGE, roundFlags, roundFlagsHelp, roundOptionsFrom, withSignals } from './roundFlags';

/** The exit code of each stop reason. */
export function autopilotExitCode(stop: AutopilotStop, lastRoundStatus: string | undefined): ExitCode {
  switch (stop.reason) {
    case 'all-fixed':
      return ExitCode.ok;
    case 'budget':
      return ExitCode.budget;
    case 'agent-disagrees':
    case 'agent-question':
    case 'no-progress':
    case 'unverified-claims':
    case 'needs-decision':
    case 'run-settled':
    case 'reviewer-failed':
      return ExitCode.handedOver;
    case 'pr-merged':
    case 'pr-closed':
    case 'branch-pushed':
      return ExitCode.prChanged;
    case 'cancelled':
      return ExitCode.cancelled;
    case 'round-failed':
    case 'interrupted':
      return lastRoundStatus === 'timed-out' ? ExitCode.timedOut : ExitCode.agent;
  }
}

/** What a person does next, per stop reason (in flag names). */
const NEXT: Record<StopReason, string> = {
  'all-fixed': 'Review the result, then approve: `revise decide --run <id> --decision <did> approve`.',
  'unverified-claims': 'Check the claimed fixes: `revise findings accept|reopen --run <id> B1`, then resume with `revise autopilot <id> --resume`.',
  budget: 'Approve, decide yourself, or resume with a larger budget: `revise autopilot <id> --resume --max-cost-usd X`.',
  'agent-disagrees': 'Read the agent\'s reasons (`revise findings list --run <id>`); dismiss the finding or insist in your feedback, then resume.',
  'agent-question': 'Answer in the feedback of the next round (`revise decide … request-changes --feedback TEXT`), then resume.',
  'no-progress': 'Look at the findings and the round logs; give the agent more direction, or approve or abort.',
  'pr-merged': 'Nothing left to revise; abort the run to clean it up.',
  'pr-closed': 'Reopen the pull request to go on, or abort the run.',
  'branch-pushed': 'Someone else pushed: look at their commits before going on (`revise status --run <id>`).',
  'reviewer-failed': 'Read the reviewer\'s log (`revise status --run <id>`), fix its setup, then resume with `revise autopilot <id> --resume`.',
  'round-failed': 'Read the round\'s log (`revise status --run <id>`); retry the round or resume the autopilot.',
  'needs-decision': 'Act on the pending decision (`revise status --run <id>` shows it).',
  'run-settled': 'The run is finished.',
  cancelled: 'Resume with `revise autopilot <id> --resume`, or decide yourself.',
  interrupted: 'Resume with `revise autopilot <id> --resume`, or decide yourself.',
};

/** `2 of 5 rounds, $0.0400 of $1.00, 12000 tokens, 1.5 min of 30.0 min` */
export function spendLine(state: AutopilotState): string {
  const { budget, spent } = state;
  const parts = [`${spent.rounds} of ${budget.maxRounds} round${budget.maxRounds === 1 ? '' : 's'}`];
  parts.push(`${usd(spent.costUsd)}${budget.maxCostUsd !== undefined ? ` of ${usd(budget.maxCostUsd)}` : ''}${spent.unpricedRounds > 0 ? ` (${spent.unpricedRounds} round${spent.unpricedRounds === 1 ? '' : 's'} without a reported cost)` : ''}`);
  parts.push(`${spent.tokens} tokens${budget.maxTokens !== undefined ? ` of ${budget.maxTokens}` : ''}`);
  parts.push(`${minutes(spent.elapsedMs)}${budget.maxMinutes !== undefined ? ` of ${minutes(budget.maxMinutes * 60_000)}` : ''}`);
  return parts.join(', ');
}

function stopText(runId: string, state: AutopilotState): string[] {
  const stop = state.stop!;
  const lines = [`Autopilot of run ${runId} stopped: ${stop.reason}. ${stop.message}`];
  for (const q of stop.questions ?? []) lines.push(`  question: ${q}`);
  lines.push(`Spent: ${spendLine(state)}.`);
  for (const check of state.checks.slice(1)) {
    lines.push(`Round ${check.round}: ${check.openBlocking.length === 0 ? 'no blocking finding open' : `still open: ${check.openBlocking.join(', ')}`}`);
    for (const r of check.results) lines.push(`  ${r.name}: ${r.outcome}${r.detail ? ` — ${r.detail}` : ''}`);
  }
  lines.push(`Next: ${NEXT[stop.reason].replaceAll('<id>', runId)}`);
  return lines;
}

function progressLine(event: AutopilotEvent): string {
  switch (event.kind) {
    case 'round-started':
      return `autopilot: round ${event.round} started (${event.number} of at most ${event.state.budget.maxRounds})\n`;
    case 'round-finished':
      return `autopilot: round ${event.round.index} ${event.round.status}; ${event.results.map((r) => `${r.name} ${r.outcome}`).join(', ') || 'no re-checks'}; spent ${spendLine(event.state)}\n`;
    case 'stopped':
      return `autopilot: stopped (${event.stop.reason})\n`;
  }
}

/** `claude` or `claude=/path/to/claude`: a reviewer preset and, optionally, its executable. */
function reviewerFlag(raw: string, advisory: boolean, timeoutMs: number): ReviewerAgentOptions {
  const at = raw.indexOf('=');
  const preset = at < 0 ? raw : raw.slice(0, at);
  if (!(REVIEWER_PRESETS as readonly string[]).includes(preset)) throw new InputError('bad-input', `"${preset}" is not a reviewer agent; use one of ${REVIEWER_PRESETS.join(', ')}.`);
  return { reviewer: preset, advisory, timeoutMs, ...(at >= 0 ? { executable: raw.slice(at + 1) } : {}) };
}

/** The pull request's state, the reviewer agents, and (with --check-runs) the CI check runs, in that order. */
function reviewRechecks(v: Parsed['values'], access: { token: string; apiUrl?: string | undefined } | undefined, timeoutMs: number): Recheck[] {
  const list = (name: string) => (Array.isArray(v[name]) ? (v[name] as string[]) : []);
  const reviewers = [...list('reviewer-agent').map((r) => reviewerFlag(r, false, timeoutMs)), ...list('advisory-reviewer').map((r) => reviewerFlag(r, true, timeoutMs))];
  return [pullRequestRecheck(access), reviewerAgentsRecheck(reviewers), ...(v['check-runs'] === true ? [checkRunsRecheck(access)] : [])];
}

/** The run id: `revise autopilot <run>` or `--run <run>`. */
function runIdOf(parsed: Parsed): string {
  const id = parsed.positionals[0] ?? str(parsed.values, 'run');
  if (!id) throw new InputError('usage', 'Which run? `revise autopilot <run>` (`revise status` lists them).');
  return id;
}

export function autopilotCommand(engineFor: (parsed: Parsed) => Promise<Engine>): Command {
  return {
    summary: 'Run rounds on their own until the blocking findings are verified fixed or the budget is spent',
    usage: `revise autopilot <run> [--resume] [--max-rounds N] [--max-cost-usd X] [--max-tokens T] [--max-minutes M] [--push] [--reviewer-agent PRESET[=PATH] …] [--advisory-reviewer PRESET[=PATH] …] [--check-runs] [--github-api-url URL] ${ROUND_USAGE}`,
    options: {
      run: { type: 'string' },
      resume: { type: 'boolean', default: false },
      'max-rounds': { type: 'string' },
      'max-cost-usd': { type: 'string' },
      'max-tokens': { type: 'string' },
      'max-minutes': { type: 'string' },
      push: { type: 'boolean', default: false },
      'github-api-url': { type: 'string' },
      'reviewer-agent': { type: 'string', multiple: true },
      'advisory-reviewer': { type: 'string', multiple: true },
      'check-runs': { type: 'boolean', default: false },
      ...roundFlags,
    },
    help: {
      run: 'ID: the run (or give it as the first argument)',
      resume: 'continue a stopped or interrupted autopilot with its recorded budget and spend (limits given now replace the recorded ones)',
      'max-rounds': 'N: rounds it may start (default: what is left under the run\'s round cap)',
      'max-cost-usd': 'X: US dollars it may spend, from the agents\' reported cost',
      'max-tokens': 'T: input + output tokens it may use, as the agents report them',
      'max-minutes': 'M: wall time it may run',
      push: 'push the run branch (with the lease) after each round; never without this flag',
      'github-api-url': 'URL: GitHub Enterprise API URL (or REVISE_GITHUB_API_URL); a pull request run is checked with GITHUB_TOKEN',
      'reviewer-agent': `PRESET[=PATH]: a blocking reviewer agent (${REVIEWER_PRESETS.join('|')}) that reviews each round; repeatable`,
      'advisory-reviewer': 'PRESET[=PATH]: an advisory reviewer agent: its findings never drive a round; repeatable',
      'check-runs': '(pull request run, GITHUB_TOKEN) import the failed CI check runs of the run\'s pushed head after each round',
      ...roundFlagsHelp,
    },
    positionals: { name: 'run', values: [], free: true },
    async run(parsed, ctx: CommandContext) {
      const v = parsed.values;
      const runId = runIdOf(parsed);
      const round = roundOptionsFrom(v);
      const maxRounds = int(v, 'max-rounds', { min: 1 });
      const maxTokens = int(v, 'max-tokens', { min: 1 });
      const maxCostUsd = positiveNumber(v, 'max-cost-usd');
      const maxMinutes = positiveNumber(v, 'max-minutes');
      const budget = { ...(maxRounds !== undefined ? { maxRounds } : {}), ...(maxCostUsd !== undefined ? { maxCostUsd } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}), ...(maxMinutes !== undefined ? { maxMinutes } : {}) };
      const token = ctx.env.GITHUB_TOKEN;
      const access = token ? { token, apiUrl: str(v, 'github-api-url') ?? ctx.env.REVISE_GITHUB_API_URL } : undefined;
      const rechecks = reviewRechecks(v, access, round.agent.timeoutMs);
      const engine = await engineFor(parsed);
      return withSignals(engine, ctx, async (signal) => {
        const { run, stop } = await engine.autopilot(runId, {
          round,
          budget,
          resume: v.resume === true,
          push: v.push === true || round.pushAfterRound === true,
          rechecks,
          signal,
          onProgress: ctx.json ? undefined : (event) => ctx.stderr(progressLine(event)),
        });
        const exitCode = autopilotExitCode(stop, run.rounds[run.rounds.length - 1]?.status);
        return { ...report({ run, autopilot: run.autopilot, stop }, stopText(runId, run.autopilot!)), exitCode };
      });
    },
  };
}
