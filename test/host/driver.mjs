// Runs the host suites in a real VS Code: the VS Code server of code-server, started with
// --enable-smoke-test-driver so the workbench honours the extensionDevelopmentPath/extensionTestsPath
// payload, opened in headless Chromium driven by playwright-core. The workbench reports the suite's
// outcome through window.codeAutomationExit; the runner's result file must agree with it.
//
// Run with node 24 (the server's node). Tools come from run.sh: CODE_SERVER_DIR, PLAYWRIGHT_DIR, CHROMIUM.
//
//   node driver.mjs [--folder DIR] [--env K=V]... [--e2e MODULE] [--settings FILE] [--timeout SECONDS]
//                   [--pids-file FILE] [--artifacts DIR] [--tests FILE] [--ext DIR] [--untrusted]
//
// --untrusted opens the folder in Restricted Mode: workspace trust stays enabled (the server runs
// without --disable-workspace-trust, the user settings turn trust on and never prompt), and a fresh
// user-data folder has trusted nothing, so the workbench treats the folder as untrusted.
//
// An --e2e module's default export gets { page, findFrameWith, log, screenshot, workspace } and runs
// while the mocha suite runs (from its start, i.e. after activation); if it throws, the run fails. HOST_TEST_GREP selects tests by title.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';
import { checkResult, cleanParentEnv, parseEnvPairs, prepareRun, usageError } from './runSetup.mjs';
import { killOwnTree } from './processes.mjs';
import { isNoise } from './noise.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    ext: { type: 'string', default: root },
    tests: { type: 'string', default: join(root, 'out', 'host', 'index.js') },
    folder: { type: 'string', default: process.env.HOST_TEST_FOLDER },
    env: { type: 'string', multiple: true, default: [] },
    e2e: { type: 'string' },
    settings: { type: 'string' },
    timeout: { type: 'string', default: process.env.REVISE_HOST_TIMEOUT ?? '300' },
    'pids-file': { type: 'string' },
    artifacts: { type: 'string', default: join(root, '.test-artifacts', 'host') },
    untrusted: { type: 'boolean', default: false },
  },
});

const codeServerDir = process.env.CODE_SERVER_DIR;
const playwrightDir = process.env.PLAYWRIGHT_DIR;
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!codeServerDir || !playwrightDir) usageError('CODE_SERVER_DIR and PLAYWRIGHT_DIR must be set (run test/host/run.sh)');
if (!existsSync(opts.tests)) usageError(`tests module not found: ${opts.tests} (build it with node test/host/build.mjs)`);
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) usageError(`--timeout must be a positive number of seconds, got "${opts.timeout}"`);

const artifacts = resolve(opts.artifacts);
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const automationLog = join(artifacts, 'automation.log');
writeFileSync(automationLog, '');
const started = Date.now();
/** The line the in-host runner prints when it starts (after eager activation). */
const SUITE_STARTED = 'host tests: suite started';
const ansiColour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Logs a driver line to stdout and the automation log. */
function log(...args) {
  const line = `[host ${((Date.now() - started) / 1000).toFixed(1)}s] ${format(...args)}`;
  console.log(line);
  appendFileSync(automationLog, line + '\n');
}

/** User settings that keep workspace trust on and leave the folder untrusted without asking. */
const untrustedSettings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};
const settings = { ...(opts.untrusted ? untrustedSettings : {}), ...(opts.settings ? JSON.parse(readFileSync(opts.settings, 'utf8')) : {}) };
const run = await prepareRun({ folder: opts.folder && resolve(opts.folder), extraEnv: parseEnvPairs(opts.env), settings });
const state = { serverPid: undefined, chromiumPid: undefined, browser: undefined, page: undefined };
recordPids();

function recordPids() {
  if (!opts['pids-file']) return;
  // PIDs to stop, then the run folder to remove, should this driver die before its own cleanup.
  writeFileSync(opts['pids-file'], [state.serverPid, state.chromiumPid, run.runDir].filter(Boolean).join('\n') + '\n');
}

