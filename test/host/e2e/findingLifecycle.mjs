/* global document */
// Drives the decision panel while the host suite "UI: finding lifecycle…" runs (pass with
// `--e2e test/host/e2e/findingLifecycle.mjs --env REVISE_LIFECYCLE_E2E=1`): the row of a claimed
// fix says so, Dismiss without a reason says what is missing, Accept fix verifies the finding, and
// Approve then goes through without a question.
const LONG = 120_000;

export default async function findingLifecycle({ findFrameWith, log }) {
  const frame = await findFrameWith('#app[data-status="awaiting-decision"] tr[data-finding-row="B1"].state-claimed', { timeoutMs: LONG });
  log('e2e: B1 shows as claimed');
  const heading = await frame.textContent('#findings h2');
  if (!/1 open, 1 claimed/.test(heading ?? '')) throw new Error(`the heading does not count the claim apart: ${heading}`);
  const b1State = await frame.textContent('tr[data-finding-row="B1"] td[data-state]');
  if (!/claimed/.test(b1State ?? '')) throw new Error(`B1's state cell: ${b1State}`);

  // Dismiss with no reason: the page says a reason is needed, in words, and sends nothing.
  await frame.click('tr[data-finding-row="N1"] button[data-finding-action="dismiss"]');
  await frame.waitForSelector('[data-reason-error="N1"]:not([hidden])', { timeout: LONG });
  const said = await frame.textContent('[data-reason-error="N1"]');
  if (!/reason/i.test(said ?? '')) throw new Error(`the missing reason is not said: ${said}`);
  log('e2e: Dismiss without a reason says so');

  // Accept fix: one click; B1 becomes verified and Approve becomes the primary action.
  await frame.click('tr[data-finding-row="B1"] button[data-finding-action="accept"]');
  await frame.waitForSelector('tr[data-finding-row="B1"].state-verified', { timeout: LONG });
  await frame.waitForSelector('button.primary[data-option="approve"]:not([disabled])', { timeout: LONG });
  log('e2e: B1 verified; approve is primary');
  await frame.click('button[data-option="approve"]');
  await frame.waitForFunction(() => document.querySelector('#app')?.dataset.status === 'approved', null, { timeout: LONG });
  log('e2e: approved');
}
