/**
 * The `revise` commands (docs/cli.md). Each returns a Report: the run it acted on, a listing, or
 * what else it has to say under `result` (printed as one envelope with --json, see envelope.ts),
 * and the lines a person reads.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DecisionError, ExitCode, InputError, ReviseError } from '../core/errors';
import { findingState } from '../core/findingState';
import { DecisionOption, FindingStatus, Severity, type DecisionRecord, type RoundStatus, type Run } from '../core/model';
import { issueFromMarkdown } from '../core/prompt/composePrompt';
import { lastRound } from '../core/runFacts';
import { Engine } from '../engine';
import { quickListing } from '../engine/listing';
import { int, oneOf, required, str, type Options, type Parsed } from './args';
import { report } from './envelope';
import { checkRunsLines, githubAccess } from './checkRunsText';
import { importSummaryLines } from './importSummary';
import { backupText, cleanText, leftoversText, decideText, findingText, pushedTo, printHuman, runText, startText, statusText } from './format';
import { reviewCommand } from './reviewCommand';
import { startFromCli } from './startFromCli';
import { autopilotCommand } from './autopilotCommand';
import { ROUND_USAGE, roundFlags, roundFlagsHelp, roundOptionsFrom, withSignals } from './roundFlags';
import { analyserHelp, analyserOptions, rescanCommand } from './rescan';
import { actionsCommand } from './actionsCommand';
import type { Command } from './command';

export type { Command, CommandContext } from './command';


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


/** The folder given with --repo, or the current one. */
function repoDir(parsed: Parsed): string {
  return resolve(str(parsed.values, 'repo') ?? process.cwd());
}

async function engineFor(parsed: Parsed): Promise<Engine> {
  return Engine.open(repoDir(parsed));
}

