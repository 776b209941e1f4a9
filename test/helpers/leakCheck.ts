/**
 * Mocha root hooks (loaded by .mocharc.json): a test file that leaves a process running fails, naming
 * it, and the process is killed — so a forgotten `git daemon` or agent can never keep the suite
 * waiting. After every top-level suite (in practice, every file) the descendants of this mocha
 * process are read from /proc; what is still there after a short grace (a process that was just
 * signalled may need a moment to exit) is reported and SIGKILLed, with its process group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Context, RootHookObject, Suite } from 'mocha';

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  command: string;
}

/** Every process visible in /proc (Linux); empty elsewhere, which turns the check off. */
function processTable(): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const entries: ProcessEntry[] = [];
  for (const name of names) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      entries.push({ pid: Number(name), state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]), command });
    } catch {
      // the process exited while being read
    }
  }
  return entries;
}

/**
 * Tooling this mocha process runs for itself rather than for a test: esbuild's transform service,
 * started by tsx to compile the test files, lives as long as mocha does.
 */
function isTooling(p: ProcessEntry): boolean {
  return /[/\\]esbuild(\.exe)?( --service=| --ping|$| )/.test(p.command) && /node_modules/.test(p.command);
}

/** Live descendants of `root` (zombies, already dead and waiting to be reaped, are not counted). */
export function descendants(root: number = process.pid): ProcessEntry[] {
  const table = processTable();
  const children = new Map<number, ProcessEntry[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: ProcessEntry[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child.pid);
    }
  };
  walk(root);
  return found.filter((p) => p.state !== 'Z' && !isTooling(p));
}

const GRACE_MS = 3_000;

/** Resolves with the leftover processes once none are left or the grace is over. */
async function leftovers(): Promise<ProcessEntry[]> {
  const deadline = Date.now() + GRACE_MS;
  let left = descendants();
  while (left.length > 0 && Date.now() < deadline) {
    // Polling: a process exiting has no event this process could wait for (it is not always our child).
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = descendants();
  }
  return left;
}

function kill(p: ProcessEntry): void {
  for (const target of p.pgid === p.pid && p.pgid !== process.pid ? [-p.pgid, p.pid] : [p.pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Fail (and clean up) when processes are left behind by `suite`. */
async function checkNoLeftovers(suite: Suite): Promise<void> {
  const left = await leftovers();
  if (left.length === 0) return;
  left.forEach(kill);
  const list = left.map((p) => `  pid ${p.pid} (parent ${p.ppid}, group ${p.pgid}): ${p.command.slice(0, 200)}`).join('\n');
  throw new Error(`"${suite.fullTitle()}" left ${left.length} process(es) running; they were killed:\n${list}\nStop what a test starts (servers and daemons with their whole process group) in its after/afterEach hook.`);
}

export const mochaHooks: RootHookObject = {
  beforeAll(this: Context) {
    // Appended after each top-level suite's own `after` hooks, so the check sees what they left.
    const root = this.test?.parent;
    for (const suite of root?.suites ?? []) {
      suite.afterAll('no process left behind', async function (this: Context) {
        this.timeout(GRACE_MS + 10_000);
        await checkNoLeftovers(suite);
      });
    }
  },
};
