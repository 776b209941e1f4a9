/* global document */
// Drives the decision panel across a window reload while the host suite "Decision panel draft across
// a window reload" runs (HOST_TEST_SUITE=reload). Types feedback and unticks a finding, waits for the
// suite to reload the window, then reads the restored panel: the same text and the same ticks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LONG = 120_000;
const FEEDBACK = 'draft before the reload: greet with "Hello, "';

/** The frame showing the decision panel with its findings. */
const panelFrame = (findFrameWith) => findFrameWith('#app[data-status] input[data-finding]', { timeoutMs: LONG });

/** The include checkbox of every finding row, by finding id. */
function ticks(frame) {
  return frame.evaluate(() => Object.fromEntries([...document.querySelectorAll('input[data-finding]')].map((i) => [i.dataset.finding, i.checked])));
}

export default async function reloadDraft({ page, findFrameWith, log, screenshot, workspace }) {
  const before = await panelFrame(findFrameWith);
  // The reload detaches every webview frame; listen before acting so the event cannot be missed.
  const reloaded = page.waitForEvent('framedetached', { predicate: (f) => f === before, timeout: LONG });
  reloaded.catch(() => undefined); // awaited below; an early failure must not leave it unhandled
  await before.waitForSelector('input[data-finding="B1"]:not([disabled]):checked', { timeout: LONG });
  await before.fill('#feedback', FEEDBACK);
  await before.uncheck('input[data-finding="B1"]');
  const ticksBefore = await ticks(before);
  log(`e2e: typed the draft and unticked B1 (${JSON.stringify(ticksBefore)}); waiting for the reload`);

  await reloaded;
  log('e2e: the window reloaded');
  const after = await panelFrame(findFrameWith);
  await after.waitForFunction((text) => document.querySelector('#feedback')?.value === text, FEEDBACK, { timeout: LONG });
  // The ticks come from the host's state message, which also sets data-status on #app.
  await after.waitForSelector('#app[data-status] input[data-finding="B1"]:not(:checked)', { timeout: LONG });
  const ticksAfter = await ticks(after);
  if (JSON.stringify(ticksAfter) !== JSON.stringify(ticksBefore)) {
    throw new Error(`include checkboxes changed across the reload: ${JSON.stringify(ticksBefore)} → ${JSON.stringify(ticksAfter)}`);
  }
  log('e2e: the reloaded panel shows the same feedback text and include checkboxes');
  await screenshot('decision-panel-after-reload');
  writeFileSync(join(workspace, '.git', 'revise-reload-verified'), 'ok\n');
}
