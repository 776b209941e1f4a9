#!/usr/bin/env node
// Takes .test-artifacts/screenshots/walkthrough-first-step.jpg, the Get Started walkthrough as a new
// user first sees it from the packaged extension (the README's picture, of the walkthrough walked to
// completion, comes from the host e2e test/host/e2e/walkthrough.mjs): packages Revise, installs the
// .vsix into a fresh VS Code server (the host tests' cached one, on 127.0.0.1), opens a git
// repository, runs "Revise: Get Started" from the command palette and photographs the walkthrough
// once its first step and that step's page show. A JPEG of a zoomed-out window.
//   node scripts/walkthroughShot.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killOwnTree } from '../test/host/processes.mjs';
import { cleanParentEnv, makeWorkspaceRepo, quietSettings } from '../test/host/runSetup.mjs';
import { hostTools, installVsix, startVsCodeServer } from '../test/host/vscodeServer.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, '.test-artifacts', 'screenshots', 'walkthrough-first-step.jpg');
const WAIT = Number(process.env.REVISE_SHOT_WAIT ?? 120_000);
/** Resolves once some frame of `page` shows `text` (webview frames come and go, so each is asked in turn). */
async function waitForFrameText(page, text) {
  const deadline = Date.now() + WAIT;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.getByText(text, { exact: false }).first().isVisible().catch(() => false)) return;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no frame showed "${text}" within ${WAIT} ms`);
}

const work = mkdtempSync(join(tmpdir(), 'revise-walkthrough-'));
const state = { serverPid: undefined, browser: undefined };
try {
  mkdirSync(dirname(out), { recursive: true });
  const vsix = join(work, 'revise.vsix');
  execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tools = hostTools(root);
  const dirs = { extensionsDir: join(work, 'extensions'), userDataDir: join(work, 'user-data'), serverDataDir: join(work, 'server-data') };
  installVsix(tools, vsix, dirs);
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, 'workbench.colorTheme': 'Default Dark Modern', 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'window.zoomLevel': -1 }, null, 2));
  const workspace = makeWorkspaceRepo(join(work, 'my-project'));
  const { child, port } = await startVsCodeServer(tools, { dirs, logsPath: join(work, 'logs'), env: cleanParentEnv(), logFile: join(work, 'server.log'), extraArgs: ['--without-connection-token'] });
  state.serverPid = child.pid;

  const { chromium } = createRequire(join(tools.playwrightDir, 'package.json'))('playwright-core');
  state.browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await state.browser.newPage({ viewport: { width: 1360, height: 680 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.activitybar [aria-label^="Revise"]').first().click({ timeout: WAIT });
  await page.getByText('No revision runs yet', { exact: false }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('F1');
  await page.keyboard.type('Revise: Get Started');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started' }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.getByText('Choose your coding agent', { exact: false }).first().waitFor({ timeout: WAIT });
  // The step's markdown renders in a webview frame of its own once the step is expanded.
  await waitForFrameText(page, 'npm install -g @anthropic-ai/claude-code');
  const clip = await page.locator('.part.editor').first().boundingBox();
  await page.screenshot({ path: out, type: 'jpeg', quality: 55, ...(clip ? { clip } : {}) });
  console.log(`walkthrough: ${out} (${(statSync(out).size / 1024).toFixed(0)} kB)`);
} catch (error) {
  const page = state.browser?.contexts()[0]?.pages()[0];
  await page?.screenshot({ path: join(tmpdir(), 'revise-walkthrough-failure.png') }).catch(() => undefined);
  throw error;
} finally {
  await state.browser?.close().catch(() => undefined);
  await killOwnTree(state.serverPid);
  rmSync(work, { recursive: true, force: true, maxRetries: 3 });
}
