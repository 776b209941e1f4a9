import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import { panelState } from '../../../src/extension/panel/panelState';
import { captureMessages, type ShownMessage } from './shownMessages';
import { api, pushPriorBranch, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const BRANCH = 'agent/unconfigured';
const MISSING_AGENT_BRANCH = 'agent/missing-agent';

describe('UI: commands that need more setup refuse with the next step', function () {
  this.timeout(60_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let run: Run;
  let capture: ReturnType<typeof captureMessages>;

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    pushPriorBranch(fx.workspace, BRANCH, { 'src/unconfigured.js': 'module.exports = 2;\n' });
    const engine = await revise.model.engine();
    run = await engine.start({ priorBranch: BRANCH, baseBranch: 'main' });
    run = await waitForRun(revise, run.id, (r) => r.pendingDecision !== undefined);
  });

  beforeEach(() => (capture = captureMessages()));
  afterEach(() => capture.dispose());
  after(async () => fx?.dispose());

  /** The one notification the command showed. */
  function onlyShown(): ShownMessage {
    assert.equal(capture.shown.length, 1, JSON.stringify(capture.shown));
    return capture.shown[0]!;
  }

  it('Review with Reviewer Agents, with no reviewer agent configured, names the setting and offers it', async () => {
    assert.equal(await vscode.commands.executeCommand('revise.runReviewerAgents', { runId: run.id }), undefined);
    const shown = onlyShown();
    assert.match(shown.message, /^No reviewer agent is configured\. Add one .* to the setting revise\.reviewerAgents\.$/);
    assert.deepEqual(shown.items, ['Open Settings']);
    assert.equal((await revise.model.get(run.id))?.findings.length, 0, 'nothing reviewed');
  });

  it('Import CI Check Failures, on a run not started from a pull request, says how to start one, without asking to sign in', async () => {
    assert.equal(await vscode.commands.executeCommand('revise.importCheckRuns', { runId: run.id }), undefined);
    const shown = onlyShown();
    assert.equal(shown.kind, 'error');
    assert.match(shown.message, new RegExp(`^Run ${run.id} was not started from a pull request.*Start from Pull Request`));
  });

  it('Run Round on GitHub Actions, on a run not started from a pull request, says to run it here, without asking to sign in', async () => {
    assert.equal(await vscode.commands.executeCommand('revise.runRoundOnActions', { runId: run.id }), undefined);
    const shown = onlyShown();
    assert.equal(shown.kind, 'error');
    assert.match(shown.message, new RegExp(`^Run ${run.id} was not started from a pull request.*Run Next Round`));
    assert.equal((await revise.model.get(run.id))?.rounds.length, 1, 'no round was added');
  });

  it('Run Next Round with an agent that is not installed: one toast with one next step, in setting words, offering Open Settings; the panel keeps that step', async () => {
    const settings = vscode.workspace.getConfiguration('revise');
    const before = settings.get<string>('agent.executable');
    const missing = join(fx.root, 'not-installed', 'claude');
    await settings.update('agent.executable', missing, vscode.ConfigurationTarget.Global);
    try {
      pushPriorBranch(fx.workspace, MISSING_AGENT_BRANCH, { 'src/missing.js': 'module.exports = 3;\n' });
      const engine = await revise.model.engine();
      let queued = await engine.start({ priorBranch: MISSING_AGENT_BRANCH, baseBranch: 'main' });
      queued = (await engine.decide(queued.id, { decisionId: queued.pendingDecision!.id, option: 'request-changes' })).run;
      await waitForRun(revise, queued.id, (r) => r.rounds.some((x) => x.status === 'queued'));
      assert.equal(await vscode.commands.executeCommand('revise.runNextRound', { runId: queued.id }), undefined);
      const shown = onlyShown();
      assert.equal(shown.kind, 'error');
      const step = 'If it is installed elsewhere, set revise.agent.executable to its full path in your user settings.';
      assert.ok(shown.message.startsWith(`The agent program "${missing}" was not found on PATH.`), shown.message);
      assert.ok(shown.message.endsWith(step), shown.message);
      assert.equal(shown.message.split(step).length, 2, 'the step is said once');
      assert.doesNotMatch(shown.message, /--agent|revise (round|status)/, 'no CLI words in the toast');
      assert.deepEqual(shown.items, ['Open Settings', 'Show Log']);
      const failed = await waitForRun(revise, queued.id, (r) => r.rounds[1]?.status === 'failed');
      assert.match(panelState(failed, undefined).rounds[1]?.error ?? '', new RegExp(`^agent-not-found: .*${step.replace(/[.]/g, '\\.')}$`));
    } finally {
      await settings.update('agent.executable', before, vscode.ConfigurationTarget.Global);
    }
  });
});
