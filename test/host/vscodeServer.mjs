// The cached VS Code server (code-server's) outside the host-test driver: the demo and the .vsix
// check use it to install a packaged Revise and serve a workbench on loopback.
// Tools come from tools.sh (installed on demand into the per-user cache).
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Installs the host tools when missing (see tools.sh) and returns where they are:
 * `{ node24, codeServerDir, playwrightDir, chromium }`. Install progress goes to stderr.
 */
export function hostTools(root) {
  const script = 'source test/host/tools.sh && install_host_tools >&2 && printf "%s\\n" "$NODE24" "$CODE_SERVER_DIR" "$PLAYWRIGHT_DIR" "$CHROMIUM"';
  const out = execFileSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [node24, codeServerDir, playwrightDir, chromium] = out.trim().split('\n');
  return { node24, codeServerDir, playwrightDir, chromium };
}

/** The server's entry point inside code-server. */
function serverMain(codeServerDir) {
  return join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js');
}

/** Where a server started with `--user-data-dir userDataDir` reads machine-scoped settings. */
export function machineSettingsFiles({ userDataDir, serverDataDir }) {
  // With --user-data-dir the server keeps Machine/ there; without it, under <server-data-dir>/data.
  return [join(userDataDir, 'Machine', 'settings.json'), join(serverDataDir, 'data', 'Machine', 'settings.json')];
}

/** Installs a .vsix with the server's own `--install-extension` into `dirs.extensionsDir`. */
export function installVsix({ node24, codeServerDir }, vsix, { extensionsDir, userDataDir, serverDataDir }) {
  return execFileSync(
    node24,
    [serverMain(codeServerDir), '--install-extension', vsix, '--force', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--server-data-dir', serverDataDir, '--accept-server-license-terms'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * Starts the VS Code server on 127.0.0.1 in its own process group (so it can be stopped with
 * everything it started) and resolves with `{ child, port }` once it listens. `port` 0 lets it pick.
 * Its output is appended to `logFile`. `extraArgs` come last (e.g. `--connection-token`).
 */
export function startVsCodeServer({ node24, codeServerDir }, { port = 0, dirs, logsPath, env, logFile, extraArgs = [] }) {
  const args = [
    serverMain(codeServerDir), '--host', '127.0.0.1', '--port', String(port), '--accept-server-license-terms', '--telemetry-level', 'off',
    '--disable-workspace-trust', '--extensions-dir', dirs.extensionsDir, '--server-data-dir', dirs.serverDataDir, '--user-data-dir', dirs.userDataDir,
    '--logsPath', logsPath, ...extraArgs,
  ];
  // VSCODE_CLI=1: the server does not resolve a login shell's environment, which would replace PATH.
  const child = spawn(node24, args, { detached: true, env: { ...env, VSCODE_CLI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveStarted, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      appendFileSync(logFile, chunk);
      buffered += chunk.toString();
      const m = /Extension host agent listening on (\d+)/.exec(buffered);
      if (m) resolveStarted({ child, port: Number(m[1]) });
    });
    child.stderr.on('data', (chunk) => appendFileSync(logFile, chunk));
    child.on('exit', (code, signal) => reject(new Error(`VS Code server exited (${code ?? signal}); see ${logFile}`)));
    child.on('error', reject);
  });
}
