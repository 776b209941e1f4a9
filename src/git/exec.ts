/**
 * The one place the engine's layers start a git process (the language server reads on its own, see
 * docs/architecture.md). Every call spawns git directly with an argv array (never a shell), a
 * cleaned, non-interactive environment and an optional inactivity timeout, and comes back either as
 * output or as a `GitExit` that keeps git's exit code and stderr, so callers can tell "branch
 * absent" (ls-remote exit 2) from "transport failed" (exit 128). A call resolves as soon as git has
 * exited and its output is read: no fixed wait (simple-git, used before, added 50 ms to every
 * command that printed nothing, and a restore runs several).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GitError, ReviseError, type ErrorCode } from '../core/errors';
import { machineCause } from './causes';

/**
 * Ambient variables that keep working through Revise: the user's own config location, SSH and
 * credential helpers, identity overrides. Anything else `GIT_*` (notably GIT_DIR, GIT_WORK_TREE and
 * GIT_INDEX_FILE leaking from a hook) is stripped so it cannot redirect our commands.
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

/** git ran and exited non-zero, was killed, or could not start (`exitCode` -1, the reason in `stderr`). */
export class GitExit extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
    readonly stdout: string,
    readonly timedOut = false,
  ) {
    super(`git ${args[0] ?? ''} exited with ${exitCode}: ${stderr.trim()}`);
    this.name = 'GitExit';
  }
}

/** Never needed: no editor or pager ever opens, and nothing may relocate git's own files. */
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
  // An abbreviated option is an error, never a guess at which option was meant.
  env.GIT_TEST_DISALLOW_ABBREVIATED_OPTIONS = 'true';
  return { ...env, ...extra };
}

/** How long to wait for git's output to end once git has exited (a child it left, such as an SSH master, may hold it open). */
const DRAIN_AFTER_EXIT_MS = 50;

/**
 * Spawn git and collect its output. With `timeoutMs`, git is killed once it has printed nothing for
 * that long (the `GitExit` then says `timedOut`).
 */
function run(cwd: string, args: readonly string[], options: GitCallOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', HOOKS_OFF, ...args], { cwd, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    let quietTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(quietTimer);
      clearTimeout(drainTimer);
      outcome();
    };
    const heard = (): void => {
      if (!options.timeoutMs) return;
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        timedOut = true;
        child.kill();
      }, options.timeoutMs);
    };
    const finish = (code: number | null): void =>
      settle(() => {
        const out = Buffer.concat(stdout).toString('utf8');
        const err = Buffer.concat(stderr).toString('utf8');
        if (timedOut) reject(new GitExit(args, code ?? -1, err || 'timed out', out, true));
        else if (code !== 0) reject(new GitExit(args, code ?? -1, err, out));
        else resolve(out);
      });
    heard();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      heard();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      heard();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      settle(() => {
        // A missing folder fails as ENOENT too; only when the folder exists is git itself missing.
        if (error.code === 'ENOENT' && !existsSync(cwd)) reject(new Error(`Cannot run git in ${cwd}: the folder does not exist.`));
        else reject(new GitExit(args, -1, String(error.stack ?? error.message), ''));
      }),
    );
    child.on('exit', (code) => {
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, DRAIN_AFTER_EXIT_MS);
    });
    child.on('close', finish);
  });
}

/**
 * Run git in `cwd`; resolves with stdout, rejects with `GitExit`, or with a `GitError` naming the
 * machine cause (git missing, `safe.directory`, disk full) when there is one.
 */
export async function git(cwd: string, args: readonly string[], options: GitCallOptions = {}): Promise<string> {
  try {
    return await run(cwd, args, options);
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
