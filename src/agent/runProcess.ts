/**
 * The one way Revise runs an agent or a verify command: argv without a shell, its own process
 * group, stdout and stderr streamed to a log file with backpressure (memory stays flat however much
 * it prints), a timeout and a cancel signal that both end the whole process tree. With a cap, the
 * log keeps the first and last parts of the output and says what it cut (cappedLog.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import treeKill from 'tree-kill';
import { CappedLog, openLog, type LogCut } from './cappedLog';
import { LogFeed } from './logFeed';
import { OutputDecoder } from './outputDecoder';
import { processGroupAlive, processStartTime } from './processInfo';

export type ProcessStatus = 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

export interface SpawnInfo {
  pid: number;
  /** See `processStartTime`; empty when it could not be read. */
  startTime: string;
}

export interface RunProcessOptions {
  argv: string[];
  /** Written to stdin, then stdin is closed; absent: stdin is empty. */
  stdin?: string;
  cwd: string;
  /** Full environment of the process. */
  env: NodeJS.ProcessEnv;
  /** Appended to (created with its folder if missing). */
  logPath: string;
  /** Largest log to keep, in bytes (head and tail kept, the cut noted in the log); absent: no cap. */
  logCapBytes?: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when stopping the tree. Default 5 s. */
  killGraceMs?: number;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  onSpawn?: (info: SpawnInfo) => void;
  /** Sees decoded stdout, in order. */
  onStdout?: (text: string) => void;
}

export interface ProcessResult {
  status: ProcessStatus;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  logPath: string;
  pid?: number;
  /** The last 4 KB of stderr, to say why a process failed. */
  stderrTail: string;
  /** Set when the log file could not be written (the process still ran to the end). */
  logError?: string;
  /** Set when the log reached its cap: what was cut. */
  logCut?: LogCut;
}

/** How spawning failed before the program ran (`ENOENT`, `EACCES`…). */
export class SpawnError extends Error {
  constructor(
    readonly errno: string,
    readonly program: string,
    cause: unknown,
  ) {
    super(`${program}: ${errno}`, { cause });
  }
}

const STDERR_TAIL = 4096;
const isWindows = process.platform === 'win32';

/** The runner's own environment with `extra` on top: agents need PATH, HOME, their API keys. */
export function inheritedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Send `signal` to the process group of `pid` and to its descendants that left it. */
export function killProcessTree(pid: number, signal: NodeJS.Signals): void {
  if (!isWindows) {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  }
  treeKill(pid, signal, () => undefined);
}

/**
 * Resolves once no process is left in the group `pgid`, or after `maxMs`. Pipes close while a
 * killed process is still tearing down; a caller told "the tree is stopped" must be able to rely
 * on it. There is no event for the death of a process that is not our child, hence the polling.
 */
function groupGone(pgid: number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  return new Promise((resolve) => {
    const check = () => {
      if (!processGroupAlive(pgid) || Date.now() >= deadline) resolve();
      else setTimeout(check, 20);
    };
    check();
  });
}

/** Run one process to completion. Rejects only with `SpawnError` when the program could not start. */
export function runProcess(opts: RunProcessOptions): Promise<ProcessResult> {
  if (opts.signal?.aborted) {
    return Promise.resolve({ status: 'cancelled', exitCode: null, signal: null, durationMs: 0, logPath: opts.logPath, stderrTail: '' });
  }
  return new ProcessRun(opts).result();
}

/**
 * One process from spawn to result. Its state is the fields below; the child's events (error,
 * output, exit, close), the timeout and the cancel signal each have a named handler that moves it on.
 */
class ProcessRun {
  private readonly started = Date.now();
  private readonly grace: number;
  private readonly program: string;
  private readonly log: Writable;
  /** Output on its way to the log. */
  private readonly feed: LogFeed;
  private readonly child: ChildProcess;
  /** Why Revise is stopping the process; unset while it runs on its own. */
  private stopReason: 'timed-out' | 'cancelled' | undefined;
  /** Whether the process group was signalled; then its members are waited for before resolving. */
  private groupSignalled = false;
  private exit: { code: number | null; signal: string | null } = { code: null, signal: null };
  /** The last 4 KB of stderr. */
  private stderrTail = '';
  /** Set when the log could not be written; output then goes on unlogged. */
  private logError: string | undefined;
  /** The result was handed out (or the spawn failure); later events change nothing. */
  private settled = false;
  private readonly timers: { timeout?: NodeJS.Timeout; kill?: NodeJS.Timeout; close?: NodeJS.Timeout } = {};
  private readonly onAbort = () => this.stop('cancelled');
  private resolve: (result: ProcessResult) => void = () => undefined;
  private reject: (error: Error) => void = () => undefined;