const runOption = { run: { type: 'string' } } as const satisfies Options;
const runHelp = { run: 'ID: the run (`revise status` lists them)' };

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
    help: {
      branch: 'NAME: the branch of the prior attempt on the remote (required unless --pr)',
      base: 'NAME: the base branch the attempt forked from (default: the remote\'s default branch)',
      remote: 'NAME: the remote to restore from and push to (default: origin)',
      pr: 'N: start from pull request N (needs GITHUB_TOKEN): its head branch, threads and reviews',
      issue: 'N: put GitHub issue N in the prompt (needs GITHUB_TOKEN)',
      'issue-file': 'FILE: put this markdown file in the prompt as the original issue (first heading = title)',
      strategy: 'restore|fresh: restore the prior attempt (default), or start fresh from the base, explicitly',
      'base-update': 'merge|rebase|none: how to take in a base that moved since the attempt forked (default: merge)',
      'max-rounds': 'N: revision rounds before the cap decision (default 3; 0 never starts a round)',
      worktree: 'DIR: where to add the run\'s worktree (default: <repo>.revise/<run id>)',
      title: 'TEXT: the run\'s title (default: the PR title or the branch)',
      'github-api-url': 'URL: GitHub Enterprise API URL (or REVISE_GITHUB_API_URL)',
    },
    async run(parsed, ctx) {
      const v = parsed.values;
      const maxRounds = int(v, 'max-rounds', { min: 0 });
      const issueFile = str(v, 'issue-file');
      let issue: { title: string; body: string } | undefined;
      if (issueFile) issue = issueFromMarkdown(await readInput(issueFile));
      const engine = await engineFor(parsed);
      const run = await startFromCli(engine, {
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
      return report({ run }, startText(run));
    },
  },

  status: {
    summary: 'List runs (or one run) with their state and pending decision',
    usage: 'revise status [--run ID]',
    options: { ...runOption },
    help: { run: 'ID: only this run' },
    endsWithOutput: true,
    async run(parsed, ctx) {
      const id = str(parsed.values, 'run');
      const listing = id ? { runs: [await (await engineFor(parsed)).get(id)], quarantined: [], newer: [], notices: [] } : ((await quickListing(repoDir(parsed))) ?? (await (await engineFor(parsed)).list()));
      const removedWorktrees = listing.runs.filter((r) => !existsSync(r.worktree)).map((r) => r.id);
      // The lines for a person only without --json: for 500 runs they cost ~5 ms that --json never prints.
      return report({ runs: listing.runs, quarantined: listing.quarantined, newer: listing.newer, ...(listing.notices.length > 0 ? { notices: listing.notices } : {}), removedWorktrees }, ctx.json ? undefined : statusText(listing, removedWorktrees));
    },
  },

  findings: {
    summary: 'List, add, import or triage findings',
    usage: [
      'revise findings list --run ID',
      'revise findings add --run ID [--file PATH --line N [--end-line N]] --severity blocking|non-blocking|nit --message TEXT',
      'revise findings import --run ID --from FILE [--format markdown|sarif|json]',
      'revise findings import-checks --run ID [--sha SHA] [--github-api-url URL]   (failed CI checks of a PR run\'s head; needs GITHUB_TOKEN)',
      'revise findings set --run ID --id B1 --status open|resolved|dismissed [--reason TEXT] | --include true|false',
      'revise findings accept --run ID FINDING…   (the agent\'s claim holds: fixed ones become verified)',
      'revise findings reopen --run ID FINDING… [--reason TEXT]   (still present: back into the next round)',
      'revise findings rescan --run ID --analyser "NAME=ARGV"… [--source NAME…]   (re-run analysers: what they no longer report is verified)',
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
      ...analyserOptions,
      'github-api-url': { type: 'string' },
      sha: { type: 'string' },
    },
    help: {
      ...runHelp,
      file: 'PATH: (add) the file, relative to the worktree',
      line: 'N: (add) the first line',
      'end-line': 'N: (add) the last line (default: --line)',
      severity: 'blocking|non-blocking|nit: (add) default non-blocking',
      message: 'TEXT: (add) what should change; its first line is the title',
      from: 'FILE: (import) a markdown review, SARIF log or Revise JSON findings file',
      format: 'markdown|sarif|json: (import) default: from the file name and content',
      id: 'ID: (set) the finding, e.g. B1',
      status: 'open|resolved|dismissed: (set) the new status',
      reason: 'TEXT: (set) why it was dismissed or resolved; (reopen) what shows it is still present',
      include: 'true|false: (set) whether the next round\'s prompt includes it',
      ...analyserHelp,
      'github-api-url': 'URL: (import-checks) GitHub Enterprise API URL (or REVISE_GITHUB_API_URL)',
      sha: 'SHA: (import-checks) the commit whose checks to import (default: the run\'s head)',
    },
    positionals: { name: 'subcommand', values: ['list', 'add', 'import', 'import-checks', 'set', 'accept', 'reopen', 'rescan'], variadic: ['accept', 'reopen'] },
    async run(parsed, ctx) {
      const v = parsed.values;
      const sub = parsed.positionals[0];
      const runId = required(v, 'run');
      const engine = await engineFor(parsed);
      switch (sub) {
        case 'list': {
          const findings = (await engine.get(runId)).findings;
          return report({ findings: findings.map((f) => ({ ...f, state: findingState(f) })) }, findings.length === 0 ? [`Run ${runId} has no findings. Add one with \`revise findings add\` or import a review with \`revise findings import\`.`] : findings.map(findingText));
        }
        case 'add': {
          const severity = oneOf(v, 'severity', Severity.options) ?? 'non-blocking';
          const [file, line, endLine] = [str(v, 'file'), int(v, 'line', { min: 1 }), int(v, 'end-line', { min: 1 })];
          if (line !== undefined && endLine !== undefined && endLine < line) throw new InputError('bad-input', `--end-line (${endLine}) is before --line (${line}).`);
          if (line !== undefined && file === undefined) throw new InputError('bad-input', '--line needs --file.');
          const { run, finding } = await engine.addFinding(runId, { file, line, endLine, severity, message: required(v, 'message') });
          return report({ run, finding }, [`Added ${finding.id} to run ${runId}:`, findingText(finding)]);
        }
        case 'import': {
          const from = resolve(required(v, 'from'));
          const format = oneOf(v, 'format', ['markdown', 'sarif', 'json'] as const);
          const summary = await engine.importReview(runId, { file: from, ...(format ? { format } : {}) });
          return report({ ...summary }, importSummaryLines(summary));
        }
        case 'import-checks': {
          const summary = await engine.importCheckRuns(runId, githubAccess(ctx, str(v, 'github-api-url'), 'findings import-checks'), { sha: str(v, 'sha') });
          return report({ ...summary }, checkRunsLines(summary));
        }
        case 'set': {
          const id = required(v, 'id');
          const include = oneOf(v, 'include', ['true', 'false'] as const);
          const status = oneOf(v, 'status', FindingStatus.options);
          if (!status && !include) throw new InputError('usage', 'findings set needs --status or --include.');
          let run: Run | undefined;
          if (status === 'dismissed' && !str(v, 'reason')?.trim()) throw new InputError('bad-input', `Dismissing ${id} needs a reason: --reason TEXT.`);
          if (status) run = await engine.setFindingStatus(runId, id, status, str(v, 'reason'));
          if (include) run = await engine.setFindingIncluded(runId, id, include === 'true');
          const finding = run!.findings.find((f) => f.id === id)!;
          return report({ run, finding }, [`Updated ${id} of run ${runId}:`, findingText(finding)]);
        }
        case 'accept':
        case 'reopen': {
          const ids = parsed.positionals.slice(1);
          if (ids.length === 0) throw new InputError('usage', `findings ${sub} needs the finding ids, e.g. \`revise findings ${sub} --run ${runId} B1\`.`);
          let run = await engine.get(runId);
          // Every id is checked first: a typo changes nothing rather than half the list.
          const unknown = ids.filter((id) => !run.findings.some((f) => f.id === id));
          if (unknown.length > 0) throw new ReviseError('finding-not-found', `Run ${runId} has no finding ${unknown.join(', ')}; nothing was changed.`);
          for (const id of ids) run = sub === 'accept' ? await engine.acceptFinding(runId, id) : await engine.reopenFinding(runId, id, str(v, 'reason'));
          const changed = run.findings.filter((f) => ids.includes(f.id));
          return report({ run, findings: changed }, [`${sub === 'accept' ? 'Accepted' : 'Reopened'} ${ids.join(', ')} of run ${runId}:`, ...changed.map(findingText)]);
        }
        case 'rescan':
          return rescanCommand(engine, parsed, runId);
        case undefined:
        default:
          throw new InputError('usage', sub === undefined ? 'findings needs a subcommand: list, add, import, import-checks, set, accept, reopen or rescan.' : `Unknown findings subcommand "${sub}"; use list, add, import, import-checks, set, accept, reopen or rescan.`);
      }
    },
  },

  prompt: {
    summary: "Print the next round's prompt",
    usage: 'revise prompt --run ID',
    options: { ...runOption },
    help: { ...runHelp },
    async run(parsed) {
      const engine = await engineFor(parsed);
      const prompt = await engine.prompt(required(parsed.values, 'run'));
      return report({ prompt }, [prompt]);
    },
  },

  decide: {
    summary: 'Act on the pending decision (approve, request-changes, abort, extra-round, …)',
    usage: 'revise decide --run ID --decision DID <option> [--feedback TEXT | --feedback-file FILE] [--allow-open] [--replies per-thread|summary|off] [--resolve-threads] [--submit-review] [--no-push]   (GitHub replies after approve need GITHUB_TOKEN)',
    options: { ...runOption, decision: { type: 'string' }, feedback: { type: 'string' }, 'feedback-file': { type: 'string' }, 'allow-open': { type: 'boolean', default: false }, replies: { type: 'string' }, 'resolve-threads': { type: 'boolean', default: false }, 'submit-review': { type: 'boolean', default: false }, 'github-api-url': { type: 'string' }, 'no-push': { type: 'boolean', default: false } },
    help: {
      ...runHelp,
      decision: 'ID: the pending decision you are acting on (`revise status` shows it); a stale one is refused',
      feedback: 'TEXT: (request-changes, extra-round, retry-round) feedback for the next round',
      'feedback-file': 'FILE: the feedback, read from a file',
      'allow-open': '(approve) approve although blocking findings are still open; without it approve refuses',
      replies: 'per-thread|summary|off: (approve of a PR run) how dispositions are posted (default per-thread)',
      'resolve-threads': '(approve of a PR run) resolve a thread whose finding was fixed',
      'submit-review': '(approve of a PR run) submit a review summarising the run',
      'github-api-url': 'URL: GitHub Enterprise API URL (or REVISE_GITHUB_API_URL)',
      'no-push': '(approve) approve without pushing',
    },
    // A getter: the options come from dist/engine.js, which loads when first used (launch.ts), not for every command.
    positionals: {
      name: 'option',
      get values() {
        return DecisionOption.options;
      },
    },
    async run(parsed, ctx) {
      const v = parsed.values;
      const option = parsed.positionals[0];
      if (!option) throw new InputError('usage', `An option is required: one of ${DecisionOption.options.join(', ')}.`);
      const feedbackFile = str(v, 'feedback-file');
      const feedback = feedbackFile ? await readInput(feedbackFile) : str(v, 'feedback');
      const mode = oneOf(v, 'replies', ['per-thread', 'summary', 'off'] as const) ?? 'per-thread';
      const token = ctx.env.GITHUB_TOKEN;
      const github = token
        ? { access: { token, apiUrl: str(v, 'github-api-url') ?? ctx.env.REVISE_GITHUB_API_URL }, policy: { mode, resolveThreads: v['resolve-threads'] === true, submitReview: v['submit-review'] === true } }
        : undefined;
      const engine = await engineFor(parsed);
      const decisionId = required(v, 'decision');
      const { run, effect } = await engine.decide(required(v, 'run'), { decisionId, option: option as DecisionOption, feedback, github, pushOnApprove: v['no-push'] !== true, refuseOpenBlocking: v['allow-open'] !== true });
      if (effect.kind === 'none') {
        const already = alreadySettled(run, decisionId, option as DecisionOption);
        return report({ run, effect: effect.kind, already }, [`Run ${run.id} was already ${run.status} by decision ${already.decisionId} (${already.at}); nothing was done.`]);
      }
      const pushed = effect.kind === 'approve' && v['no-push'] !== true && !run.pushBlockedReason ? pushedTo(run) : undefined;
      return report({ run, effect: effect.kind, ...(pushed ? { pushed } : {}) }, decideText(run, option as DecisionOption, effect.kind, pushed, v['no-push'] === true));
    },
  },

  round: {
    summary: 'Run the queued round with an agent (streams progress on a terminal)',
    usage: `revise round --run ID ${ROUND_USAGE}`,
    options: { ...runOption, ...roundFlags },
    help: { ...runHelp, ...roundFlagsHelp },
    async run(parsed, ctx) {
      const v = parsed.values;
      const options = roundOptionsFrom(v);
      const engine = await engineFor(parsed);
      const runId = required(v, 'run');
      return withSignals(engine, ctx, async (signal) => {
        const run = await engine.runRound(runId, { ...options, signal });
        const round = lastRound(run);
        return { ...report({ run, round }), exitCode: roundExitCode(round?.status) };
      });
    },
  },

  review: reviewCommand,

  push: {
    summary: 'Push the run branch to the prior branch with a lease pinned to the restored SHA',
    usage: 'revise push --run ID',
    options: { ...runOption },
    help: { ...runHelp },
    async run(parsed) {
      const engine = await engineFor(parsed);
      const run = await engine.push(required(parsed.values, 'run'));
      const pushed = pushedTo(run);
      return report({ run, pushed }, [`Pushed ${pushed.commit.slice(0, 12)} to ${pushed.branch} on ${pushed.remote}${pushed.url ? ` (${pushed.url})` : ''}.`, ...runText(run)]);
    },
  },

  clean: {
    summary: "Remove a finished run's worktree and local branch; its backup refs stay and are listed",
    usage: 'revise clean --run ID',
    options: { ...runOption },
    help: { run: 'ID: an approved or aborted run (a run still in progress is refused)' },
    async run(parsed) {
      const engine = await engineFor(parsed);
      const { run, ...cleaned } = await engine.clean(required(parsed.values, 'run'));
      return report({ run, ...cleaned }, cleanText(run, cleaned));
    },
  },

  leftovers: {
    summary: 'List (or with --remove, remove) worktrees, branches and refs of runs that do not exist, e.g. from a failed start',
    usage: 'revise leftovers [--remove]',
    options: { remove: { type: 'boolean' } },
    help: { remove: 'remove them: a worktree with work of its own is backed up first; backup refs stay' },
    async run(parsed) {
      const engine = await engineFor(parsed);
      if (parsed.values.remove === true) {
        const done = await engine.removeLeftovers();
        return report({ leftovers: [], ...done }, leftoversText([], done.removed, done.backups));
      }
      const leftovers = await engine.leftovers();
      return report({ leftovers }, leftoversText(leftovers, [], []));
    },
  },

  autopilot: autopilotCommand(engineFor),
  actions: actionsCommand,

  backups: {
    summary: 'List the backup refs of a run, or restore one into a new branch',
    usage: 'revise backups --run ID [--restore REF --branch NAME]',
    options: { ...runOption, restore: { type: 'string' }, branch: { type: 'string' } },
    help: { ...runHelp, restore: 'REF: a backup ref of the run (as listed) to restore', branch: 'NAME: (with --restore) the new branch to create at it' },
    async run(parsed) {
      const v = parsed.values;
      const engine = await engineFor(parsed);
      const runId = required(v, 'run');
      const ref = str(v, 'restore');
      if (ref) {
        const branch = required(v, 'branch');
        await engine.restoreBackup(runId, ref, branch);
        return report({ restored: { ref, branch } }, [`Restored ${ref} into the new branch ${branch}.`]);
      }
      const backups = await engine.backups(runId);
      return report({ backups }, backups.length === 0 ? [`Run ${runId} has no backups.`] : backups.map(backupText));
    },
  },
};

/**
 * Approve and abort of a settled run change nothing. Repeating the very decision that settled it is
 * answered as such (exit 0, saying nothing was done); any other decision id is refused with
 * `run-settled`, so a script holding a stale id never mistakes it for a new approve.
 */
function alreadySettled(run: Run, decisionId: string, option: DecisionOption): DecisionRecord {
  const settledBy = run.history.findLast((h) => h.option === 'approve' || h.option === 'abort');
  if (settledBy && settledBy.decisionId === decisionId && settledBy.option === option) return settledBy;
  const by = settledBy ? ` by decision ${settledBy.decisionId} (${settledBy.option}, ${settledBy.at})` : '';
  throw new DecisionError('run-settled', `Run ${run.id} is already ${run.status}${by}; decision ${decisionId} is not pending, and nothing was done.`);
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw new InputError('bad-file', `Cannot read ${file}: ${(error as Error).message}`);
  }
}

export { printHuman };
