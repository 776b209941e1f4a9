// Runs as its own host run (scripts/test.mjs) with the e2e hook test/host/e2e/walkthrough.mjs and
// REVISE_WALKTHROUGH_E2E=1: a fresh window where no Revise step is done yet. The suite opens the Get
// Started walkthrough; the hook clicks each step's button in the real workbench and checks that the
// step gets its tick, then leaves its verdict in a file this suite waits for.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ReviseTestApi } from '../../../src/extension/extension';
import { isWaiting } from '../../../src/extension/signposts/waiting';
import { fileAppears } from './fileAppears';
import { PRIOR_BRANCH, api, setUpUiFixture, type UiFixture } from './uiFixture';

describe('UI: the Get Started walkthrough, walked to completion', function () {
  this.timeout(180_000);
  if (!process.env.REVISE_WALKTHROUGH_E2E) return; // needs the workbench driver: test/host/e2e/walkthrough.mjs
  const verdictFile = join(process.env.HOST_TEST_WORKSPACE!, '.git', 'revise-walkthrough.json');
  let fx: UiFixture;
  let revise: ReviseTestApi;

  before(async () => {
    // No agent settings: changing revise.agent.preset is the first step's completion event.
    fx = await setUpUiFixture({ agent: false });
    revise = await api();
  });

  after(async () => {
    rmSync(verdictFile, { force: true });
    await fx?.dispose();
  });

  it('ticks each step as its button is clicked: choose an agent, trust, start a run from a branch, open the Runs view, decide', async () => {
    await revise.model.ensureLoaded();
    assert.equal(revise.model.snapshot().runs.length, 0, 'a window with no run yet');
    await vscode.commands.executeCommand('revise.getStarted');
    // The hook clicks through the steps, answering the start command's two inputs as a user types them.
    await fileAppears(verdictFile);
    const verdict = JSON.parse(readFileSync(verdictFile, 'utf8')) as { ok: boolean; error?: string; steps?: Record<string, { before: boolean; after: boolean }> };
    assert.ok(verdict.ok, `the walkthrough was not completed: ${verdict.error ?? ''}`);
    assert.deepEqual(Object.keys(verdict.steps ?? {}), ['chooseAgent', 'trust', 'startRun', 'readFindings', 'decide']);

    // What the clicks did, seen from the extension: one run from the branch, waiting, counted on the badge, its panel open.
    const runs = revise.model.snapshot().runs;
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.priorBranch, PRIOR_BRANCH);
    assert.equal(runs[0]!.baseBranch, 'main');
    assert.ok(isWaiting(runs[0]!));
    assert.equal(revise.view.badge?.value, 1);
    assert.ok(revise.panels.get(runs[0]!.id), 'Decide Now opened the run’s decision panel');
  });
});
