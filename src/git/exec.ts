/**
 * The one place the engine's layers start a git process (the language server reads on its own, see
 * docs/architecture.md). Every call goes through `simple-git` with an argv array
 * (never a shell string), a non-interactive environment and an optional inactivity timeout, and
 * comes back either as output or as a `GitExit` that keeps git's exit code and stderr, so callers
 * can tell "branch absent" (ls-remote exit 2) from "transport failed" (exit 128).
 */
import { simpleGit, GitPluginError, GitError as SimpleGitError, type SimpleGit } from 'simple-git';
import { GitError, ReviseError, type ErrorCode } from '../core/errors';
import { machineCause } from './causes';

/**
 * Ambient variables that keep working through Revise: the user's own config location, SSH and
 * credential helpers, identity overrides. Anything else `GIT_*` (notably GIT_DIR, GIT_WORK_TREE and
 * GIT_INDEX_FILE leaking from a hook) is stripped by simple-git so it cannot redirect our commands.
 */
const PASS_THROUGH = [
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_CEILING_DIRECTORIES',
] as const;

/** Variables Revise itself sets on some commands. */
const OWN = ['GIT_TERMINAL_PROMPT', 'GIT_INDEX_FILE', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'] as const;

export interface GitCallOptions {
  /** Kill git when it has printed nothing for this long (network commands). */
  timeoutMs?: number;
  /** Extra environment for this call (identity, a temporary index). */
  env?: Record<string, string>;
}

/**
 * Every git call of Revise runs with hooks switched off: a repository's hooks (and a relative
 * `core.hooksPath`, which resolves inside the worktree, i.e. the unreviewed attempt branch) must not
 * run during Revise's own merge, commit, rebase or checkout. The one hook that carries data, LFS's
 * pre-push, is done explicitly (see lfs.ts).
 */
const HOOKS_OFF = `core.hooksPath=${process.platform === 'win32' ? 'NUL' : '/dev/null'}`;

/** git ran and exited non-zero (or was killed). Extends simple-git's error so it arrives unwrapped. */
export class GitExit extends SimpleGitError {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
    readonly stdout: string,
    readonly timedOut = false,
  ) {
    super(undefined, `git ${args[0] ?? ''} exited with ${exitCode}: ${stderr.trim()}`);
  }
}

/** Never needed (no editor or pager ever opens) and refused by simple-git's guard when present. */
const DROPPED = new Set(['EDITOR', 'VISUAL', 'PAGER', 'PREFIX']);
const ALLOWED = new Set<string>([...PASS_THROUGH, ...OWN]);

function environment(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const upper = key.toUpperCase();
    if (value === undefined || DROPPED.has(upper) || (upper.startsWith('GIT_') && !ALLOWED.has(upper))) continue;
    env[key] = value;
  }
  // Never wait for a password prompt: a missing credential is a failure we report, not a hang.
  env.GIT_TERMINAL_PROMPT = '0';
  // Stable, parseable messages whatever the user's locale.
  env.LC_ALL = 'C';
  return { ...env, ...extra };
}

function instance(cwd: string, options: GitCallOptions, args: readonly string[]): SimpleGit {
  return simpleGit({
    baseDir: cwd,
    maxConcurrentProcesses: 4,
    allowEnvironment: [...PASS_THROUGH, ...OWN],
    // The user's own environment is trusted; these only allow the variables listed above through.
    config: [HOOKS_OFF],
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeSshCommand: true, allowUnsafeAskPass: true, allowUnsafeHooksPath: true },
    ...(options.timeoutMs ? { timeout: { block: options.timeoutMs } } : {}),
    errors(error, result) {
      const stderr = Buffer.concat(result.stdErr).toString('utf8');
      const stdout = Buffer.concat(result.stdOut).toString('utf8');
      if (error instanceof GitPluginError && error.plugin === 'timeout') return new GitExit(args, result.exitCode, stderr || 'timed out', stdout, true);
      if (result.exitCode !== 0) return new GitExit(args, result.exitCode, stderr, stdout);
      return error instanceof Error ? error : undefined;
    },
  }).env(environment(options.env));
}

/**
 * Run git in `cwd`; resolves with stdout, rejects with `GitExit` (or a simple-git error), or with a
 * `GitError` naming the machine cause (git missing, `safe.directory`, disk full) when there is one.
 */
export async function git(cwd: string, args: readonly string[], options: GitCallOptions = {}): Promise<string> {
  try {
    return await instance(cwd, options, args).raw([...args]);
  } catch (error) {
    const said = error instanceof GitExit ? `${error.stderr}\n${error.stdout}` : error instanceof Error ? error.message : String(error);
    throw machineCause(said, cwd) ?? error;
  }
}

/** Run git and report its exit code instead of throwing on a non-zero exit. */
export async function gitStatus(cwd: string, args: readonly string[], options: GitCallOptions = {}): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut: boolean }> {
  try {
    const stdout = await git(cwd, args, options);
    return { exitCode: 0, stdout, stderr: '', timedOut: false };
  } catch (error) {
    if (error instanceof GitExit) return { exitCode: error.exitCode, stdout: error.stdout, stderr: error.stderr, timedOut: error.timedOut };
    throw error;
  }
}

/** The text of what git said, for an error message. */
export function gitOutput(error: unknown): string {
  // A hook or filter that fails silently leaves git saying nothing; the exit code is then all there is.
  if (error instanceof GitExit) return (error.stderr || error.stdout).trim() || `git ${error.args[0] ?? ''} exited with ${error.exitCode} and printed nothing`;
  return error instanceof Error ? error.message.trim() : String(error);
}

/** Run git; any failure becomes a `GitError` with `code` and a message that starts with `what`. */
export async function gitOr(code: ErrorCode, what: string, cwd: string, args: readonly string[], options: GitCallOptions = {}): Promise<string> {
  try {
    return await git(cwd, args, options);
  } catch (error) {
    if (error instanceof ReviseError) throw error;
    throw new GitError(code, `${what}: ${gitOutput(error)}`, { cause: error });
  }
}

/** The first line of git's output, trimmed. */
export function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
