// The browser half of `npm run demo`: packages Revise, installs the .vsix into a fresh VS Code server
// (the one the host tests use, installed on demand into the per-user cache), configures the DEMO
// AGENT as the agent and `node --test` as the verify command, serves the workbench on 127.0.0.1 with
// the demo checkout open, prints the URL and keeps serving until Ctrl-C / SIGTERM. Then it stops the
// server it started (by PID, with everything the server started) and removes the server's folders.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { killOwnTree } from '../test/host/processes.mjs';
import { cleanParentEnv, quietSettings } from '../test/host/runSetup.mjs';
import { hostTools, installVsix, machineSettingsFiles, startVsCodeServer } from '../test/host/vscodeServer.mjs';

function step(text) {
  process.stdout.write(`\n\x1b[1m▶ ${text}\x1b[0m\n`);
}

function writeJson(file, value) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** Opens `xdg-open` on `url` only when there is a display to show it on. */
function openWhenDisplay(url) {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  if (spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status !== 0) return false;
  spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref();
  return true;
}

/** Resolves when this process is asked to stop (Ctrl-C, SIGTERM, SIGHUP) or the server exits. */
function untilStopped(server) {
  return new Promise((resolveStop) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => resolveStop(signal));
    server.once('exit', (code, signal) => resolveStop(`server exit ${code ?? signal}`));
  });
}

/**
 * Serves the demo run in a real VS Code in the browser until stopped.
 * `demo` is what makeDemoRepo returned; `run` the started run; `port` 0 picks a free port.
 */
export async function openDemoInBrowser({ root, demo, demoAgent, run, port = 0 }) {
  step('Packaging Revise (npm run package)');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = join(root, `revise-${version}.vsix`);
  const packaged = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`npm run package failed:\n${packaged.stdout}${packaged.stderr}`);
  console.log(`  ${vsix}`);

  step('Preparing the VS Code server (installed on first use into ~/.cache/revise/host)');
  const tools = hostTools(root);
  const serverDir = mkdtempSync(join(tmpdir(), 'revise-demo-server-'));
  const dirs = { extensionsDir: join(serverDir, 'extensions'), userDataDir: join(serverDir, 'user-data'), serverDataDir: join(serverDir, 'server-data') };
  installVsix(tools, vsix, dirs);
  console.log(`  installed ${vsix.split('/').pop()} into ${dirs.extensionsDir}`);

  // Agent, verify and reviewer commands are machine-scoped (a repository cannot choose what runs on
  // this machine), so they go to the machine settings; the user settings get them too, for clients
  // that read machine-scoped values from there.
  const agentSettings = {
    'revise.agent.preset': 'custom',
    'revise.agent.command': [process.execPath, demoAgent, '{promptFile}'],
    'revise.verifyCommand': [process.execPath, '--test'],
  };
  writeJson(join(dirs.userDataDir, 'User', 'settings.json'), { ...quietSettings, 'workbench.secondarySideBar.defaultVisibility': 'hidden', ...agentSettings });
  for (const file of machineSettingsFiles(dirs)) writeJson(file, agentSettings);

  // A connection token keeps other local users' browsers out of this server.
  const token = randomBytes(16).toString('hex');
  const env = {
    ...cleanParentEnv(),
    GIT_AUTHOR_NAME: 'Revise Demo', GIT_AUTHOR_EMAIL: 'demo@example.invalid', GIT_COMMITTER_NAME: 'Revise Demo', GIT_COMMITTER_EMAIL: 'demo@example.invalid',
  };
  const logFile = join(serverDir, 'server.log');
  const { child, port: listening } = await startVsCodeServer(tools, { port, dirs, logsPath: join(serverDir, 'logs'), env, logFile, extraArgs: ['--connection-token', token] });
  const url = `http://127.0.0.1:${listening}/?tkn=${token}&folder=${encodeURIComponent(demo.checkout)}`;

  step('Revise demo is running');
  console.log(`  run ${run.id} of ${demo.priorBranch} is in the Revise view (activity bar); the agent is the DEMO AGENT (deterministic, not an AI).`);
  console.log('  Open the run\'s decision panel, Request changes → a round runs → Approve → pushed to the local remote.');
  console.log(`\n  Open in your browser:\n\n    ${url}\n`);
  if (openWhenDisplay(url)) console.log('  (opened with xdg-open)');
  console.log(`  Server log: ${logFile}\n  Press Ctrl-C to stop.`);

  const why = await untilStopped(child);
  console.log(`\ndemo: stopping (${why})`);
  await killOwnTree(child.pid);
  rmSync(serverDir, { recursive: true, force: true, maxRetries: 3 });
  console.log(`demo: server stopped; the demo repository stays in ${dirname(demo.checkout)}`);
}
