import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { AutopilotResult } from '../../../src/engine';
import type { ReviseTestApi } from '../../../src/extension/extension';
import { panelState } from '../../../src/extension/panel/panelState';
import { api, pushPriorBranch, setAgentScript, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const BRANCH = 'agent/autopiloted';
/** Its run's panel is driven by test/host/e2e/autopilotPanel.mjs (run ids start with the branch's last part). */
const PANEL_BRANCH = 'agent/autopiloted-panel';
const STOPPED_BRANCH = 'agent/autopilot-stopped';

describe('UI: the autopilot runs rounds until its budget is spent', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let run: Run;
  const settings = () => vscode.workspace.getConfiguration('revise');

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    pushPriorBranch(fx.workspace, BRANCH, { 'src/total.js': 'module.exports = (a, b) => a - b;\n' });
    // The agent changes something but does not answer the blocking finding, so work is left after its round.
    setAgentScript(fx.root, { default: [{ append: 'src/total.js', content: '// checked\n' }, { say: 'Looked at the file.' }] });
    await settings().update('autopilot.maxRounds', 1, vscode.ConfigurationTarget.Global);
    // Started through the engine, not the start command, which opens a panel (the e2e hook drives the first panel it finds).
    const engine = await revise.model.engine();
    run = await engine.start({ priorBranch: BRANCH, baseBranch: 'main' });
    await engine.addFinding(run.id, { file: 'src/total.js', line: 1, severity: 'blocking', message: 'Add, do not subtract.' });
    run = await waitForRun(revise, run.id, (r) => r.findings.length === 1 && r.pendingDecision !== undefined);
  });

  after(async () => {
    await settings().update('autopilot.maxRounds', undefined, vscode.ConfigurationTarget.Global);
    await fx?.dispose();
  });

  it('runs one round with the fixture agent, then stops with the budget reason and hands the run back', async () => {
    const result = await vscode.commands.executeCommand<AutopilotResult>('revise.startAutopilot', { runId: run.id });
    assert.equal(result?.stop.reason, 'budget', result?.stop.message);
    const after = await revise.model.get(run.id);
    assert.equal(after?.rounds.length, 2, 'the prior attempt and one autopilot round');
    assert.equal(after?.rounds[1]?.status, 'succeeded');
    assert.equal(after?.autopilot?.status, 'stopped');
    assert.equal(after?.autopilot?.stop?.reason, 'budget');
    assert.equal(after?.autopilot?.spent.rounds, 1);
    assert.deepEqual(after?.autopilot?.checks.at(-1)?.openBlocking, ['B1']);
    assert.equal(after?.status, 'awaiting-decision', 'a person decides next');

    const prompts = readFileSync(fx.agentRecord, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { stdin: string }).stdin);
    assert.equal(prompts.length, 1, 'the agent ran once');
    assert.match(prompts[0]!, /Autopilot round 1 of at most 1/);
    assert.match(prompts[0]!, /Add, do not subtract\./);
  });

  it("shows the stop reason in the decision panel's autopilot section, offering to resume", async () => {
    const state = panelState((await revise.model.get(run.id))!, undefined);
    assert.equal(state.autopilot.active, false);
    assert.match(state.autopilot.stop ?? '', /^The next round would exceed the autopilot budget \(revise\.autopilot settings\)\. The budget of 1 round is used up\./);
    assert.match(state.autopilot.progress ?? '', /^1 of at most 1 round\(s\)/);
    assert.equal(state.autopilot.startLabel, 'Resume Autopilot');
    assert.equal(state.autopilot.startWhy, undefined);
  });

  it('starts from the Start Autopilot button of the decision panel, whose autopilot section then says why it stopped', async function () {
    if (!process.env.REVISE_UI_E2E) this.skip(); // needs the workbench driver: test/host/e2e/decisionPanel.mjs runs autopilotPanel.mjs
    pushPriorBranch(fx.workspace, PANEL_BRANCH, { 'src/total.js': 'module.exports = (a, b) => a - b;\n' });
    const engine = await revise.model.engine();
    let second = await engine.start({ priorBranch: PANEL_BRANCH, baseBranch: 'main' });
    await engine.addFinding(second.id, { file: 'src/total.js', line: 1, severity: 'blocking', message: 'Add, do not subtract.' });
    second = await waitForRun(revise, second.id, (r) => r.findings.length === 1 && r.pendingDecision !== undefined);
    // The page types a draft once it has read the stop reason.
    const read = new Promise<void>((done) => {
      const sub = revise.panels.onDidSaveDraft(({ runId, draft }) => {
        if (runId === second.id && draft.feedback.includes('autopilot stop read')) {
          sub.dispose();
          done();
        }
      });
    });
    revise.panels.open(second.id, vscode.ViewColumn.Two);
    second = await waitForRun(revise, second.id, (r) => r.autopilot?.status === 'stopped');
    assert.equal(second.autopilot?.stop?.reason, 'budget', second.autopilot?.stop?.message);
    assert.equal(second.rounds[1]?.status, 'succeeded', 'the click ran a round');
    await read;
    revise.panels.get(second.id)?.dispose();
  });

  it('shows a running autopilot in the Runs view and the status bar; Stop Autopilot cancels its round and hands the run over', async () => {
    pushPriorBranch(fx.workspace, STOPPED_BRANCH, { 'src/total.js': 'module.exports = (a, b) => a - b;\n' });
    const engine = await revise.model.engine();
    let third = await engine.start({ priorBranch: STOPPED_BRANCH, baseBranch: 'main' });
    await engine.addFinding(third.id, { file: 'src/total.js', line: 1, severity: 'blocking', message: 'Add, do not subtract.' });
    third = await waitForRun(revise, third.id, (r) => r.findings.length === 1 && r.pendingDecision !== undefined);
    // The agent hangs until it is stopped, so the autopilot is caught while its round runs; later suites get the script back.
    const script = process.env.FIXTURE_AGENT_SCRIPT;
    setAgentScript(fx.root, { default: [{ hang: true }] });
    const runNode = async () => (await revise.tree.getChildren()).find((n) => n.kind === 'run' && n.run.id === third.id)!;

    const started = vscode.commands.executeCommand<AutopilotResult>('revise.startAutopilot', { runId: third.id });
    await waitForRun(revise, third.id, (r) => r.autopilot?.status === 'active' && r.rounds[1]?.status === 'running');
    assert.match(String(revise.tree.getTreeItem(await runNode()).description), /autopilot 1 of at most 1$/);
    assert.match(revise.statusBar.shown?.text ?? '', /^\$\(sync~spin\) Revise: .* · autopilot 1 of at most 1$/);
    assert.match(revise.statusBar.shown?.tooltip ?? '', /Autopilot running: 1 of at most 1 round\(s\)/);

    assert.equal(await vscode.commands.executeCommand<boolean>('revise.stopAutopilot', { runId: third.id }), true);
    const result = await Promise.resolve(started).finally(() => (process.env.FIXTURE_AGENT_SCRIPT = script));
    assert.equal(result?.stop.reason, 'cancelled', result?.stop.message);
    const after = await waitForRun(revise, third.id, (r) => r.autopilot?.status === 'stopped');
    assert.equal(after.rounds[1]?.status, 'cancelled', 'the running round was stopped');
    assert.equal(after.autopilot?.stop?.reason, 'cancelled');
    const item = revise.tree.getTreeItem(await runNode());
    assert.doesNotMatch(String(item.description), /autopilot \d/, `a stopped autopilot leaves the description: ${String(item.description)}`);
    assert.match((item.tooltip as vscode.MarkdownString).value, /Autopilot stopped: The autopilot was stopped/);
  });
});
