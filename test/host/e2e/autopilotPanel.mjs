// Part of the main e2e hook (decisionPanel.mjs), run beside its steps: drives the decision panel of
// the run the host suite "UI: the autopilot…" opens. A user clicks Start Autopilot, the autopilot runs
// its one round, and the panel's autopilot section says it stopped on the budget; the page then types
// a draft, which tells the suite it has read the section.

/** The panels of these runs belong to this flow; the other steps of the hook leave them alone. */
export const AUTOPILOT_RUN = 'autopiloted-panel-';
const panel = `#app[data-run-id^="${AUTOPILOT_RUN}"]`;
const LONG = 120_000;

export async function autopilotPanel({ findFrameWith, log, shot }) {
  const frame = await findFrameWith(`${panel} #autopilot-start`, { timeoutMs: LONG });
  const label = (await frame.textContent(`${panel} #autopilot-start`))?.trim();
  if (label !== 'Start Autopilot') throw new Error(`the autopilot button says "${label}"`);
  await frame.click(`${panel} #autopilot-start`);
  log('e2e: Start Autopilot clicked');
  await frame.waitForSelector(`${panel} #autopilot-stop-reason`, { timeout: LONG });
  const reason = (await frame.textContent(`${panel} #autopilot-stop-reason`)) ?? '';
  if (!/exceed the autopilot budget/.test(reason)) throw new Error(`the autopilot section gives another reason: ${reason}`);
  const progress = (await frame.textContent(`${panel} #autopilot-progress`)) ?? '';
  if (!/^1 of at most 1 round\(s\)/.test(progress)) throw new Error(`the autopilot section shows other progress: ${progress}`);
  const resume = (await frame.textContent(`${panel} #autopilot-start`))?.trim();
  if (resume !== 'Resume Autopilot') throw new Error(`after the stop the autopilot button says "${resume}"`);
  log('e2e: the autopilot section says it stopped on the budget');
  await shot('decision-panel-autopilot-budget');
  await frame.fill('#feedback', 'autopilot stop read');
}
