// Stops a process this run started, with everything it started, by PID only: its process group and
// its descendants found through /proc (some re-group themselves), TERM first, KILL after 3 s.
import { readdirSync, readFileSync } from 'node:fs';

/** Parent PID and state of `pid` from /proc, or undefined when it is gone. */
function stat(pid) {
  try {
    // The command name (field 2) may contain spaces and parentheses; fields after the last ')' are fixed.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Every live descendant of `pid` (children, grandchildren, ...). */
export function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (!s) continue;
    if (!children.has(s.ppid)) children.set(s.ppid, []);
    children.get(s.ppid).push(Number(name));
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function alive(pid) {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z';
}

function signalAll(leader, pids, signal) {
  try {
    process.kill(-leader, signal);
  } catch {
    // no such group any more
  }
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** TERMs `leader`'s group and its descendants, waits up to `graceMs`, then KILLs what is left. */
export async function killOwnTree(leader, graceMs = 3000) {
  if (!leader) return;
  const pids = [leader, ...descendants(leader)];
  signalAll(leader, pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const left = pids.filter(alive);
  if (left.length > 0) signalAll(leader, left, 'SIGKILL');
}
