// Runs as its own host (HOST_TEST_SUITE=reliability) with the e2e hook test/host/e2e/hostileText.mjs:
// a run whose PR title, review text, finding titles and agent output carry HTML and script. The hook
// reads the decision panel's DOM; this test checks what it found and records the scenario.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../../src/core/model';
import { recordScenario } from '../../../reliability/report';
import { fileAppears } from '../fileAppears';
import { PRIOR_BRANCH, api, panelStateWhere, setAgentScript, setUpUiFixture, waitForRun, type UiFixture } from '../uiFixture';

const workspace = process.env.HOST_TEST_WORKSPACE!;
/** What the hook must find shown literally (written by this test). */
const expectFile = join(workspace, '.git', 'revise-hostile-expect.json');
/** What the hook found in the panel's DOM (written by the hook). */
const resultFile = join(workspace, '.git', 'revise-hostile-result.json');

/** Each payload would set `window.__pwned`, change the title or post a message if it ever ran. */
const PR_TITLE = `PR <script>window.__pwned='pr-title'</script><img src=x onerror="window.__pwned='pr-img'">`;
const FINDING = `Finding <img src=x onerror="document.title='pwned'"> </textarea><script>parent.postMessage('pwned','*')</script> <marquee>m</marquee>`;
const REVIEW = [
  '### Blocking',
  '',
  `**B1.** Review <iframe src="javascript:window.__pwned='iframe'"></iframe> [click](javascript:window.__pwned='link') <svg onload="window.__pwned='svg'">`,
  '',
  'src/app.js:2',
  '',
].join('\n');
const AGENT_NOTE = `<script>window.__pwned='disposition'</script><a href="javascript:window.__pwned='a'">agent link</a>`;
const AGENT_FILE = `notes/<img src=x onerror=window.__pwned=1>.md`;
const ISSUE = { number: 5, title: `Issue <img src=x onerror="window.__pwned='issue-title'">`, body: `Body <script>window.__pwned='issue-body'</script>\n<a href="javascript:window.__pwned='issue-a'">issue link</a>` };
const FEEDBACK = 'Fix </textarea><script>window.__pwned=1</script>';

/** What the hook reports. */
interface HookResult {
  ok: boolean;
  error?: string;
  /** Elements that only a payload could have made (img, iframe, svg, marquee, javascript: links, on* attributes, extra scripts). */
  injected: string[];
  /** Literal strings missing from the panel's text. */
  missing: string[];
  pwned: unknown;
  title: string;
  expectedTitle: string;
  /** Console lines about refused content (CSP reports), which are reports, not executions. */
  cspReports: string[];
}

/** Writes `value` as JSON to `file` in one step: the hook waits for the file, so it must never see it half written. */
function publish(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

describe('Reliability: hostile text in the decision panel', function () {
  this.timeout(120_000);
  let fx: UiFixture;

  after(async () => {
    // A test that failed before handing over still releases the hook, which would wait forever.
    if (!existsSync(expectFile)) publish(expectFile, { aborted: true });
    await fileAppears(resultFile);
    rmSync(expectFile, { force: true });
    rmSync(resultFile, { force: true });
    await fx?.dispose();
  });

  it('shows HTML and script from the PR title, the review, findings and the agent literally, and runs none of it', async () => {
    fx = await setUpUiFixture();
    setAgentScript(fx.root, { default: [{ write: AGENT_FILE, content: 'agent output\n' }, { say: `Done <b>bold</b>.\nB1: fixed — ${AGENT_NOTE}` }] });
    const revise = await api();
    const engine = await revise.model.engine();
    let run: Run = await engine.start(
      { priorBranch: PRIOR_BRANCH, baseBranch: 'main' },
      { pr: { number: 7, url: `javascript:window.__pwned='pr-url'`, owner: 'o', repo: 'r', title: PR_TITLE, isFork: false, maintainerCanModify: true }, issue: ISSUE },
    );
    const reviewFile = join(fx.root, 'hostile-review.md');
    writeFileSync(reviewFile, REVIEW);
    await engine.importReview(run.id, { file: reviewFile, format: 'markdown' });
    await engine.addFinding(run.id, { file: 'src/app.js', line: 1, severity: 'non-blocking', message: FINDING });
    run = await waitForRun(revise, run.id, (r) => r.findings.length === 2);
    await vscode.commands.executeCommand('revise.requestChanges', { runId: run.id, feedback: FEEDBACK });
    run = await waitForRun(revise, run.id, (r) => r.status === 'awaiting-decision' && r.rounds[1]?.status === 'succeeded');

    const panel = revise.panels.open(run.id);
    const state = await panelStateWhere(panel, (s) => s.rounds[1]?.changes !== undefined);
    const literals = [state.title, ...state.findings.map((f) => f.title), ...state.findings.flatMap((f) => (f.disposition?.note ? [f.disposition.note] : [])), ...(state.rounds[1]?.changes?.files.map((f) => f.file) ?? []), ...(state.rounds[1]?.feedback ? [state.rounds[1].feedback] : []), ...(state.issue ? [state.issue.title, state.issue.body] : [])];
    publish(expectFile, { runId: run.id, literals });
    // The payloads reach the panel state unchanged, so the page really is handed markup.
    for (const payload of [PR_TITLE, AGENT_NOTE, AGENT_FILE, FEEDBACK, ISSUE.title, ISSUE.body]) assert.ok(literals.includes(payload), `the panel state carries ${payload}`);
    assert.ok(literals.some((l) => l.includes('<iframe')) && literals.some((l) => l.includes('</textarea><script>')), `review and finding titles carry markup: ${JSON.stringify(literals)}`);

    await fileAppears(resultFile);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as HookResult;
    assert.ok(result.ok, `the hook failed: ${result.error ?? ''}`);
    assert.deepEqual(result.injected, [], 'no element made by a payload');
    assert.deepEqual(result.missing, [], 'every payload shown literally');
    assert.equal(result.pwned, null, 'no payload script ran');
    assert.equal(result.title, result.expectedTitle, 'the page title is untouched');
    const current = (await revise.model.get(run.id))!;
    assert.equal(current.status, 'awaiting-decision', 'no payload acted on the run');
    assert.ok(existsSync(join(run.worktree, AGENT_FILE)), 'the agent file with the markup name exists in the worktree');
    panel.dispose();

    recordScenario({
      scenario: 'hostile text inert in the decision panel',
      trials: 1,
      commitsChecked: 0,
      lost: 0,
      outcome: `${literals.length} hostile strings (PR title, issue, review, findings, round feedback, agent note and file name) shown literally; 0 injected elements (a javascript: PR URL is not made a link); no script ran; ${result.cspReports.length} CSP report(s)`,
    });
  });
});
