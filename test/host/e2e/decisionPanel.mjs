/* global document */
// Drives the decision panel in the real workbench while the host suite "UI: Runs view…" runs
// (pass with `--e2e test/host/e2e/decisionPanel.mjs --env REVISE_UI_E2E=1`). Each step waits for
// what the suite or the extension makes visible, then acts like a user: type, click, read.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTOPILOT_RUN, autopilotPanel } from './autopilotPanel.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shots = join(root, '.test-artifacts', 'screenshots');
const LONG = 120_000;

/** Resolves with a frame holding the panel whose `#app` is not `previous`' one. */
async function panelFrame(page, findFrameWith, previous) {
  const deadline = Date.now() + LONG;
  for (;;) {
    const frame = await findFrameWith(`#app[data-status]:not([data-run-id^="${AUTOPILOT_RUN}"])`, { timeoutMs: LONG });
    if (frame !== previous && !frame.isDetached()) return frame;
    if (Date.now() > deadline) throw new Error('the reopened decision panel did not appear');
    await page.waitForTimeout(100);
  }
}

export default async function decisionPanel({ page, findFrameWith, log, screenshot }) {
  mkdirSync(shots, { recursive: true });
  const shot = async (name) => copyFileSync(await screenshot(name), join(shots, `${name}.png`));
  // The autopilot's panel is opened by an earlier suite; its steps run beside these.
  const autopilot = autopilotPanel({ findFrameWith, log, shot });
  autopilot.catch(() => undefined); // awaited at the end; keeps an early rejection from being "unhandled"

  // 1. The suite opened the panel next to the worktree file (diagnostics and CodeLens showing).
  let frame = await panelFrame(page, findFrameWith);
  log('e2e: decision panel is showing');
  await frame.waitForSelector('button[data-option="request-changes"]:not([disabled])', { timeout: LONG });
  await page.waitForSelector('.codelens-decoration', { timeout: 10_000 }).catch(() => log('e2e: no CodeLens seen'));
  await shot('tree-editor-panel');
  const firstDecision = await frame.getAttribute('#actions', 'data-decision-id');

  // 2. A draft typed here survives closing and reopening the panel.
  await frame.fill('#feedback', 'keep this draft: greet with "Hello, "');
  frame = await panelFrame(page, findFrameWith, frame);
  await frame.waitForFunction(() => document.querySelector('#feedback')?.value.includes('keep this draft'), null, { timeout: LONG });
  log('e2e: draft restored after close and reopen');

  // 3. With blocking B1 open, Request Changes is the primary button and Approve is not; the agent runs round 1.
  await frame.waitForSelector('button.primary[data-option="request-changes"]', { timeout: LONG });
  if (await frame.$('button.primary[data-option="approve"]')) throw new Error('Approve is primary while B1 is open');
  const caution = await frame.textContent('#caution');
  if (!/B1/.test(caution ?? '')) throw new Error(`the caution under the buttons does not name B1: ${caution}`);
  await frame.click('button[data-option="request-changes"]');
  await frame.waitForSelector('#app[data-rounds="2"][data-status="awaiting-decision"] button[data-option="approve"]:not([disabled])', { timeout: LONG });
  log('e2e: round 1 finished; approve is enabled');
  const sent = await frame.textContent('.round-feedback[data-round="1"] blockquote');
  if (!/keep this draft/.test(sent ?? '')) throw new Error(`round 1 does not show the feedback it was sent with: ${sent}`);
  await shot('decision-panel-round-1');

  // 4. A click carrying the old decision id is refused and said so.
  await frame.evaluate((id) => { document.querySelector('#actions').dataset.decisionId = id; }, firstDecision);
  await frame.click('button[data-option="approve"]');
  await frame.waitForSelector('#error [data-code="stale-decision"]', { timeout: LONG });
  log('e2e: stale click refused');
  await shot('stale-decision');

  // 5. Approve the current decision: B1 is only claimed fixed, so the host asks first (the suite
  // answers for the user: VS Code refuses modal dialogs in extension tests); the run is approved and pushed.
  await frame.waitForFunction((id) => document.querySelector('#actions')?.dataset.decisionId !== id, firstDecision, { timeout: LONG });
  await frame.click('button[data-option="approve"]');
  await frame.waitForSelector('#app[data-status="approved"] #pushed:not([hidden]) [data-pushed="commit"]', { timeout: LONG });
  const branch = await frame.textContent('[data-pushed="branch"]');
  if (branch !== 'agent/greeting') throw new Error(`the panel names another pushed branch: ${branch}`);
  log('e2e: approved; the panel says what was pushed where');
  await shot('decision-panel-approved');
  await autopilot;
}
