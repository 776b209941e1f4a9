// The packaged extension, as a user gets it: `npm run package` makes a .vsix under 1 MB holding only
// the bundles (minified, no source maps), media with only the README's screenshots, README, CHANGELOG, LICENSE,
// package.json with its package.nls.json and the l10n bundle;
// it installs with the VS Code server's own --install-extension into a fresh extensions folder, and in
// a workbench started WITHOUT any development payload, on a git repository, the Revise activity-bar
// entry shows the Runs view and the extension host log says revise.revise activated.
//
//   node test/host/vsix.mjs        (part of `npm test`, after the host suites)
//
// REVISE_HOST_KEEP=1 keeps the temp folder (server logs) for a look after a failure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killOwnTree } from './processes.mjs';
import { cleanParentEnv, makeWorkspaceRepo, quietSettings } from './runSetup.mjs';
import { hostTools, installVsix, startVsCodeServer } from './vscodeServer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAX_BYTES = 1024 * 1024;
const WAIT = 120_000;
/** Every path a .vsix may hold; vsce adds the manifest and content types. */
const allowed = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|package\.nls\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/l10n\/bundle\.l10n\.json$/,
  /^extension\/dist\/(extension|engine|zod|languageClient|server|cli|cliMain|listing|webview|workflowParser)\.js$/,
  /^extension\/media\/(?!screenshots\/)[^/]+(\/[^/]+)*$/,
  // Only the screenshots the README shows.
  /^extension\/media\/screenshots\/(demo|tree-codelens-panel|walkthrough|approve-confirmation)\.jpg$/,
];
const required = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/engine.js', 'extension/dist/zod.js', 'extension/dist/languageClient.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/cliMain.js', 'extension/dist/listing.js', 'extension/dist/webview.js', 'extension/media/revise.svg', 'extension/media/icon.png', 'extension/media/walkthrough/agent.md', 'extension/changelog.md'];

const started = Date.now();
const log = (text) => console.log(`[vsix ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);
const problems = [];
const expect = (ok, message) => {
  if (!ok) problems.push(message);
};

const work = mkdtempSync(join(tmpdir(), 'revise-vsix-'));
const state = { serverPid: undefined, browser: undefined };
async function cleanup() {
  await state.browser?.close().catch(() => undefined);
  await killOwnTree(state.serverPid);
  if (process.env.REVISE_HOST_KEEP === '1') log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true, maxRetries: 3 });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

/** Files under `dir` (recursively) whose name matches `pattern`. */
function findFiles(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

try {
  // 1. Package and look inside.
  const vsix = join(work, 'revise.vsix');
  execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const bytes = statSync(vsix).size;
  log(`packaged ${(bytes / 1024).toFixed(0)} kB`);
  expect(bytes < MAX_BYTES, `the .vsix is ${bytes} bytes, over 1 MB`);
  const entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
  for (const entry of entries) expect(allowed.some((p) => p.test(entry)), `the .vsix holds ${entry}, which is not allowed`);
  for (const entry of required) expect(entries.includes(entry), `the .vsix lacks ${entry}`);
  // README images are relative links that must resolve inside the package (nothing rewrites them).
  for (const [, image] of readFileSync(join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
    expect(!/^[a-z]+:/i.test(image), `README.md shows ${image}, which is not a relative path`);
    expect(entries.includes(`extension/${image}`), `README.md shows ${image}, which the .vsix lacks`);
  }
  for (const bundle of entries.filter((e) => e.startsWith('extension/dist/'))) {
    const text = execFileSync('unzip', ['-p', vsix, bundle], { encoding: 'utf8', maxBuffer: 16 * MAX_BYTES });
    expect(!text.includes('sourceMappingURL'), `${bundle} points at a source map`);
    // Minified: lines average hundreds of characters (a development bundle's average a few dozen).
    const perLine = text.length / text.split('\n').length;
    expect(perLine > 200, `${bundle} is not minified (${perLine.toFixed(0)} characters per line)`);
  }

  // 2. Install into a fresh extensions folder of the cached VS Code server.
  const tools = hostTools(root);
  const dirs = { extensionsDir: join(work, 'extensions'), userDataDir: join(work, 'user-data'), serverDataDir: join(work, 'server-data') };
  const installStarted = Date.now();
  installVsix(tools, vsix, dirs);
  expect(readdirSync(dirs.extensionsDir).some((d) => d.startsWith('revise.revise-')), 'revise.revise is not in the extensions folder after --install-extension');
  log(`installed in ${Date.now() - installStarted} ms`);

  // 3. A workbench on a git repository, with no development payload: only installed extensions run.
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify(quietSettings, null, 2));
  const workspace = makeWorkspaceRepo(join(work, 'workspace'));
  const logsPath = join(work, 'logs');
  const serverStarted = Date.now();
  const { child, port } = await startVsCodeServer(tools, { dirs, logsPath, env: cleanParentEnv(), logFile: join(work, 'server.log'), extraArgs: ['--without-connection-token'] });
  state.serverPid = child.pid;

  const { chromium } = createRequire(join(tools.playwrightDir, 'package.json'))('playwright-core');
  state.browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await state.browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.activitybar [aria-label^="Revise"]').first().click({ timeout: WAIT });
  // The welcome text only shows once activation set `revise.ready`.
  await page.getByText('No revision runs yet', { exact: false }).first().waitFor({ timeout: WAIT });
  log(`Revise view showing ${Date.now() - serverStarted} ms after the server started`);

  const hostLogs = findFiles(logsPath, /^(remote)?exthost\.log$/).map((f) => readFileSync(f, 'utf8')).join('\n');
  expect(/_doActivateExtension revise\.revise\b/.test(hostLogs), 'the extension host log does not show revise.revise activating');
  expect(!/Activating extension .?revise\.revise.? failed/.test(hostLogs), 'the extension host log says revise.revise failed to activate');
  expect(!hostLogs.includes('extensionDevelopmentPath'), 'the workbench ran with a development payload');
  // An error entry (with its stack lines) that points into the installed extension.
  const ours = hostLogs.split(/\n(?=\d{4}-\d\d-\d\d )/).filter((entry) => entry.includes('[error]') && entry.includes('revise.revise-'));
  expect(ours.length === 0, `the extension host logged errors from Revise:\n${ours.join('\n')}`);
} catch (err) {
  problems.push(err instanceof Error ? err.stack ?? err.message : String(err));
} finally {
  await cleanup();
}

for (const p of problems) console.error(`vsix: FAIL ${p}`);
log(problems.length === 0 ? 'PASS: the .vsix is small and clean, installs, and activates' : `FAIL (${problems.length})`);
process.exit(problems.length === 0 ? 0 : 1);
