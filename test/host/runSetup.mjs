// What both host runners (the VS Code server driver and @vscode/test-electron) prepare the same way:
// a private run folder, a workspace git repository, a `git` on PATH that logs its calls, quiet user
// settings, the environment the extension host gets, and the check of the result file.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { pidOfLocalPort, vscodeProcessKind } from './processes.mjs';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** User settings that keep the workbench quiet and keep other extensions from running git. */
export const quietSettings = {
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  // Suites open decision panels themselves; the first-run suite turns this on to test it.
  'revise.openPanelOnDecision': false,
};

/** Fails with a clear message, used for bad command-line input. */
export function usageError(message) {
  console.error(`host: ${message}`);
  process.exit(2);
}

/** Parses repeated `--env K=V` values into an object. */
export function parseEnvPairs(pairs) {
  const env = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) usageError(`--env expects K=V, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function git(cwd, ...args) {
  // Identity on the command line: the machine's global git config is never assumed.
  const r = spawnSync('git', ['-c', 'user.name=Revise Host Test', '-c', 'user.email=host-test@revise.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A small git repository with one commit on `main`, the default workspace of a host run. */
export function makeWorkspaceRepo(dir) {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# host test workspace\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial commit');
  return dir;
}

/** Writes `bin/git`, which appends `<cwd>\t<args>` to `logFile` and then runs the real git. */
export function makeGitSpy(binDir, logFile) {
  const found = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('git is not on PATH');
  mkdirSync(binDir, { recursive: true });
  const wrapper = join(binDir, 'git');
  writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\t%s\\n' "$PWD" "$*" >> '${logFile}'\nexec '${found}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  writeFileSync(logFile, '');
}

/**
 * A loopback HTTP proxy that records every request sent through it to `logFile` and refuses it.
 * A line is `<process kind>\tCONNECT host:port` (or `\tMETHOD url`), the kind telling whether the
 * extension host, the server (e.g. the extension gallery) or another process sent it. The extension host is pointed at it through the
 * `http.proxy` setting (VS Code routes Node's http/https and fetch through it) and the proxy
 * environment variables, so a network call shows up in the log instead of leaving the machine.
 */
export async function startNetSpy(logFile) {
  writeFileSync(logFile, '');
  const record = (req) => {
    const kind = vscodeProcessKind(pidOfLocalPort(req.socket.remotePort));
    appendFileSync(logFile, `${kind}\t${req.method} ${req.url}\n`);
  };
  const server = createServer((req, res) => {
    record(req);
    res.writeHead(502).end('refused by the host-test network spy');
  });
  server.on('connect', (req, socket) => {
    record(req);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const url = `http://127.0.0.1:${server.address().port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  };
  return { url, close };
}

/**
 * Creates the run folder and everything in it. `folder` is the workspace to open (a fresh git repo
 * when not given); `extraEnv` is merged into the extension host's environment last.
 */
export async function prepareRun({ folder, extraEnv = {}, settings = {} }) {
  const runDir = mkdtempSync(join(tmpdir(), 'revise-host-'));
  const workspace = folder ?? makeWorkspaceRepo(join(runDir, 'workspace'));
  if (!existsSync(workspace)) usageError(`workspace folder does not exist: ${workspace}`);
  const binDir = join(runDir, 'bin');
  const gitLog = join(runDir, 'git-calls.log');
  makeGitSpy(binDir, gitLog);

  const netLog = join(runDir, 'net-calls.log');
  const netSpy = await startNetSpy(netLog);
  const proxySettings = { 'http.proxy': netSpy.url, 'http.proxySupport': 'override', 'http.noProxy': [] };

  const userDir = join(runDir, 'user-data', 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ ...quietSettings, ...proxySettings, ...settings }, null, 2));

  const resultFile = join(runDir, 'result.txt');
  const env = {
    HOST_TEST_RESULT: resultFile,
    HOST_TEST_WORKSPACE: workspace,
    HOST_TEST_GIT_LOG: gitLog,
    HOST_TEST_NET_LOG: netLog,
    HTTP_PROXY: netSpy.url,
    HTTPS_PROXY: netSpy.url,
    http_proxy: netSpy.url,
    https_proxy: netSpy.url,
    NO_PROXY: '',
    PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
    ...extraEnv,
  };
  return { runDir, workspace, resultFile, gitLog, netLog, netSpy, userDataDir: join(runDir, 'user-data'), env };
}

/** The environment of this process without what a parent VS Code would leak into a child one. */
export function cleanParentEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return env;
}

/**
 * Checks the runner's exit code against the result file's last line (`N passed, N failed`).
 * Returns `{ ok, passed, failed, message }`; a run is ok only if both agree that nothing failed.
 */
export function checkResult(exitCode, resultFile) {
  const text = existsSync(resultFile) ? readFileSync(resultFile, 'utf8') : '';
  const last = text.trim().split('\n').pop() ?? '';
  const m = /^(\d+) passed, (\d+) failed$/.exec(last);
  if (!m) {
    return { ok: false, passed: 0, failed: 0, message: `no result line in ${resultFile} (exit code ${exitCode}); the suite did not finish` };
  }
  const passed = Number(m[1]);
  const failed = Number(m[2]);
  if (exitCode === 0 && failed > 0) return { ok: false, passed, failed, message: `exit code 0 but ${failed} failed: inconsistent result` };
  if (exitCode !== 0 && failed === 0) return { ok: false, passed, failed, message: `exit code ${exitCode} with no failed test (load error, empty selection, or a failing e2e hook)` };
  if (exitCode !== 0) return { ok: false, passed, failed, message: `${passed} passed, ${failed} failed` };
  return { ok: true, passed, failed, message: `${passed} passed, ${failed} failed` };
}
