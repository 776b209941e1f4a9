// Walks the Get Started walkthrough in the real workbench while the host suite "UI: the Get Started
// walkthrough, walked to completion" runs (pass with `--e2e test/host/e2e/walkthrough.mjs --env
// REVISE_WALKTHROUGH_E2E=1 --env HOST_TEST_GREP=walked to completion`). For each step it clicks the
// step, then its button, as a user does, and waits for the step's completion tick; along the way it
// reads the badge on the Revise icon and the waiting run's item in the Runs view. The verdict goes to
// `.git/revise-walkthrough.json` of the workspace, which the suite waits for.
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shots = join(root, '.test-artifacts', 'screenshots');
const LONG = Number(process.env.REVISE_WALKTHROUGH_WAIT ?? 60_000);
const PRIOR_BRANCH = 'agent/greeting';

/** Writes the verdict in one step: the suite waits for the file and must never read half of it. */
function publish(file, value) {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

export default async function walkthrough({ page, findFrameWith, log, screenshot, workspace }) {
  const verdict = join(workspace, '.git', 'revise-walkthrough.json');
  try {
    const steps = await walk({ page, findFrameWith, log, screenshot });
    publish(verdict, { ok: true, steps });
  } catch (error) {
    await screenshot('walkthrough-failure').catch(() => undefined);
    publish(verdict, { ok: false, error: String(error?.stack ?? error) });
    throw error;
  }
}

async function walk({ page, findFrameWith, log, screenshot }) {
  const step = (id) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
  const ticked = async (id) => (await step(id).getAttribute('aria-checked')) === 'true';
  const welcome = page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first();
  /** Back to the walkthrough (a step's command may have opened another editor). */
  const backToWalkthrough = async () => {
    await welcome.click({ timeout: LONG });
    await step('decide').waitFor({ timeout: LONG });
  };
  const done = {};
  /** Select step `id`, click its button `name`, let `answer` handle what the command opens, and wait for the tick. */
  const walkStep = async (id, name, answer = async () => undefined) => {
    const before = await ticked(id);
    await step(id).click({ timeout: LONG });
    await step(id).and(page.locator('[aria-expanded="true"]')).waitFor({ timeout: LONG });
    await step(id).getByRole('button', { name }).click({ timeout: LONG });
    await answer();
    await page.locator(`button.getting-started-step[data-step-id$="#${id}"][aria-checked="true"]`).waitFor({ timeout: LONG });
    done[id] = { before, after: true };
    log(`e2e: walkthrough step ${id} ${before ? 'was already' : 'is now'} ticked`);
  };

  await step('chooseAgent').waitFor({ timeout: LONG });
  log('e2e: the walkthrough is showing');
  for (const id of ['chooseAgent', 'startRun', 'readFindings', 'decide']) {
    if (await ticked(id)) throw new Error(`step ${id} is ticked before anything was done`);
  }

  // 1. Choose Coding Agent…: a pick of the agent CLIs, each found on PATH or not; the first is taken
  // (Escape would also take the Welcome page back to its list of walkthroughs).
  await walkStep('chooseAgent', 'Choose Coding Agent…', async () => {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Choose the coding agent' }).waitFor({ timeout: LONG });
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: LONG });
    await page.keyboard.press('Enter');
  });

  // 2. Manage Workspace Trust: the trust editor opens (over the workbench, as a modal editor); it is closed again.
  await walkStep('trust', 'Manage Workspace Trust', async () => {
    await page.getByText('You trust this folder').first().waitFor({ timeout: LONG });
    await page.locator('.modal-editor-part .modal-editor-action-container .codicon-close, .modal-editor-part .modal-editor-action-container [aria-label^="Close"]').first().click({ timeout: LONG });
    await page.getByText('You trust this folder').first().waitFor({ state: 'hidden', timeout: LONG });
  });

  // 3. Start from Branch…: the branch, then the base (prefilled `main`); the run's decision panel opens.
  await walkStep('startRun', 'Start from Branch…', async () => {
    const input = page.locator('.quick-input-widget input.input');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Start a Revise run' }).waitFor({ timeout: LONG });
    await input.fill(PRIOR_BRANCH);
    await input.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Base branch' }).waitFor({ timeout: LONG });
    // Press Enter on the input itself (focused first), once it holds the prefilled base: a key sent to the page
    // while the box was still taking focus was lost, and the box stayed open.
    await page.waitForFunction(`document.querySelector('.quick-input-widget input.input')?.value === 'main'`, undefined, { timeout: LONG });
    await input.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'Revise:' }).first().waitFor({ timeout: LONG });
    await backToWalkthrough();
  });
  // The signposts of a waiting run: the badge on the Revise icon counts it.
  await page.locator('.activitybar .action-item:has([aria-label^="Revise"]) .badge-content', { hasText: /^1$/ }).waitFor({ timeout: LONG });
  log('e2e: the Revise icon shows a badge of 1');

  // 4. Open the Runs View: the waiting run's item says Decide, with Decide Now inline.
  await walkStep('readFindings', 'Open the Runs View', async () => {
    const row = page.locator('.monaco-list-row', { hasText: PRIOR_BRANCH }).filter({ hasText: 'Decide:' }).first();
    await row.waitFor({ timeout: LONG });
    await row.hover();
    await row.locator('.action-label[aria-label^="Decide Now"]').waitFor({ timeout: LONG });
    log('e2e: the run item says Decide, with Decide Now inline');
  });

  // 5. Decide Now: the waiting run's decision panel comes to the front.
  await walkStep('decide', 'Decide Now', async () => {
    await page.locator('.tabs-container .tab.active', { hasText: 'Revise:' }).first().waitFor({ timeout: LONG });
    await backToWalkthrough();
  });

  for (const id of ['chooseAgent', 'trust', 'startRun', 'readFindings', 'decide']) {
    if (!(await ticked(id))) throw new Error(`step ${id} lost its tick`);
  }
  log('e2e: every walkthrough step is ticked');
  // The last step's page (markdown, in a frame of its own) is showing before the picture is taken.
  await findFrameWith('text=After each round the run waits for you', { timeoutMs: LONG });
  mkdirSync(shots, { recursive: true });
  await page.mouse.move(0, 0);
  copyFileSync(await screenshot('walkthrough-complete'), join(shots, 'walkthrough-complete.png'));
  return done;
}
