/** The `revise` commands of DESIGN.md (Command line). Each returns the JSON document it prints with --json. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AGENT_PRESETS } from '../core/agentPresets';
import { ExitCode, InputError } from '../core/errors';
import { DecisionOption, FindingStatus, Severity, type Run, type RoundStatus } from '../core/model';
import { issueFromMarkdown } from '../core/prompt/composePrompt';
import { DEFAULT_AGENT_TIMEOUT_MS, Engine, type AgentPreset } from '../engine';
import { int, oneOf, required, splitArgv, str, type Options, type Parsed } from './args';
import { printHuman } from './format';
import { startFromCli } from './startFromCli';

export interface CommandContext {
  argv: string[];
  json: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** A command's document with an exit code other than 0 (a round that failed still prints its run). */
export class CommandOutcome {
  constructor(
    readonly doc: unknown,
    readonly exitCode: ExitCode,
  ) {}
}

/** `revise round`: 0 succeeded, 4 the agent failed, 6 it timed out, 7 the round was cancelled. */
export function roundExitCode(status: RoundStatus | undefined): ExitCode {
  switch (status) {
    case 'failed':
    case 'interrupted':
      return ExitCode.agent;
    case 'timed-out':
      return ExitCode.timedOut;
    case 'cancelled':
      return ExitCode.cancelled;
    case 'succeeded':
    case 'imported':
    case 'queued':
    case 'running':
    case undefined:
      return ExitCode.ok;
  }
}

export interface Command {
  summary: string;
  usage: string;
  options: Options;
  run(parsed: Parsed, ctx: CommandContext): Promise<unknown>;
}

async function engineFor(parsed: Parsed): Promise<Engine> {
  return Engine.open(resolve(str(parsed.values, 'repo') ?? process.cwd()));
}

const runOption = { run: { type: 'string' } } as const satisfies Options;

