/* global document */
// Drives the decision panel while the host suite "UI: finding lifecycle…" runs (pass with
// `--e2e test/host/e2e/findingLifecycle.mjs --env REVISE_LIFECYCLE_E2E=1`): the panel shows the run's
// issue and the feedback of round 1; the row of a claimed fix says so, Dismiss without a reason says
// what is missing, Accept fix verifies the finding, Approve then goes through without a question,
// and the panel says what was pushed where (remote and URL, branch, commit and pull request links).
// The verdict goes to `.git/revise-lifecycle-panel.json` of the workspace, which the suite waits for.
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shots = join(root, '.test-artifacts', 'screenshots');
const LONG = 120_000;

function expect(what, value, pattern) {
  if (!pattern.test(value ?? '')) throw new Error(`${what}: ${JSON.stringify(value)} does not match ${pattern}`);
}

/** Writes the verdict in one step: the suite waits for the file and must never read half of it. */
function publish(file, value) {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

export default async function findingLifecycle({ findFrameWith, log, screenshot, workspace }) {
  const verdict = join(workspace, '.git', 'revise-lifecycle-panel.json');
  try {
    await walk({ findFrameWith, log, screenshot });
    publish(verdict, { ok: true });
  } catch (error) {
    publish(verdict, { ok: false, error: String(error?.stack ?? error) });
    throw error;
  }
}

async function walk({ findFrameWith, log, screenshot }) {
  const frame = await findFrameWith('#app[data-status="awaiting-decision"] tr[data-finding-row="B1"].state-claimed', { timeoutMs: LONG });
  log('e2e: B1 shows as claimed');
  const heading = await frame.textContent('#findings h2');
  expect('the findings heading counts the claim apart', heading, /1 open, 1 claimed/);
  expect("B1's state cell", await frame.textContent('tr[data-finding-row="B1"] td[data-state]'), /claimed/);

  // The run's task and the feedback typed for round 1, as text (markup in them would be shown, not run).
  expect('the task heading', await frame.textContent('#task summary'), /Issue #11: The greeting is too curt/);
  expect('the issue text', await frame.textContent('#issue-body'), /^greet\(\) says "hi <name>"\.\nIt should say "Hello, <name>" and keep the export\.$/);
  expect('round 1 feedback', await frame.textContent('.round-feedback[data-round="1"] blockquote'), /^Use the full greeting\.\nKeep the export as it is\.$/);
  // Keyboard: the issue (folded once a round has run) unfolds from its summary with Enter.
  if (await frame.evaluate(() => document.querySelector('#task details').open)) throw new Error('the issue is unfolded after round 1');
  await frame.press('#task summary', 'Enter');
  await frame.waitForFunction(() => document.querySelector('#task details').open, null, { timeout: LONG });
  log('e2e: the issue and the round feedback are shown');

  // Dismiss with no reason: the page says a reason is needed, in words, and sends nothing.
  await frame.click('tr[data-finding-row="N1"] button[data-finding-action="dismiss"]');
  await frame.waitForSelector('[data-reason-error="N1"]:not([hidden])', { timeout: LONG });
  expect('the missing reason', await frame.textContent('[data-reason-error="N1"]'), /reason/i);
  log('e2e: Dismiss without a reason says so');

  // Accept fix: one click; B1 becomes verified and Approve becomes the primary action.
  await frame.click('tr[data-finding-row="B1"] button[data-finding-action="accept"]');
  await frame.waitForSelector('tr[data-finding-row="B1"].state-verified', { timeout: LONG });
  await frame.waitForSelector('button.primary[data-option="approve"]:not([disabled])', { timeout: LONG });
  log('e2e: B1 verified; approve is primary');
  await frame.click('button[data-option="approve"]');
  await frame.waitForFunction(() => document.querySelector('#app')?.dataset.status === 'approved', null, { timeout: LONG });
  log('e2e: approved');

  // What was pushed where: remote name and URL, branch, the commit linked on GitHub, the pull request.
  await frame.waitForSelector('#pushed:not([hidden]) [data-pushed="commit"]', { timeout: LONG });
  expect('the remote', await frame.textContent('[data-pushed="remote"]'), /^origin https:\/\/github\.com\/acme\/greeter\.git$/);
  expect('the branch', await frame.textContent('[data-pushed="branch"]'), /^agent\/lifecycle-panel$/);
  const commit = await frame.getAttribute('[data-pushed="commit"] a', 'href');
  expect('the commit link', commit, /^https:\/\/github\.com\/acme\/greeter\/commit\/[0-9a-f]{40}$/);
  expect('the commit shown', await frame.textContent('[data-pushed="commit"] a'), new RegExp(`^${commit.slice(-40, -28)}$`));
  expect('the pull request link', await frame.getAttribute('[data-pushed="pr"] a', 'href'), /^https:\/\/github\.com\/acme\/greeter\/pull\/12$/);
  await frame.focus('[data-pushed="commit"] a');
  expect('the focused element', await frame.evaluate(() => document.activeElement?.getAttribute('aria-label')), /^Open commit [0-9a-f]{12} on the web$/);
  if (await frame.evaluate(() => !document.querySelector('#feedback').disabled)) throw new Error('the feedback box is still active after approve');
  log('e2e: the panel says what was pushed where');
  mkdirSync(shots, { recursive: true });
  copyFileSync(await screenshot('decision-panel-pushed'), join(shots, 'decision-panel-pushed.png'));
}
