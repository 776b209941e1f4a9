/**
 * The CLI's next steps for error codes of the lower layers, in flag names (the extension keeps its
 * own table, in setting and command names: src/extension/errorSteps.ts). The lower layers' messages
 * say what happened; the facts a next step needs come in the error's `details` (`field`: the option
 * to change, `situation`: which case of a broad code). Printed after the message, and as
 * `error.hint` in JSON.
 */
import type { ErrorCode, OptionField, ReviseError, Situation } from '../core/errors';

type Details = Readonly<Record<string, unknown>>;
type Hint = string | ((details: Details) => string | undefined);

/** The flag that sets each option a lower layer may name in `details.field`. */
export const flagOf: Record<OptionField, string> = {
  repo: '--repo',
  remote: '--remote',
  priorBranch: '--branch',
  baseBranch: '--base',
  worktree: '--worktree',
  maxRounds: '--max-rounds',
  'agent.preset': '--agent',
  'agent.command': '--agent-command',
  'agent.executable': '--agent-executable',
  'agent.allowedCommands': '--allow-command',
  'agent.maxTurns': '--max-turns',
  'agent.maxBudgetUsd': '--max-budget-usd',
  'reviewerAgent.executable': '--reviewer-executable',
  verifyCommand: '--verify-command',
  reviewerCommand: '--reviewer-command',
  analysers: '--analyser',
  'github.apiUrl': '--github-api-url',
};

const field = (d: Details): OptionField | undefined => (typeof d.field === 'string' && d.field in flagOf ? (d.field as OptionField) : undefined);
const situation = (d: Details): Situation | undefined => d.situation as Situation | undefined;

/** A bad value of an option the CLI passed on: name the flag that sets it. */
function badOption(d: Details): string | undefined {
  const known: Partial<Record<Situation, string | undefined>> = {
    'no-pull-request': 'A run started with --pr N has them.',
    'detached-head': 'Name the branch to revise with --branch <name>.',
    'pr-branch-mismatch': 'Drop --branch (the pull request names its head branch), or pick the right --pr.',
    'backup-missing': '`revise backups --run <id>` lists the run\'s backups.',
    'finding-not-open': typeof d.findingId === 'string' ? `\`revise findings reopen --run <id> ${d.findingId}\` reopens it.` : undefined,
  };
  const s = situation(d);
  if (s) return known[s];
  const f = field(d);
  if (f === 'agent.command') return 'Give --agent-command an argv template such as "my-agent --prompt {promptFile}".';
  return f ? `Check ${flagOf[f]}.` : undefined;
}

const hints: Partial<Record<ErrorCode, Hint>> = {
  'not-a-repo': 'Run it inside a git checkout, or pass --repo DIR.',
  'remote-not-found': 'Pass --remote with a configured remote (`git remote` lists them), or add this one with `git remote add <name> <url>`.',
  'remote-branch-missing': (d) =>
    field(d) === 'baseBranch' ? 'Pass the right --base.' : 'Push the branch, pass the right --remote, or start from the base on purpose with --strategy fresh.',
  'worktree-failed': (d) => {
    if (field(d) === 'worktree') return 'Remove it, or pass another --worktree DIR.';
    if (situation(d) === 'run-branch-lost') return 'Restore a backup (`revise backups --run <id>` lists them), or abort the run (`revise decide … abort`).';
    return undefined;
  },
  'disk-full': 'What a failed start left behind is listed by `revise leftovers`.',
  'bad-input': badOption,
  'run-not-found': '`revise status` lists the runs.',
  'finding-not-found': '`revise findings list --run <id>` lists its findings.',
  'not-a-github-remote': 'Start from a branch instead (--branch), or pass --github-api-url for GitHub Enterprise.',
  'github-auth': 'Set GITHUB_TOKEN to a valid token with the `repo` scope, then try again.',
  'github-unreachable': 'Check the network or proxy, and the API URL (--github-api-url, or REVISE_GITHUB_API_URL), then try again.',
  'github-not-found': (d) => (situation(d) === 'workflow-run-not-listed' ? 'Follow the round with `revise actions follow --run <id>` once it appears, or check the workflow\'s run-name.' : undefined),
  'agent-not-found': (d) => (field(d) === 'agent.command' ? 'Check the program named first in --agent-command, or install it.' : `If it is installed elsewhere, pass its full path with ${flagOf[field(d) === 'reviewerAgent.executable' ? 'reviewerAgent.executable' : 'agent.executable']}.`),
  'verify-failed': (d) => (field(d) ? `Fix ${flagOf[field(d)!]}.` : undefined),
  'no-autopilot': 'Start one without --resume: `revise autopilot <id>`.',
  'open-blocking-findings': 'To approve anyway, repeat the command with --allow-open; `revise findings list --run <id>` shows them.',
  'stale-decision': '`revise status --run <id>` shows the pending decision and its id.',
  'no-queued-round': 'Queue one with `revise decide --run <id> --decision <id> request-changes`.',
  'run-not-finished': 'Approve or abort the run first (`revise decide`), then clean it up.',
  'actions-unpushed-head': 'Push the run first (`revise push --run <id>`), or run the round here with `revise round --run <id>`.',
  'actions-not-dispatched': 'Dispatch the queued round with `revise actions dispatch --run <id>`.',
  'actions-run-failed': 'The round is still queued: dispatch it again with `revise actions dispatch --run <id>`, or run it here with `revise round --run <id>`.',
  'actions-run-cancelled': 'The round is still queued: dispatch it again with `revise actions dispatch --run <id>`, or run it here with `revise round --run <id>`.',
  'actions-runner-lost': 'The round is still queued: dispatch it again with `revise actions dispatch --run <id>` (on another runner), or run it here with `revise round --run <id>`.',
  'actions-artifact-missing': 'The round is still queued: check the workflow run\'s upload step, then dispatch again with `revise actions dispatch --run <id>`.',
  'actions-candidate-missing': 'The round is still queued: the runner could not push its candidate ref (the token needs contents: write); dispatch again with `revise actions dispatch --run <id>`.',
  'actions-workflow-exists': 'Repeat with --force to replace it, or keep your own workflow.',
  'actions-workflow-invalid': 'Fix each line named above (docs/actions.md lists what the workflow needs), or write the shipped workflow with `revise actions init --force`; check again with `revise actions init --check`.',
  'actions-workflow-missing': 'Write it with `revise actions init`.',
};

/**
 * The next step for an error, with `<id>` replaced by the run id when the command named one (or
 * the error's details do). A start that could not remove what it made adds how to.
 */
export function hintFor(error: Pick<ReviseError, 'code' | 'details'>, runId: string | undefined): string | undefined {
  const details = error.details ?? {};
  const hint = hints[error.code];
  const step = typeof hint === 'function' ? hint(details) : hint;
  const steps = [step, details.leftovers === true ? '`revise leftovers --remove` removes what the start left behind.' : undefined].filter((s): s is string => Boolean(s));
  if (steps.length === 0) return undefined;
  const id = runId ?? (typeof details.runId === 'string' ? details.runId : undefined);
  const text = steps.join(' ');
  return id ? text.replace(/(--run |revise autopilot )<id>/g, `$1${id}`) : text;
}