export const commands: Record<string, Command> = {
  start: {
    summary: 'Restore a prior attempt into its own worktree and start a run',
    usage: 'revise start --branch <prior> [--base main] [--remote origin] [--pr N] [--issue N | --issue-file FILE] [--strategy restore|fresh] [--base-update merge|rebase|none] [--max-rounds 3] [--worktree DIR] [--title TEXT] [--github-api-url URL]',
    options: {
      branch: { type: 'string' },
      base: { type: 'string' },
      remote: { type: 'string' },
      pr: { type: 'string' },
      issue: { type: 'string' },
      'issue-file': { type: 'string' },
      strategy: { type: 'string' },
      'base-update': { type: 'string' },
      'max-rounds': { type: 'string' },
      worktree: { type: 'string' },
      title: { type: 'string' },
      'github-api-url': { type: 'string' },
    },
    async run(parsed, ctx) {
      const v = parsed.values;
      const maxRounds = int(v, 'max-rounds', { min: 0 });
      const issueFile = str(v, 'issue-file');
      let issue: { title: string; body: string } | undefined;
      if (issueFile) issue = issueFromMarkdown(await readInput(issueFile));
      const engine = await engineFor(parsed);
      return startFromCli(engine, {
        priorBranch: str(v, 'branch'),
        baseBranch: str(v, 'base'),
        remote: str(v, 'remote'),
        strategy: oneOf(v, 'strategy', ['restore', 'fresh'] as const),
        baseUpdate: oneOf(v, 'base-update', ['merge', 'rebase', 'none'] as const),
        maxRounds,
        worktree: str(v, 'worktree') ? resolve(str(v, 'worktree')!) : undefined,
        title: str(v, 'title'),
        issue,
        pr: int(v, 'pr', { min: 1 }),
      }, { issueNumber: int(v, 'issue', { min: 1 }), apiUrl: str(v, 'github-api-url') ?? ctx.env.REVISE_GITHUB_API_URL, token: ctx.env.GITHUB_TOKEN });
    },
  },

  status: {
    summary: 'List runs (or one run) with their state and pending decision',
    usage: 'revise status [--run ID]',
    options: { ...runOption },
    async run(parsed) {
      const engine = await engineFor(parsed);
      const id = str(parsed.values, 'run');
      if (id) return { runs: [await engine.get(id)] };
      const listing = await engine.list();
      return { runs: listing.runs, quarantined: listing.quarantined, newer: listing.newer, ...(listing.notices.length > 0 ? { notices: listing.notices } : {}) };
    },
  },

  findings: {
    summary: 'List, add, import or triage findings',
    usage: [
      'revise findings list --run ID',
      'revise findings add --run ID [--file PATH --line N [--end-line N]] --severity blocking|non-blocking|nit --message TEXT',
      'revise findings import --run ID --from FILE [--format markdown|sarif|json]',
      'revise findings set --run ID --id B1 --status open|resolved|dismissed [--reason TEXT] | --include true|false',
    ].join('\n       '),
    options: {
      ...runOption,
      file: { type: 'string' },
      line: { type: 'string' },
      'end-line': { type: 'string' },
      severity: { type: 'string' },
      message: { type: 'string' },
      from: { type: 'string' },
      format: { type: 'string' },
      id: { type: 'string' },
      status: { type: 'string' },
      reason: { type: 'string' },
      include: { type: 'string' },
    },
    async run(parsed) {
      const v = parsed.values;
      const sub = parsed.positionals[0];
      const runId = required(v, 'run');
      const engine = await engineFor(parsed);
      switch (sub) {
        case 'list':
          return { findings: (await engine.get(runId)).findings };
        case 'add': {
          const severity = oneOf(v, 'severity', Severity.options) ?? 'non-blocking';
          const { finding } = await engine.addFinding(runId, { file: str(v, 'file'), line: int(v, 'line', { min: 1 }), endLine: int(v, 'end-line', { min: 1 }), severity, message: required(v, 'message') });
          return { finding };
        }
        case 'import': {
          const from = resolve(required(v, 'from'));
          const format = oneOf(v, 'format', ['markdown', 'sarif', 'json'] as const);
          return engine.importReview(runId, { file: from, ...(format ? { format } : {}) });
        }
        case 'set': {
          const id = required(v, 'id');
          const include = oneOf(v, 'include', ['true', 'false'] as const);
          const status = oneOf(v, 'status', FindingStatus.options);
          if (!status && !include) throw new InputError('usage', 'findings set needs --status or --include.');
          let run: Run | undefined;
          if (status) run = await engine.setFindingStatus(runId, id, status, str(v, 'reason'));
          if (include) run = await engine.setFindingIncluded(runId, id, include === 'true');
          return { finding: run!.findings.find((f) => f.id === id) };
        }
        case undefined:
        default:
          throw new InputError('usage', `Unknown findings subcommand "${sub ?? ''}"; use list, add, import or set.`);
      }
    },
  },

  prompt: {
    summary: "Print the next round's prompt",
    usage: 'revise prompt --run ID',
    options: { ...runOption },
    async run(parsed) {
      const engine = await engineFor(parsed);
      return { prompt: await engine.prompt(required(parsed.values, 'run')) };
    },
  },

  decide: {
    summary: 'Act on the pending decision (approve, request-changes, abort, extra-round, …)',
    usage: 'revise decide --run ID --decision DID <option> [--feedback TEXT | --feedback-file FILE] [--replies per-thread|summary|off] [--resolve-threads] [--submit-review] [--no-push]   (GitHub replies after approve need GITHUB_TOKEN)',
    options: { ...runOption, decision: { type: 'string' }, feedback: { type: 'string' }, 'feedback-file': { type: 'string' }, replies: { type: 'string' }, 'resolve-threads': { type: 'boolean', default: false }, 'submit-review': { type: 'boolean', default: false }, 'github-api-url': { type: 'string' }, 'no-push': { type: 'boolean', default: false } },
    async run(parsed, ctx) {
      const v = parsed.values;
      const option = parsed.positionals[0];
      if (!option) throw new InputError('usage', `An option is required: one of ${DecisionOption.options.join(', ')}.`);
      if (!(DecisionOption.options as readonly string[]).includes(option)) throw new InputError('option-not-offered', `"${option}" is not a decision option; options are ${DecisionOption.options.join(', ')}.`);
      const feedbackFile = str(v, 'feedback-file');
      const feedback = feedbackFile ? await readInput(feedbackFile) : str(v, 'feedback');
      const mode = oneOf(v, 'replies', ['per-thread', 'summary', 'off'] as const) ?? 'per-thread';
      const token = ctx.env.GITHUB_TOKEN;
      const github = token
        ? { access: { token, apiUrl: str(v, 'github-api-url') ?? ctx.env.REVISE_GITHUB_API_URL }, policy: { mode, resolveThreads: v['resolve-threads'] === true, submitReview: v['submit-review'] === true } }
        : undefined;
      const engine = await engineFor(parsed);
      const { run, effect } = await engine.decide(required(v, 'run'), { decisionId: required(v, 'decision'), option: option as DecisionOption, feedback, github, pushOnApprove: v['no-push'] !== true });
      return { run, effect: effect.kind };
    },
  },

  round: {
    summary: 'Run the queued round with an agent (streams progress on a terminal)',
    usage: `revise round --run ID [--agent ${AGENT_PRESETS.join('|')}] [--agent-command "argv template"] [--agent-executable PATH] [--verify-command "argv"] [--reviewer-command "argv"] [--push-after-round] [--timeout-s N] [--allow-command "npm test" …| --allow-command none] [--max-turns N] [--max-budget-usd X] [--log-cap-mib N]`,
    options: {
      ...runOption,
      agent: { type: 'string' },
      'agent-command': { type: 'string' },
      'agent-executable': { type: 'string' },
      'verify-command': { type: 'string' },
      'reviewer-command': { type: 'string' },
      'push-after-round': { type: 'boolean', default: false },
      'timeout-s': { type: 'string' },
      'allow-command': { type: 'string', multiple: true },
      'max-turns': { type: 'string' },
      'max-budget-usd': { type: 'string' },
      'log-cap-mib': { type: 'string' },
    },
    async run(parsed, ctx) {
      const v = parsed.values;
      const command = str(v, 'agent-command');
      const preset: AgentPreset = oneOf(v, 'agent', AGENT_PRESETS) ?? (command ? 'custom' : 'claude');
      if (preset === 'custom' && !command) throw new InputError('usage', '--agent custom needs --agent-command "argv template".');
      const timeoutS = int(v, 'timeout-s', { min: 1 });
      const logCapMib = int(v, 'log-cap-mib', { min: 1 });
      const verify = str(v, 'verify-command');
      const reviewer = str(v, 'reviewer-command');
      const engine = await engineFor(parsed);
      const runId = required(v, 'run');
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const progress = !ctx.json && ctx.isTTY;
      const sub = progress ? engine.onRoundOutput((e) => ctx.stderr(e.text)) : undefined;
      try {
        const run = await engine.runRound(runId, {
          agent: {
            preset,
            command: command ? splitArgv(command) : undefined,
            executable: str(v, 'agent-executable'),
            timeoutMs: timeoutS ? timeoutS * 1000 : DEFAULT_AGENT_TIMEOUT_MS,
            allowedCommands: allowedCommandsFlag(v['allow-command']),
            maxTurns: int(v, 'max-turns', { min: 1 }),
            maxBudgetUsd: positiveNumber(v, 'max-budget-usd'),
          },
          verifyCommand: verify ? splitArgv(verify) : undefined,
          reviewerCommand: reviewer ? splitArgv(reviewer) : undefined,
          pushAfterRound: v['push-after-round'] === true,
          logCapBytes: logCapMib === undefined ? undefined : logCapMib * 1024 * 1024,
          signal: controller.signal,
        });
        const round = run.rounds[run.rounds.length - 1];
        return new CommandOutcome({ run, round }, roundExitCode(round?.status));
      } finally {
        sub?.dispose();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    },
  },

  push: {
    summary: 'Push the run branch to the prior branch with a lease pinned to the restored SHA',
    usage: 'revise push --run ID',
    options: { ...runOption },
    async run(parsed) {
      const engine = await engineFor(parsed);
      const run = await engine.push(required(parsed.values, 'run'));
      return { run, pushed: run.leaseSha };
    },
  },

  leftovers: {
    summary: 'List (or with --remove, remove) worktrees, branches and refs of runs that do not exist, e.g. from a failed start',
    usage: 'revise leftovers [--remove]',
    options: { remove: { type: 'boolean' } },
    async run(parsed) {
      const engine = await engineFor(parsed);
      if (parsed.values.remove === true) return { leftovers: [], ...(await engine.removeLeftovers()) };
      return { leftovers: await engine.leftovers() };
    },
  },

  backups: {
    summary: 'List the backup refs of a run, or restore one into a new branch',
    usage: 'revise backups --run ID [--restore REF --branch NAME]',
    options: { ...runOption, restore: { type: 'string' }, branch: { type: 'string' } },
    async run(parsed) {
      const v = parsed.values;
      const engine = await engineFor(parsed);
      const runId = required(v, 'run');
      const ref = str(v, 'restore');
      if (ref) {
        const branch = required(v, 'branch');
        await engine.restoreBackup(runId, ref, branch);
        return { restored: { ref, branch } };
      }
      return { backups: await engine.backups(runId) };
    },
  },
};

/** `--allow-command` given any number of times; `none` allows nothing; absent: the verify command. */
function allowedCommandsFlag(raw: unknown): string[][] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const commands = (raw as string[]).map((c) => splitArgv(c));
  return commands.length === 1 && commands[0]!.join(' ') === 'none' ? [] : commands;
}

function positiveNumber(values: Parsed['values'], name: string): number | undefined {
  const raw = str(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InputError('bad-input', `--${name} must be a positive number (got "${raw}").`);
  return n;
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw new InputError('bad-file', `Cannot read ${file}: ${(error as Error).message}`);
  }
}

export { printHuman };
