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
