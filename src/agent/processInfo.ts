/**
 * Process identity across restarts. A pid alone can be reused by an unrelated process after a
 * reboot or a long time; a pid together with its start time cannot. Rounds record both so a later
 * load can tell whether the agent (or the engine that owned it) is still the same live process.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  state: string;
  pgrp: string;
  startTime: string;
}

// /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so fields are
// counted after the last ')'. Field 3 is the state, field 22 the start time in clock ticks since boot.
function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = fields[5 - 3];
  const start = fields[22 - 3];
  return state && pgrp && start ? { state, pgrp, startTime: `proc:${start}` } : undefined;
}

function psStartTime(pid: number): string | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return out ? `ps:${out}` : undefined;
  } catch {
    return undefined;
  }
}

const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

/**
 * The start time of a live process as an opaque, comparable string (`proc:<ticks>` on Linux,
 * `ps:<lstart>` elsewhere), or undefined when the process does not exist or it cannot be read.
 */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (hasProc) return readProcStat(pid)?.startTime;
  return psStartTime(pid);
}

/** This process as rounds and pushes record their owner: its pid and, where readable, its start time. */
export function thisProcess(): { pid: number; startTime?: string } {
  const startTime = processStartTime(process.pid);
  return startTime ? { pid: process.pid, startTime } : { pid: process.pid };
}

/**
 * Whether `pid` is a live process — and, when `startTime` is given, the same process that had that
 * start time. A zombie (exited, not yet reaped) counts as dead.
 */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (hasProc) {
    const stat = readProcStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
    return startTime === undefined || startTime === stat.startTime;
  }
  if (startTime === undefined) return true;
  return psStartTime(pid) === startTime;
}

/**
 * Whether any process of the group `pgid` is still running. Zombies do not count: they are dead
 * and wait for whoever adopted them (possibly a slow init) to reap them.
 */
export function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc) return true;
  const group = String(pgid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat?.pgrp === group && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

/**
 * Live processes (other than this one) whose environment holds every one of `vars`, e.g. the
 * `REVISE_RUN_ID` and `REVISE_ROUND` a round gives its agent. Children inherit them, so this finds
 * an agent's leftovers even when no pid was recorded (its owner died before writing it) or when
 * they left the agent's process group. Linux only (reads `/proc/<pid>/environ`); [] elsewhere.
 * Processes of other users are unreadable and skipped.
 */
export function processesWithEnvironment(vars: Readonly<Record<string, string>>): number[] {
  if (!hasProc) return [];
  const wanted = Object.entries(vars).map(([name, value]) => `${name}=${value}`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue;
    }
    const variables = new Set(environ.split('\0'));
    if (wanted.every((v) => variables.has(v)) && isProcessAlive(Number(entry))) found.push(Number(entry));
  }
  return found;
}
