/**
 * The mocha runner that VS Code's extension host loads as `extensionTestsPath`. It runs every host
 * suite bundled beside it (`out/host/*.test.js`) and writes the outcome to `$HOST_TEST_RESULT`:
 * a JSON summary line, then a final `N passed, N failed` line that the driver checks against the
 * exit code it receives from the workbench.
 *
 * Environment (set by the driver through the server or test-electron environment):
 * - `HOST_TEST_RESULT`  file for the result (optional; nothing is written without it)
 * - `HOST_TEST_GREP`    only run tests whose full title matches this regular expression
 * - `HOST_TEST_SUITE`   run the suites of this sub-folder (e.g. `untrusted`) instead of the main ones
 * - `HOST_TEST_GIT_LOG`, `HOST_TEST_NET_LOG` logs of every git call and every network request in the
 *   host; each is copied to `<name>_AT_START` before any test runs, i.e. right after eager
 *   activation, for the activation suite
 */
import Mocha from 'mocha';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Printed once activation is over and the logs above are copied; e2e hooks start after it. */
const SUITE_STARTED = 'host tests: suite started';

/** One test's outcome as written to the result file. */
interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** Runs the host suites; resolves when all passed, rejects with the failure count otherwise. */
export async function run(): Promise<void> {
  snapshotLog('HOST_TEST_GIT_LOG');
  snapshotLog('HOST_TEST_NET_LOG');
  // The driver starts e2e hooks on this line, so their clicks cannot count as activation's doing.
  console.log(SUITE_STARTED);
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec' });
  const grep = process.env.HOST_TEST_GREP;
  if (grep) mocha.grep(new RegExp(grep));

  const suiteDir = process.env.HOST_TEST_SUITE ? join(__dirname, process.env.HOST_TEST_SUITE) : __dirname;
  for (const file of readdirSync(suiteDir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(join(suiteDir, file));
  }
  await mocha.loadFilesAsync();

  const outcomes: TestOutcome[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', ...(t.duration !== undefined ? { durationMs: t.duration } : {}) }));
    runner.on('fail', (t, err: Error) =>
      outcomes.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? String(err) }),
    );
    runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
  });

  writeResult(outcomes);
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
  if (outcomes.length === 0) throw new Error(grep ? `no host test matches HOST_TEST_GREP=${grep}` : 'no host tests found');
}

/** Copies the log named by env var `name` and puts the copy's path in `<name>_AT_START`. */
function snapshotLog(name: string): void {
  const log = process.env[name];
  if (!log) return;
  const atStart = `${log}.at-start`;
  if (existsSync(log)) copyFileSync(log, atStart);
  else writeFileSync(atStart, '');
  process.env[`${name}_AT_START`] = atStart;
}

function writeResult(outcomes: TestOutcome[]): void {
  const file = process.env.HOST_TEST_RESULT;
  if (!file) return;
  const passed = outcomes.filter((o) => o.state === 'passed').length;
  // A hook failure is reported as a failed "test" by mocha, so counting outcomes is the full picture.
  const failed = outcomes.filter((o) => o.state === 'failed').length;
  const summary = { passed, failed, pending: outcomes.length - passed - failed, tests: outcomes };
  writeFileSync(file, `${JSON.stringify(summary)}\n${passed} passed, ${failed} failed\n`);
}
