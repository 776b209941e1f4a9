/**
 * A `custom` agent for the reload scenario and the checks around it. In round 1 it commits in the
 * worktree, starts a grandchild in its process group, writes a marker file (the event the test waits
 * for) and then blocks until killed (the grandchild ignores SIGTERM); in any later round it makes one change and exits.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the agent writes to its marker once it has committed and started blocking. */
export interface AgentMarker {
  pid: number;
  grandchildPid: number;
  /** The commit the agent made in the worktree. */
  sha: string;
}

const AGENT = `
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const [round, marker] = process.argv.slice(2);
const git = (...args) => execFileSync('git', ['-c', 'user.name=Agent', '-c', 'user.email=agent@example.invalid', ...args], { encoding: 'utf8' }).trim();
if (round === '1') {
  fs.writeFileSync('agent-work.txt', 'committed by the agent before the reload\\n');
  git('add', 'agent-work.txt');
  git('commit', '--quiet', '-m', 'agent: work before the reload');
  // The agent ends on the reload's SIGTERM, but its grandchild ignores it, as a busy tool may; the
  // SIGKILL that follows after a grace period never comes from the dying host: it runs on, orphaned.
  const grandchild = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  fs.writeFileSync(marker + '.tmp', JSON.stringify({ pid: process.pid, grandchildPid: grandchild.pid, sha: git('rev-parse', 'HEAD') }));
  fs.renameSync(marker + '.tmp', marker);
  setInterval(() => {}, 1 << 30);
} else {
  fs.writeFileSync('agent-retry.txt', 'written by the retried round\\n');
  console.log('Retried the round.');
}
`;

/** Writes the agent script into `root`; returns the `revise.agent.command` argv that runs it. */
export function writeBlockingAgent(root: string, marker: string): string[] {
  const script = join(root, 'blocking-agent.js');
  writeFileSync(script, AGENT);
  return [process.execPath, script, '{round}', marker];
}

function liveInProc(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Resolves once `pid` is gone (or a zombie); rejects if it still runs after `maxMs`. The process is
 * not our child, so there is no exit event to wait for: /proc is polled.
 */
export function processGone(pid: number, maxMs = 15_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!liveInProc(pid)) resolve();
      else if (Date.now() > deadline) reject(new Error(`process ${pid} still runs ${maxMs} ms after recovery: the orphaned agent was not stopped`));
      else setTimeout(check, 20);
    };
    check();
  });
}

/** Whether `pid` is a live (non-zombie) process. */
export const processAlive = liveInProc;

/** Whether `sha` is reachable from any ref of the repository at `cwd` (branches, backups, remotes). */
export function reachableFromRefs(cwd: string, sha: string): boolean {
  return execFileSync('git', ['for-each-ref', '--contains', sha, '--format=%(refname)'], { cwd, encoding: 'utf8' }).trim() !== '';
}
