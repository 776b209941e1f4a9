/**
 * The one way Revise runs an agent or a verify command: argv without a shell, its own process
 * group, stdout and stderr streamed to a log file with backpressure (memory stays flat however much
 * it prints), a timeout and a cancel signal that both end the whole process tree. With a cap, the
 * log keeps the first and last parts of the output and says what it cut (cappedLog.ts).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import treeKill from 'tree-kill';
import { CappedLog, openLog, type LogCut } from './cappedLog';
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
  const started = Date.now();
  const grace = opts.killGraceMs ?? 5000;
  if (opts.signal?.aborted) {
    return Promise.resolve({ status: 'cancelled', exitCode: null, signal: null, durationMs: 0, logPath: opts.logPath, stderrTail: '' });
  }
  mkdirSync(dirname(opts.logPath), { recursive: true });
  const log = openLog(opts.logPath, opts.logCapBytes);
  let logError: string | undefined;
  // A log that cannot be written must not stop the agent or stall its pipes.
  log.on('error', (error: Error) => {
    logError = error.message;
  });
  const closeLog = (then: () => void) => {
    if (log.closed) then();
    else {
      log.once('close', then);
      log.end();
    }
  };
  const [program, ...args] = opts.argv;
  const child = spawn(program!, args, {
    cwd: opts.cwd,
    env: opts.env,
    shell: false,
    windowsHide: true,
    // Its own process group, so a kill reaches grandchildren even after their parent died.
    detached: !isWindows,
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });

  return new Promise<ProcessResult>((resolve, reject) => {
    let stopping: ProcessStatus | undefined;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let stderrTail = '';
    let killTimer: NodeJS.Timeout | undefined;
    let closeTimer: NodeJS.Timeout | undefined;
    let settled = false;
    // Whether we signalled the process group; then its members are waited for before resolving.
    let signalled = false;

    const stop = (status: ProcessStatus) => {
      if (stopping || child.pid === undefined) return;
      stopping = status;
      signalled = true;
      killProcessTree(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killProcessTree(child.pid!, 'SIGKILL'), grace).unref();
    };
    const timeout = setTimeout(() => stop('timed-out'), opts.timeoutMs);
    const onAbort = () => stop('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const cleanup = () => {
      clearTimeout(timeout);
      clearTimeout(closeTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    };

    const finish = () => {
      if (settled) return;
      settled = true;
      cleanup();
      const status: ProcessStatus = stopping ?? (exitCode === 0 ? 'succeeded' : 'failed');
      const result: ProcessResult = { status, exitCode, signal: exitSignal, durationMs: Date.now() - started, logPath: opts.logPath, stderrTail };
      if (child.pid !== undefined) result.pid = child.pid;
      const done = () =>
        closeLog(() => {
          const cut = log instanceof CappedLog ? log.cut() : undefined;
          resolve({ ...result, ...(logError === undefined ? {} : { logError }), ...(cut ? { logCut: cut } : {}) });
        });
      if (signalled && child.pid !== undefined) void groupGone(child.pid, grace + 2000).then(done);
      else done();
    };

    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // a runtime error of a started process ends in 'close'
      settled = true;
      cleanup();
      closeLog(() => reject(new SpawnError(error.code ?? 'EUNKNOWN', program!, error)));
    });

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
    for (const [stream, name] of streams) {
      const decoder = new StringDecoder('utf8');
      const emit = (text: string) => {
        if (name === 'stdout') opts.onStdout?.(text);
        else stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
        try {
          opts.onOutput?.(text, name);
        } catch {
          // A failing subscriber (a closed UI) must not break the round.
        }
      };
      stream.on('data', (chunk: Buffer) => {
        // Backpressure: while the log cannot keep up, stop reading; the agent then blocks on its pipe.
        if (logError === undefined && !log.write(chunk)) {
          for (const [s] of streams) s.pause();
          log.once('drain', () => {
            for (const [s] of streams) s.resume();
          });
        }
        const text = decoder.write(chunk);
        if (text) emit(text);
      });
      stream.on('end', () => {
        const rest = decoder.end();
        if (rest) emit(rest);
      });
    }

    child.once('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      if (child.pid === undefined) return;
      // The agent is done: whatever it left running must not keep editing the worktree.
      if (!isWindows) {
        try {
          process.kill(-child.pid, 'SIGTERM');
          signalled = true;
          killTimer ??= setTimeout(() => killProcessTree(child.pid!, 'SIGKILL'), grace).unref();
        } catch {
          // ESRCH: nothing left in the group.
        }
      }
      // A leftover that escaped the group may hold our pipes open; do not wait for it forever.
      closeTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, grace * 2);
    });
    child.once('close', finish);
  });
}
