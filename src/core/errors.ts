/**
 * Typed errors at layer boundaries. Every error carries a stable kebab-case `code` that the CLI
 * prints in `{"error":{"code","message"}}` and the extension maps to a message with a next step.
 * The message says what happened (and what to do, when that needs no front end's words: `git
 * fetch --unshallow`, "free some space"); it never names a `revise` command, a CLI flag or a VS Code
 * setting. Each front end words the next step from the code and `details` (src/cli/hints.ts in flag
 * names, src/extension/errorSteps.ts in settings and commands; docs/architecture.md, "Errors").
 * The exit code class follows docs/cli.md: 1 usage, 2 refused input, 3 git or network failure,
 * 4 agent failure, 5 the run's state does not allow it, 6 the agent timed out, 7 the round was cancelled.
 */

/** Exit code classes of the `revise` CLI. */
export const ExitCode = {
  ok: 0,
  usage: 1,
  refused: 2,
  gitOrNetwork: 3,
  agent: 4,
  state: 5,
  /** The agent ran past its timeout and was stopped. */
  timedOut: 6,
  /** The round was cancelled (Ctrl-C, SIGTERM, the Cancel button). */
  cancelled: 7,
  /** `revise autopilot`: it stopped because the next round would exceed the budget. */
  budget: 8,
  /** `revise autopilot`: it handed over for a person's judgement (disagreement, question, no progress, unverified claims, a decision it does not take). */
  handedOver: 9,
  /** `revise autopilot`: the pull request was merged or closed, or someone else pushed to its branch. */
  prChanged: 10,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Every stable error code and the exit code class it belongs to. */
export const errorCodes = {
  // usage
  usage: ExitCode.usage,
  'unknown-command': ExitCode.usage,
  // an unexpected failure (a bug); reported with its message
  'internal-error': ExitCode.usage,
  // refused input
  'unsafe-ref': ExitCode.refused,
  'not-a-repo': ExitCode.refused,
  'bad-file': ExitCode.refused,
  'bad-input': ExitCode.refused,
  'stale-decision': ExitCode.refused,
  'option-not-offered': ExitCode.refused,
  'run-not-found': ExitCode.refused,
  'finding-not-found': ExitCode.refused,
  'untrusted-workspace': ExitCode.refused,
  'store-newer-version': ExitCode.refused,
  'store-corrupt': ExitCode.refused,
  // git or network
  'remote-branch-missing': ExitCode.gitOrNetwork,
  'remote-unreachable': ExitCode.gitOrNetwork,
  'remote-not-found': ExitCode.gitOrNetwork,
  'fetch-failed': ExitCode.gitOrNetwork,
  'worktree-failed': ExitCode.gitOrNetwork,
  'base-update-conflict': ExitCode.gitOrNetwork,
  'lease-refused': ExitCode.gitOrNetwork,
  'push-failed': ExitCode.gitOrNetwork,
  'git-failed': ExitCode.gitOrNetwork,
  'git-not-found': ExitCode.gitOrNetwork,
  'unsafe-repository': ExitCode.gitOrNetwork,
  'disk-full': ExitCode.gitOrNetwork,
  'shallow-clone': ExitCode.gitOrNetwork,
  'lfs-unavailable': ExitCode.gitOrNetwork,
  'sparse-unsupported': ExitCode.gitOrNetwork,
  'submodule-unpushed': ExitCode.gitOrNetwork,
  'branch-moved': ExitCode.gitOrNetwork,
  'history-rewritten': ExitCode.state,
  'store-io': ExitCode.gitOrNetwork,
  'store-locked': ExitCode.gitOrNetwork,
  'github-auth': ExitCode.gitOrNetwork,
  'github-forbidden': ExitCode.gitOrNetwork,
  'github-not-found': ExitCode.gitOrNetwork,
  'github-invalid': ExitCode.gitOrNetwork,
  'github-rate-limited': ExitCode.gitOrNetwork,
  'github-unreachable': ExitCode.gitOrNetwork,
  'github-failed': ExitCode.gitOrNetwork,
  'not-a-github-remote': ExitCode.gitOrNetwork,
  // agent
  'agent-not-found': ExitCode.agent,
  'agent-failed': ExitCode.agent,
  'agent-timeout': ExitCode.timedOut,
  'agent-cancelled': ExitCode.cancelled,
  'verify-failed': ExitCode.agent,
  'analyser-failed': ExitCode.agent,
  // a reviewer agent answered with something that is not its structured review, or changed the worktree
  'reviewer-bad-output': ExitCode.agent,
  'reviewer-edited-worktree': ExitCode.agent,
  // state
  'run-busy': ExitCode.state,
  'run-settled': ExitCode.state,
  'no-pending-decision': ExitCode.state,
  'round-cap-reached': ExitCode.state,
  'no-queued-round': ExitCode.state,
  'push-not-allowed': ExitCode.state,
  'open-blocking-findings': ExitCode.state,
  'run-not-finished': ExitCode.state,
  'autopilot-active': ExitCode.state,
  'no-autopilot': ExitCode.state,
  // rounds on GitHub Actions (docs/actions.md)
  'actions-needs-pr': ExitCode.state,
  'actions-unpushed-head': ExitCode.state,
  'actions-not-dispatched': ExitCode.state,
  'actions-run-failed': ExitCode.gitOrNetwork,
  'actions-run-cancelled': ExitCode.gitOrNetwork,
  'actions-runner-lost': ExitCode.gitOrNetwork,
  'actions-artifact-missing': ExitCode.gitOrNetwork,
  'actions-candidate-missing': ExitCode.gitOrNetwork,
  'actions-record-invalid': ExitCode.refused,
  'actions-workflow-invalid': ExitCode.refused,
  'actions-workflow-missing': ExitCode.refused,
  'actions-workflow-exists': ExitCode.refused,
} as const satisfies Record<string, ExitCode>;

export type ErrorCode = keyof typeof errorCodes;

/**
 * Marks every ReviseError, whichever copy of this module created it. The extension loads the engine
 * as a separate bundle with its own copy of this class, so prototype identity alone would not
 * recognise the engine's errors; the registry symbol is the same in every copy.
 */
const REVISE_ERROR = Symbol.for('revise.error');

/**
 * The option a person changes to get past an error, in no front end's words: put in
 * `details.field`; the CLI names its flag, the extension its setting or command.
 */
export type OptionField =
  | 'repo'
  | 'remote'
  | 'priorBranch'
  | 'baseBranch'
  | 'worktree'
  | 'maxRounds'
  | 'agent.preset'
  | 'agent.command'
  | 'agent.executable'
  | 'agent.allowedCommands'
  | 'agent.maxTurns'
  | 'agent.maxBudgetUsd'
  | 'reviewerAgent.executable'
  | 'verifyCommand'
  | 'reviewerCommand'
  | 'analysers'
  | 'github.apiUrl';

/**
 * Which of several situations a broad code (`bad-input`, `worktree-failed`, `github-not-found`)
 * stands for, when the front ends' next steps differ: put in `details.situation`.
 */
export const SITUATIONS = ['no-pull-request', 'backup-missing', 'run-branch-lost', 'detached-head', 'pr-branch-mismatch', 'finding-not-open', 'workflow-run-not-listed'] as const;
export type Situation = (typeof SITUATIONS)[number];

/** Base class of every error Revise raises on purpose. */
export class ReviseError extends Error {
  static {
    Object.defineProperty(this.prototype, REVISE_ERROR, { value: true });
  }

  /**
   * `x instanceof ReviseError` holds for a ReviseError from any bundle (by the brand); for a
   * subclass, `instanceof` keeps its usual prototype-chain meaning.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== ReviseError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [REVISE_ERROR]?: unknown })[REVISE_ERROR] === true;
  }

  readonly code: ErrorCode;
  /** Optional structured details (never secrets). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }

  get exitCode(): ExitCode {
    return errorCodes[this.code];
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }

  /**
   * The error as a round records it in run.json: its code, message and the details a front end
   * words its next step from (`field`, `situation`), so the panel and `revise status` can still say
   * the step after the toast or the terminal line is gone.
   */
  toRecord(): { code: ErrorCode; message: string; details?: { field?: string; situation?: string } } {
    const field = typeof this.details?.field === 'string' ? this.details.field : undefined;
    const situation = typeof this.details?.situation === 'string' ? this.details.situation : undefined;
    if (field === undefined && situation === undefined) return this.toJSON();
    return { ...this.toJSON(), details: { ...(field !== undefined ? { field } : {}), ...(situation !== undefined ? { situation } : {}) } };
  }
}

/** A git operation failed or was refused before git ran. */
export class GitError extends ReviseError {}
/** The agent or verify command could not run, failed, timed out or was cancelled. */
export class AgentError extends ReviseError {}
/** A GitHub API call failed; the message says what to do next. */
export class GitHubError extends ReviseError {}
/** A decision was stale, not offered, or the run's state does not allow it. */
export class DecisionError extends ReviseError {}
/** The run store could not be read or written. */
export class StoreError extends ReviseError {}
/** Bad command-line usage or bad input file. */
export class InputError extends ReviseError {}

/** A recorded error (a round's, from run.json) as an error again, so a front end can word its next step. */
export function errorFromRecord(record: { code: string; message: string; details?: { field?: string | undefined; situation?: string | undefined } | undefined }): ReviseError {
  const code = Object.hasOwn(errorCodes, record.code) ? (record.code as ErrorCode) : 'internal-error';
  return new ReviseError(code, record.message, record.details ? { details: { ...record.details } } : undefined);
}

/** Narrow an unknown thrown value to a ReviseError, wrapping anything else. */
export function toReviseError(error: unknown, fallback: ErrorCode = 'git-failed'): ReviseError {
  if (error instanceof ReviseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ReviseError(fallback, message, { cause: error });
}

/** Exhaustiveness helper for discriminated unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
