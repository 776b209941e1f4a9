// Process bookkeeping from /proc, by PID only. Stopping a process this run started, with everything
// it started: its process group and its descendants (some re-group themselves), TERM first, KILL after
// 3 s. And finding which local process owns a loopback connection (for the network spy).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Parent PID and state of `pid` from /proc, or undefined when it is gone. */
function stat(pid) {
  const text = readProc(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  // The command name (field 2) may contain spaces and parentheses; fields after the last ')' are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]) };
}

/** Every live descendant of `pid` (children, grandchildren, ...). */
export function descendants(pid) {
  const children = new Map();
  for (const name of listProc('/proc')) {
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

/** Contents of a /proc file, or undefined when it cannot be read (the process is gone). */
function readProc(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Entries of a /proc folder, or [] when it cannot be read. */
function listProc(path) {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/**
 * The PID of the local process that owns the loopback TCP connection whose local port is `port`
 * (the client end of a connection accepted by a server in this process), or undefined.
 */
export function pidOfLocalPort(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let inode;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of (readProc(table) ?? '').split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`)) inode = cols[9];
    }
  }
  if (!inode || inode === '0') return undefined;
  const target = `socket:[${inode}]`;
  for (const name of listProc('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    for (const fd of listProc(`/proc/${name}/fd`)) {
      try {
        if (readlinkSync(`/proc/${name}/fd/${fd}`) === target) return Number(name);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return undefined;
}

/** `extension-host`, `server` or `other`: which VS Code process `pid` is, from its command line. */
export function vscodeProcessKind(pid) {
  if (!pid) return 'unknown';
  const cmdline = readProc(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ');
  if (cmdline === undefined) return 'unknown';
  if (/--type=extensionHost|extensionHostProcess/.test(cmdline)) return 'extension-host';
  if (/server-main\.js/.test(cmdline)) return 'server';
  return 'other';
}
