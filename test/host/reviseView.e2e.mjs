// E2E hook for the host driver (`bash test/host/run.sh --e2e test/host/reviseView.e2e.mjs`): opens the
// Revise view container from the activity bar in the real workbench, waits for the Runs view, and
// saves a screenshot to .test-artifacts/host/revise-view.png. A template for webview e2e hooks: use
// findFrameWith('#some-id') to reach an element inside a webview's nested iframes.

/**
 * Waits for the activity bar, opens Revise, checks the Runs view is shown, takes a screenshot.
 * @param {{ page: import('playwright-core').Page, findFrameWith: Function, log: Function, screenshot: Function }} ctx */
export default async function reviseView({ page, log, screenshot }) {
  const item = page.locator('.activitybar .action-item:has(a[aria-label^="Revise"])');
  await item.waitFor({ timeout: 60_000 });
  // Clicking the icon of the container already shown would hide the side bar (a suite may have opened it).
  const shown = await item.evaluate((el) => el.classList.contains('checked'));
  if (!shown) await item.click();
  // With one view in the container, the side bar's title reads "Revise: Runs" instead of a pane header.
  await page.locator('.part.sidebar .composite.title', { hasText: 'Runs' }).waitFor({ state: 'visible', timeout: 15_000 });
  log('Revise view open with its Runs view');
  await screenshot('revise-view');
}