  constructor(private readonly opts: RunProcessOptions) {
    this.grace = opts.killGraceMs ?? 5000;
    mkdirSync(dirname(opts.logPath), { recursive: true });
    this.log = openLog(opts.logPath, opts.logCapBytes);
    // A log that cannot be written must not stop the agent or stall its pipes.
    this.log.on('error', (error: Error) => {
      this.logError = error.message;
    });
    const [program, ...args] = opts.argv;
    this.program = program!;
    this.child = spawn(this.program, args, {
      cwd: opts.cwd,
      env: opts.env,
      shell: false,
      windowsHide: true,
      // Its own process group, so a kill reaches grandchildren even after their parent died.
      detached: !isWindows,
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // Backpressure: while the log cannot keep up, both pipes are left unread; the agent then blocks on them.
    const pipes = [this.child.stdout!, this.child.stderr!];
    this.feed = new LogFeed(
      this.log,
      () => pipes.forEach((p) => p.pause()),
      () => pipes.forEach((p) => p.resume()),
    );
  }

  result(): Promise<ProcessResult> {
    return new Promise<ProcessResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      const { child, opts } = this;
      this.timers.timeout = setTimeout(() => this.stop('timed-out'), opts.timeoutMs);
      opts.signal?.addEventListener('abort', this.onAbort, { once: true });
      child.once('error', (error: NodeJS.ErrnoException) => this.spawnFailed(error));
      if (child.pid !== undefined) opts.onSpawn?.({ pid: child.pid, startTime: processStartTime(child.pid) ?? '' });
      if (child.stdin) {
        // An agent that exits without reading its prompt closes the pipe; that is not our failure.
        child.stdin.on('error', () => undefined);
        child.stdin.end(opts.stdin);
      }
      const streams: Array<[Readable, 'stdout' | 'stderr']> = [
        [child.stdout!, 'stdout'],
        [child.stderr!, 'stderr'],
      ];
      for (const [stream, name] of streams) this.pipe(stream, name);
      child.once('exit', (code, signal) => this.exited(code, signal));
      child.once('close', () => this.finish());
    });
  }

  /** Timeout or cancel: end the whole tree (SIGTERM, then SIGKILL after the grace time). */
  private stop(reason: 'timed-out' | 'cancelled'): void {
    const pid = this.child.pid;
    if (this.stopReason || pid === undefined) return;
    this.stopReason = reason;
    this.groupSignalled = true;
    killProcessTree(pid, 'SIGTERM');
    this.timers.kill = setTimeout(() => killProcessTree(pid, 'SIGKILL'), this.grace).unref();
  }

  /** Stream one pipe to the log (with backpressure on both pipes) and to the subscribers. */
  private pipe(stream: Readable, name: 'stdout' | 'stderr'): void {
    const decoder = new OutputDecoder();
    const emit = (text: string) => {
      if (name === 'stdout') this.opts.onStdout?.(text);
      else this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
      try {
        this.opts.onOutput?.(text, name);
      } catch {
        // A failing subscriber (a closed UI) must not break the round.
      }
    };
    stream.on('data', (chunk: Buffer) => {
      if (this.logError === undefined) this.feed.write(chunk);
      const text = decoder.write(chunk);
      if (text) emit(text);
    });
    stream.on('end', () => {
      const rest = decoder.end();
      if (rest) emit(rest);
    });
  }

  /** The program could not start (a runtime error of a started process ends in 'close' instead). */
  private spawnFailed(error: NodeJS.ErrnoException): void {
    if (this.child.pid !== undefined) return;
    this.settled = true;
    this.cleanup();
    this.closeLog(() => this.reject(new SpawnError(error.code ?? 'EUNKNOWN', this.program, error)));
  }

  /** The process ended; its pipes may still be open. */
  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = { code, signal };
    const pid = this.child.pid;
    if (pid === undefined) return;
    // The agent is done: whatever it left running must not keep editing the worktree.
    if (!isWindows) {
      try {
        process.kill(-pid, 'SIGTERM');
        this.groupSignalled = true;
        this.timers.kill ??= setTimeout(() => killProcessTree(pid, 'SIGKILL'), this.grace).unref();
      } catch {
        // ESRCH: nothing left in the group.
      }
    }
    // A leftover that escaped the group may hold our pipes open; do not wait for it forever.
    this.timers.close = setTimeout(() => {
      this.child.stdout?.destroy();
      this.child.stderr?.destroy();
      this.finish();
    }, this.grace * 2);
  }

  /** Pipes closed (or given up on): wait for a signalled group to be gone, close the log, resolve. */
  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    const { code, signal } = this.exit;
    const status: ProcessStatus = this.stopReason ?? (code === 0 ? 'succeeded' : 'failed');
    const result: ProcessResult = { status, exitCode: code, signal, durationMs: Date.now() - this.started, logPath: this.opts.logPath, stderrTail: this.stderrTail };
    const pid = this.child.pid;
    if (pid !== undefined) result.pid = pid;
    const done = () =>
      this.closeLog(() => {
        const cut = this.log instanceof CappedLog ? this.log.cut() : undefined;
        this.resolve({ ...result, ...(this.logError === undefined ? {} : { logError: this.logError }), ...(cut ? { logCut: cut } : {}) });
      });
    if (this.groupSignalled && pid !== undefined) void groupGone(pid, this.grace + 2000).then(done);
    else done();
  }

  private cleanup(): void {
    clearTimeout(this.timers.timeout);
    clearTimeout(this.timers.close);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
  }

  private closeLog(then: () => void): void {
    this.feed.flush();
    if (this.log.closed) then();
    else {
      this.log.once('close', then);
      this.log.end();
    }
  }
}
