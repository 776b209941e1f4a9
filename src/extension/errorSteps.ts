/**
 * The extension's next steps for error codes of the lower layers, in setting and command names (the
 * CLI keeps its own table, in flag names: src/cli/hints.ts). The lower layers' messages say what
 * happened; the facts a next step needs come in the error's `details` (`field`: the option to
 * change, `situation`: which case of a broad code). Free of `vscode` apart from the localiser the
 * caller passes, so a unit test reads the same table.
 */
import { toReviseError, type ErrorCode, type OptionField, type Situation } from '../core/errors';

/** What `vscode.l10n` offers: a message with `{0}`-style arguments, localised. */
export interface Localiser {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** A next step, and the setting it names (the toast offers to open it). */
export interface NextStep {
  text: string;
  setting?: string;
}

type Details = Readonly<Record<string, unknown>>;

/** The setting that holds each option a lower layer may name in `details.field`, where there is one. */
export const settingOf: Partial<Record<OptionField, string>> = {
  remote: 'revise.remote',
  worktree: 'revise.worktreeRoot',
  maxRounds: 'revise.maxRounds',
  'agent.preset': 'revise.agent.preset',
  'agent.command': 'revise.agent.command',
  'agent.executable': 'revise.agent.executable',
  'agent.allowedCommands': 'revise.agent.allowedCommands',
  'agent.maxTurns': 'revise.agent.maxTurns',
  'agent.maxBudgetUsd': 'revise.agent.maxBudgetUsd',
  'reviewerAgent.executable': 'revise.reviewerAgents',
  verifyCommand: 'revise.verifyCommand',
  reviewerCommand: 'revise.reviewerCommand',
  analysers: 'revise.analysers',
  'github.apiUrl': 'revise.github.apiUrl',
};

const settingIn = (d: Details): string | undefined => (typeof d.field === 'string' ? settingOf[d.field as OptionField] : undefined);
const situation = (d: Details): Situation | undefined => d.situation as Situation | undefined;

function badInput(l10n: Localiser, d: Details): NextStep | undefined {
  if (situation(d) === 'detached-head') return { text: l10n.t('Check out a branch, or use "Start from Branch…".') };
  const setting = settingIn(d);
  if (!setting) return undefined;
  if (setting === 'revise.agent.command') return { text: l10n.t('Set revise.agent.command in your user settings to an argv array such as ["my-agent", "--prompt", "{promptFile}"].'), setting };
  return { text: l10n.t('Fix {0} in your settings.', setting), setting };
}

function agentNotFound(l10n: Localiser, d: Details): NextStep {
  if (settingIn(d) === 'revise.agent.command') return { text: l10n.t('Check the program named first in revise.agent.command, or install it.'), setting: 'revise.agent.command' };
  if (settingIn(d) === 'revise.reviewerAgents') return { text: l10n.t('If it is installed elsewhere, give its entry in revise.reviewerAgents an "executable" with its full path.'), setting: 'revise.reviewerAgents' };
  return { text: l10n.t('If it is installed elsewhere, set revise.agent.executable to its full path in your user settings.'), setting: 'revise.agent.executable' };
}

type Step = (l10n: Localiser, d: Details) => NextStep | undefined;
const say = (text: string, setting?: string): NextStep => ({ text, ...(setting ? { setting } : {}) });

/** The next step per code, given the error's details, where there is one worth saying. */
const steps: Partial<Record<ErrorCode, Step>> = {
  'stale-decision': (l10n) => say(l10n.t('The run moved on since this view was drawn; it now shows the current decision. Review it and act again.')),
  'option-not-offered': (l10n) => say(l10n.t('Pick one of the options the pending decision offers.')),
  'run-busy': (l10n) => say(l10n.t('Wait for the round to finish, or cancel it first.')),
  'run-settled': (l10n) => say(l10n.t('The run is finished; start a new run to revise again.')),
  'no-pending-decision': (l10n) => say(l10n.t('Refresh the Runs view to see the current state.')),
  'no-queued-round': (l10n) => say(l10n.t('Request changes (or retry) in the decision panel first.')),
  'not-a-repo': (l10n) => say(l10n.t('Open a folder that is a git repository.')),
  'remote-not-found': (l10n) => say(l10n.t('Set revise.remote to a configured remote, or add this one with `git remote add <name> <url>`.'), 'revise.remote'),
  'remote-branch-missing': (l10n, d) => (d.field === 'baseBranch' ? say(l10n.t('Check the base branch name.')) : say(l10n.t('Check the branch name, or push the prior attempt first.'))),
  'worktree-failed': (l10n, d) => {
    if (d.field === 'worktree') return say(l10n.t('Remove it, or set revise.worktreeRoot to another folder.'), 'revise.worktreeRoot');
    return situation(d) === 'run-branch-lost' ? say(l10n.t('Restore a backup with "List and Restore Backups…", or abort the run.')) : undefined;
  },
  'remote-unreachable': (l10n) => say(l10n.t('Check your network and credentials for the remote, then try again.')),
  'fetch-failed': (l10n) => say(l10n.t('Check your network and credentials for the remote, then try again.')),
  'lease-refused': (l10n) => say(l10n.t('The branch moved on the remote since the run last pushed; choose "Refetch and Update" in the decision panel.')),
  'bad-input': badInput,
  'agent-not-found': agentNotFound,
  'verify-failed': (l10n, d) => {
    const setting = settingIn(d);
    return setting ? say(l10n.t('Fix {0} in your user settings.', setting), setting) : undefined;
  },
  'untrusted-workspace': (l10n) => say(l10n.t('Trust this workspace to run agents, verify or reviewer commands.')),
  'not-a-github-remote': (l10n) => say(l10n.t('Start from a branch instead, or set revise.github.apiUrl for GitHub Enterprise.'), 'revise.github.apiUrl'),
  'github-unreachable': (l10n) => say(l10n.t('Check your network or proxy, and revise.github.apiUrl if you use GitHub Enterprise, then try again.'), 'revise.github.apiUrl'),
  'github-auth': (l10n) => say(l10n.t('Sign in to GitHub (Accounts menu) and try again.')),
  'store-newer-version': (l10n) => say(l10n.t('Update Revise to open this run.')),
  'store-locked': (l10n) => say(l10n.t('Another Revise process is writing this run; try again in a moment.')),
  'actions-unpushed-head': (l10n) => say(l10n.t('Push the run first, or run the round here with "Run Next Round".')),
  'actions-run-cancelled': (l10n) => say(l10n.t('Run it on GitHub Actions again, or here with "Run Next Round".')),
  'actions-run-failed': (l10n) => say(l10n.t('Run it on GitHub Actions again, or here with "Run Next Round".')),
  'actions-runner-lost': (l10n) => say(l10n.t('Run it on GitHub Actions again, or here with "Run Next Round".')),
  'actions-artifact-missing': (l10n) => say(l10n.t('Check the workflow run\'s upload step, then run the round on GitHub Actions again.')),
  'actions-candidate-missing': (l10n) => say(l10n.t('Give the workflow\'s token contents: write, then run the round on GitHub Actions again.')),
};

/** The message shown for an error: what happened, then the one next step (and the setting it names). */
export function describeError(error: unknown, l10n: Localiser): { code: ErrorCode; message: string; setting?: string } {
  const revise = toReviseError(error, 'internal-error');
  const step = steps[revise.code]?.(l10n, revise.details ?? {});
  if (!step) return { code: revise.code, message: revise.message };
  return { code: revise.code, message: `${revise.message} ${step.text}`, ...(step.setting ? { setting: step.setting } : {}) };
}
