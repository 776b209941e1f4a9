/**
 * Processes an agent left behind when its round ended. Killing the agent's process group misses a
 * daemon that called `setsid` (its own session and group) or was re-parented elsewhere; every such
 * process still carries the round's `REVISE_RUN_ID` and `REVISE_ROUND` in its environment, so a scan
 * of /proc finds it wherever it went (Linux; elsewhere the group kill is all there is).
 */
import { readFileSync } from 'node:fs';
import { isProcessAlive, processesWithEnvironment } from './processInfo';

/** A process that was still running after the round, and was stopped. */
export interface StoppedProcess {
  pid: number;
  /** Its command line, shortened. */
  command: string;
}

/** A process's command line from /proc, shortened (`?` where unreadable). */
export function commandLine(pid: number): string {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return text.length > 200 ? `${text.slice(0, 199)}…` : text || '?';
  } catch {
    return '?';
  }
}

/** Resolves once none of `pids` is alive, or after `maxMs`. Polled: a non-child's death sends no event. */
async function gone(pids: number[], maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (pids.some((pid) => isProcessAlive(pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // Gone since the scan.
    }
  }
}

/**
 * Stop every process still carrying this round's environment: SIGTERM, then SIGKILL after
 * `graceMs`. Scans again afterwards, since a leftover may have forked while being stopped.
 * Returns what was found (empty when the agent left nothing behind).
 */
export async function stopRoundLeftovers(runId: string, round: number, graceMs = 2000): Promise<StoppedProcess[]> {
  const vars = { REVISE_RUN_ID: runId, REVISE_ROUND: String(round) };
  const stopped = new Map<number, StoppedProcess>();
  for (let pass = 0; pass < 5; pass++) {
    const pids = processesWithEnvironment(vars).filter((pid) => pid !== process.pid);
    if (pids.length === 0) break;
    for (const pid of pids) if (!stopped.has(pid)) stopped.set(pid, { pid, command: commandLine(pid) });
    signal(pids, 'SIGTERM');
    await gone(pids, graceMs);
    signal(pids.filter((pid) => isProcessAlive(pid)), 'SIGKILL');
    await gone(pids, 2000);
  }
  return [...stopped.values()];
}