/** Starts the server on a port of its choosing; resolves with that port. */
function startServer() {
  const serverMain = join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js');
  const args = [
    serverMain, '--host', '127.0.0.1', '--port', '0', '--without-connection-token', '--accept-server-license-terms',
    '--telemetry-level', 'off', ...(opts.untrusted ? [] : ['--disable-workspace-trust']), '--enable-smoke-test-driver',
    '--server-data-dir', join(run.runDir, 'server-data'), '--user-data-dir', run.userDataDir,
    '--logsPath', join(run.runDir, 'server-logs'),
  ];
  // The extension host inherits this environment. VSCODE_CLI=1 tells the server not to resolve a
  // login shell's environment, which would replace PATH (and with it the git spy).
  const env = { ...cleanParentEnv(), ...run.env, VSCODE_CLI: '1' };
  const server = spawn(process.execPath, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  state.serverPid = server.pid;
  recordPids();
  const serverLog = join(artifacts, 'server.log');
  return new Promise((resolvePort, reject) => {
    let buffered = '';
    const onData = (chunk) => {
      appendFileSync(serverLog, chunk);
      buffered += chunk.toString();
      const m = /Extension host agent listening on (\d+)/.exec(buffered);
      if (m) resolvePort(Number(m[1]));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (chunk) => appendFileSync(serverLog, chunk));
    server.on('exit', (code, signal) => reject(new Error(`VS Code server exited early (${code ?? signal}); see ${serverLog}`)));
    server.on('error', reject);
  });
}

/** Resolves with the first frame (page or any nested webview iframe) that contains `selector`. */
async function findFrameWith(selector, { timeoutMs: wait = 15_000 } = {}) {
  const deadline = Date.now() + wait;
  for (;;) {
    for (const frame of state.page.frames()) {
      const handle = await frame.$(selector).catch(() => null);
      if (handle) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no frame contains ${selector} after ${wait} ms`);
    await state.page.waitForTimeout(100);
  }
}

/** Saves a PNG of the workbench into the artifacts folder; returns its path. */
async function screenshot(name) {
  const file = join(artifacts, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await state.page.screenshot({ path: file });
  log(`screenshot ${file}`);
  return file;
}

async function runInWorkbench() {
  const port = await startServer();
  log(`server listening on 127.0.0.1:${port}`);

  const { chromium } = createRequire(join(playwrightDir, 'package.json'))('playwright-core');
  const browserServer = await chromium.launchServer({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  state.chromiumPid = browserServer.process().pid;
  recordPids();
  state.browser = await chromium.connect(browserServer.wsEndpoint());
  const page = (state.page = await state.browser.newPage({ viewport: { width: 1400, height: 900 } }));

  let onExit;
  const exited = new Promise((r) => (onExit = r));
  let onSuiteStarted;
  const suiteStarted = new Promise((r) => (onSuiteStarted = r));
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    // Colour codes are dropped: mocha colours its report when CI is set, whatever it is told.
    const line = format(...(Array.isArray(args) ? args : [args])).replace(ansiColour, '');
    appendFileSync(automationLog, line + '\n');
    if (line === SUITE_STARTED) onSuiteStarted();
    else if (!isNoise(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => onExit({ code, logs }));

  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(resolve(opts.ext))],
    ['extensionTestsPath', remote(resolve(opts.tests))],
    ['skipWelcome', 'true'],
  ];
  const url = `http://${authority}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  log(`workbench opened on ${run.workspace}`);

  let e2e = Promise.resolve();
  if (opts.e2e) {
    const mod = await import(pathToFileURL(resolve(opts.e2e)).href);
    if (typeof mod.default !== 'function') usageError(`--e2e module ${opts.e2e} has no default export function`);
    // Started once the runner reports that activation is over: a click that opens a view must not
    // look like work done while activating. If the suite never starts, the exit below ends the wait.
    e2e = Promise.race([suiteStarted, exited]).then(() =>
      mod.default({ page, findFrameWith, log, screenshot, workspace: run.workspace }),
    );
    e2e.catch(() => undefined); // awaited below; keeps an early rejection from being "unhandled"
  }

  const { code, logs } = await exited;
  for (const { relativePath, contents } of logs ?? []) {
    const file = join(artifacts, 'logs', relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  let e2eError;
  await e2e.catch((err) => (e2eError = err));
  return { code, e2eError };
}

async function cleanup() {
  await Promise.race([state.browser?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  await Promise.all([killOwnTree(state.chromiumPid), killOwnTree(state.serverPid)]);
  if (opts['pids-file']) rmSync(opts['pids-file'], { force: true });
  await run.netSpy.close();
  if (existsSync(run.resultFile)) cpSync(run.resultFile, join(artifacts, 'result.txt'));
  if (existsSync(run.gitLog)) cpSync(run.gitLog, join(artifacts, 'git-calls.log'));
  if (existsSync(run.netLog)) cpSync(run.netLog, join(artifacts, 'net-calls.log'));
  if (process.env.REVISE_HOST_KEEP === '1') log(`kept run folder ${run.runDir}`);
  else rmSync(run.runDir, { recursive: true, force: true, maxRetries: 3 });
}

let cleaning;
function cleanupOnce() {
  cleaning ??= cleanup();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    void cleanupOnce().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
  });
}

let exitCode = 1;
try {
  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${opts.timeout}s: the host hung`)), timeoutMs);
  });
  const { code, e2eError } = await Promise.race([runInWorkbench(), timedOut]);
  clearTimeout(timer);
  const verdict = checkResult(code, run.resultFile);
  if (e2eError) log(`e2e hook failed: ${e2eError.stack ?? e2eError}`);
  const ok = verdict.ok && !e2eError;
  log(`${ok ? 'PASS' : 'FAIL'}: ${verdict.message} (exit code ${code})`);
  if (!ok) await screenshot('failure').catch(() => undefined);
  exitCode = ok ? 0 : 1;
} catch (err) {
  log(`FAIL: ${err instanceof Error ? err.message : err}`);
  if (state.page) await screenshot('failure').catch(() => undefined);
} finally {
  await cleanupOnce();
}
log(`artifacts in ${artifacts}`);
process.exit(exitCode);
