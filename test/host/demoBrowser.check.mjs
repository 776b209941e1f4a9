// Checks `npm run demo` in browser mode end to end, like a newcomer: starts the demo, opens the URL it
// prints in headless Chromium, finds the run in the Revise view, opens its decision panel, clicks
// Request changes, waits for the DEMO AGENT's round, clicks Approve, and checks that the bare remote
// moved to the run's tip. Then stops the demo with SIGTERM and checks it stopped its server.
//
//   node test/host/demoBrowser.check.mjs [--screenshot FILE] [--confirm-screenshot FILE]
//
// Not part of `npm test` (it packages and serves a whole workbench); run it after changing the demo.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killOwnTree } from './processes.mjs';
import { hostTools } from './vscodeServer.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({ options: { screenshot: { type: 'string' }, 'confirm-screenshot': { type: 'string' } } });
const LONG = 120_000;
const started = Date.now();
const log = (text) => console.log(`[demo-check ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

const tools = hostTools(root);
const { chromium } = createRequire(join(tools.playwrightDir, 'package.json'))('playwright-core');

const demo = spawn(process.execPath, [join(root, 'scripts', 'demo.mjs')], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
let output = '';
const printed = new Promise((resolveUrl, reject) => {
  demo.stdout.on('data', (chunk) => {
    output += chunk.toString();
    const url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?\S+)$/m.exec(output);
    if (url) resolveUrl(url[1]);
  });
  demo.on('exit', (code) => reject(new Error(`demo exited (${code}) before printing a URL:\n${output}`)));
});

const artifacts = join(root, '.test-artifacts', 'demo-check');
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
let browser;
let page;
let failed = false;
try {
  const url = await printed;
  const remote = /remote:\s+(\S+)/.exec(output)[1];
  const branch = /prior attempt:\s+(\S+)/.exec(output)[1];
  const remoteTip = () => execFileSync('git', ['--git-dir', remote, 'rev-parse', `refs/heads/${branch}`], { encoding: 'utf8' }).trim();
  const tipBefore = remoteTip();
  log(`demo printed ${url}`);

  browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(url);

  await page.locator('.activitybar [aria-label^="Revise"]').first().click({ timeout: LONG });
  const runRow = page.locator('.monaco-list-row[aria-level="1"]', { hasText: branch }).first();
  await runRow.waitFor({ timeout: LONG });
  log('the run is in the Revise view');
  await runRow.hover();
  await runRow.locator('[aria-label="Open Decision Panel"]').first().click();

  const panel = async () => {
    const deadline = Date.now() + LONG;
    for (;;) {
      for (const frame of page.frames()) if (await frame.$('#app[data-status]').catch(() => null)) return frame;
      if (Date.now() > deadline) throw new Error('no decision panel');
      await page.waitForTimeout(200);
    }
  };
  let frame = await panel();
  log('decision panel open');
  await frame.click('button[data-option="request-changes"]:not([disabled])', { timeout: LONG });
  frame = await panel();
  await frame.waitForSelector('#app[data-status="awaiting-decision"][data-rounds="2"] button[data-option="approve"]:not([disabled])', { timeout: LONG });
  log('round 1 finished');
  if (opts.screenshot) {
    await page.screenshot({ path: resolve(opts.screenshot) });
    log(`screenshot ${opts.screenshot}`);
  }
  await frame.click('button[data-option="approve"]');
  // The demo's blocking findings are claimed fixed, not accepted: Approve asks first, naming them.
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: LONG });
  if (!/blocking finding/.test(await dialog.innerText())) throw new Error('the approve confirmation does not name the open blocking findings');
  if (opts['confirm-screenshot']) {
    await page.screenshot({ path: resolve(opts['confirm-screenshot']) });
    log(`screenshot ${opts['confirm-screenshot']}`);
  }
  await dialog.getByRole('button', { name: 'Approve Anyway' }).click();
  await frame.waitForSelector('#app[data-status="approved"]', { timeout: LONG });
  const tipAfter = remoteTip();
  log(`approved; remote ${branch}: ${tipBefore.slice(0, 12)} → ${tipAfter.slice(0, 12)}`);
  if (tipAfter === tipBefore) throw new Error('the remote branch did not move');
} catch (err) {
  failed = true;
  console.error(`demo-check: FAIL ${err instanceof Error ? err.stack : err}`);
} finally {
  const serverLog = /Server log: (\S+)/.exec(output)?.[1];
  if (failed) {
    await page?.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => undefined);
    if (serverLog) cpSync(dirname(serverLog), join(artifacts, 'server'), { recursive: true });
    log(`failure screenshot and server logs in ${artifacts}`);
  }
  await browser?.close().catch(() => undefined);
  const stopped = new Promise((r) => demo.once('exit', r));
  demo.kill('SIGTERM');
  const why = await Promise.race([stopped, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
  if (why === 'timeout') {
    failed = true;
    console.error('demo-check: FAIL the demo did not stop on SIGTERM');
    await killOwnTree(demo.pid);
  } else if (serverLog && existsSync(dirname(serverLog))) {
    failed = true;
    console.error(`demo-check: FAIL the demo left its server folder ${dirname(serverLog)}`);
  }
  // The demo keeps its repository for the user to explore; this check does not.
  const remoteDir = /remote:\s+(\S+)/.exec(output)?.[1];
  if (remoteDir) rmSync(dirname(remoteDir), { recursive: true, force: true });
}
log(failed ? 'FAIL' : 'PASS');
process.exit(failed ? 1 : 0);
