/**
 * Shared pieces of the fault trials: a seeded random source, the committing agent's argv, and a
 * wait on the agent's event file (an event, never a guess at how long something takes).
 */
import { existsSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { processGroupAlive } from '../../../src/agent/processInfo';

/** Path of the agent that commits while it works (see committingAgent.mjs). */
export const COMMITTING_AGENT = join(__dirname, 'committingAgent.mjs');

/** The agent argv for `RoundOptions.agent.command` or `--agent-command`. */
export function committingAgentArgv(): string[] {
  return [process.execPath, COMMITTING_AGENT];
}

/** Path of the agent that misbehaves beyond its worktree on purpose (see misbehavingAgent.mjs). */
export const MISBEHAVING_AGENT = join(__dirname, 'misbehavingAgent.mjs');

/** The misbehaving agent doing `args`, as one `--agent-command` string (single quotes keep paths with spaces whole). */
export function misbehavingAgentCommand(...args: string[]): string {
  return [process.execPath, MISBEHAVING_AGENT, ...args].map((a) => `'${a}'`).join(' ');
}

export { seeded } from '../../helpers/seeded';

/**
 * `REVISE_SOAK=<n>` multiplies the counted trials of the fault scenarios for a longer soak
 * (`npm run test:soak`); `npm test` runs them once (n = 1).
 */
export const SOAK = ((): number => {
  const raw = process.env.REVISE_SOAK ?? '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`REVISE_SOAK must be a whole number ≥ 1, got '${raw}'`);
  return n;
})();

/** The events an agent announced so far, one string per line. */
export function readEvents(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * Resolves with the event lines once `done(lines)` is true, or rejects when `gaveUp()` turns true
 * first (the agent ended before the event). Woken by every write to the file's folder.
 */
export function waitForEvents(file: string, done: (lines: string[]) => boolean, gaveUp: () => boolean = () => false): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const folder = join(file, '..');
    const watcher = watch(folder, () => check());
    let finished = false;
    function check(): void {
      if (finished) return;
      const lines = readEvents(file);
      if (done(lines)) {
        finished = true;
        watcher.close();
        resolve(lines);
      } else if (gaveUp()) {
        finished = true;
        watcher.close();
        reject(new Error(`gave up waiting; events so far: ${lines.join(' | ')}`));
      }
    }
    check();
  });
}

/** The pid the agent announced in its `started <pid>` event of `round`. */
export function agentPid(lines: string[], round: number): number | undefined {
  const line = lines.find((l) => l.startsWith(`${round} started `));
  return line ? Number(line.split(' ')[2]) : undefined;
}

/** SHAs the agent said it committed in `round`. */
export function announcedCommits(lines: string[]): string[] {
  return lines.filter((l) => / committed \d+ [0-9a-f]{40}$/.test(l)).map((l) => l.split(' ').at(-1)!);
}

/**
 * Resolves true once no process of group `pgid` is left, false if one still is after `maxMs` (a
 * bound for the failure case only). Polled: the death of a process that is not our child sends no event.
 */
export async function groupEnded(pgid: number, maxMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  while (processGroupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  return true;
}

/** Stop a process group a failed trial may have left behind. */
export function killGroup(pgid: number | undefined): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: already gone
  }
}
