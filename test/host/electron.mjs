// Runs the same host suites in desktop VS Code, downloaded by @vscode/test-electron into its cache
// (.vscode-test/), for developer machines with network and a display (on a headless Linux box, run
// under xvfb-run). Selected by REVISE_HOST_RUNNER=electron in run.sh. Same workspace, git spy,
// environment variables, result check, hard timeout and PID-scoped cleanup as the server driver.
//
//   node electron.mjs [--folder DIR] [--env K=V]... [--settings FILE] [--timeout SECONDS] [--vscode-version V]
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { killOwnTree } from './processes.mjs';
import { checkResult, cleanParentEnv, parseEnvPairs, prepareRun, usageError } from './runSetup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    folder: { type: 'string', default: process.env.HOST_TEST_FOLDER },
    env: { type: 'string', multiple: true, default: [] },
    settings: { type: 'string' },
    timeout: { type: 'string', default: process.env.REVISE_HOST_TIMEOUT ?? '300' },
    'vscode-version': { type: 'string', default: process.env.REVISE_VSCODE_VERSION ?? '1.139.1' },
    e2e: { type: 'string' },
  },
});
if (opts.e2e) usageError('--e2e needs the server runner (REVISE_HOST_RUNNER=server): it drives the workbench in Chromium');
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) usageError(`--timeout must be a positive number of seconds, got "${opts.timeout}"`);

const tests = join(root, 'out', 'host', 'index.js');
const artifacts = join(root, '.test-artifacts', 'host');
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

let executable;
try {
  executable = await downloadAndUnzipVSCode(opts['vscode-version']);
} catch (err) {
  console.error(`host: could not download VS Code ${opts['vscode-version']} (${err instanceof Error ? err.message : err}).`);
  console.error('host: the electron runner needs network access; offline, use the default runner (REVISE_HOST_RUNNER=server).');
  process.exit(1);
}
const settings = opts.settings ? JSON.parse(readFileSync(opts.settings, 'utf8')) : {};
const run = await prepareRun({ folder: opts.folder && resolve(opts.folder), extraEnv: parseEnvPairs(opts.env), settings });

const args = [
  run.workspace,
  `--extensionDevelopmentPath=${root}`,
  `--extensionTestsPath=${tests}`,
  `--user-data-dir=${run.userDataDir}`,
  `--extensions-dir=${join(run.runDir, 'extensions')}`,
  '--disable-extensions',
  '--disable-workspace-trust',
  '--skip-welcome',
  '--skip-release-notes',
  '--disable-gpu',
  '--no-sandbox',
];
// VSCODE_CLI=1: do not replace PATH (and the git spy) with a login shell's environment.
const env = { ...cleanParentEnv(), ...run.env, VSCODE_CLI: '1' };
const child = spawn(executable, args, { detached: true, env, stdio: 'inherit' });

let timer;
const code = await new Promise((resolveCode) => {
  child.on('exit', (c, signal) => resolveCode(c ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`host: could not start VS Code: ${err.message}`);
    resolveCode(1);
  });
  timer = setTimeout(() => {
    console.error(`host: no result after ${opts.timeout}s: the host hung`);
    resolveCode(124);
  }, timeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => resolveCode(130));
});
clearTimeout(timer);
await killOwnTree(child.pid);
await run.netSpy.close();

if (existsSync(run.resultFile)) cpSync(run.resultFile, join(artifacts, 'result.txt'));
if (existsSync(run.gitLog)) cpSync(run.gitLog, join(artifacts, 'git-calls.log'));
if (existsSync(run.netLog)) cpSync(run.netLog, join(artifacts, 'net-calls.log'));
const verdict = checkResult(code, run.resultFile);
console.log(`host: ${verdict.ok ? 'PASS' : 'FAIL'}: ${verdict.message} (exit code ${code})`);
if (process.env.REVISE_HOST_KEEP !== '1') rmSync(run.runDir, { recursive: true, force: true, maxRetries: 3 });
process.exit(verdict.ok ? 0 : 1);
