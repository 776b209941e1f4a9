import { spawn } from 'node:child_process';

/** Mocha wiring for tests whose agents start daemons: any pid listed is SIGKILLed after each test, should Revise have failed to stop it. */
export function useStrayProcessCleanup(): number[] {
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // stopped by the round, as it should be
      }
    }
  });
  return pids;
}

/** The pid of a process that has exited (a dead owner of a round, a push, an autopilot). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}
