// Runs only in a host started with `--untrusted` (HOST_TEST_SUITE=untrusted): the folder is in Restricted Mode.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../../src/core/model';
import type { ReviseTestApi } from '../../../../src/extension/extension';
import { PRIOR_BRANCH, api, diagnosticsWhere, panelStateWhere, setUpUiFixture, waitForRun, type UiFixture } from '../uiFixture';

describe('Untrusted workspace: runs and findings work, nothing executes', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let run: Run;

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
  });

  after(async () => {
    await fx?.dispose();
  });

  it('opens the folder in Restricted Mode and says in the Runs view why no round will run', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.match(revise.view.message ?? '', /not trusted.*no agent, verify or reviewer command/);
  });

  it('starts a run and shows its findings in the tree and as diagnostics', async () => {
    run = (await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: PRIOR_BRANCH, base: 'main' }))!;
    assert.ok(run, 'the run started (git and the run store work without trust)');
    const engine = await revise.model.engine();
    await engine.addFinding(run.id, { file: 'src/app.js', line: 2, severity: 'blocking', message: 'Greet with "Hello, ".' });
    run = await waitForRun(revise, run.id, (r) => r.findings.length === 1);
    const node = (await revise.tree.getChildren()).find((n) => n.kind === 'run' && n.run.id === run.id);
    assert.ok(node, 'the run is in the Runs view');
    assert.ok((await revise.tree.getChildren(node)).some((n) => n.kind === 'file' && n.file === 'src/app.js'));

    const uri = vscode.Uri.file(join(run.worktree, 'src', 'app.js'));
    await vscode.window.showTextDocument(uri);
    await diagnosticsWhere(uri, (d) => d.some((x) => x.range.start.line === 1));
  });

  it('queues a requested round without running the agent, and refuses to run it, saying why in the decision panel', async () => {
    await vscode.commands.executeCommand('revise.requestChanges', { runId: run.id, feedback: 'Greet properly.' });
    run = await waitForRun(revise, run.id, (r) => r.rounds.some((x) => x.status === 'queued'));
    assert.equal(await vscode.commands.executeCommand('revise.runNextRound', { runId: run.id }), undefined, 'the command refused');
    run = (await revise.model.get(run.id))!;
    assert.equal(run.rounds[1]?.status, 'queued', 'the round is still queued');
    assert.equal(existsSync(fx.agentRecord), false, 'the agent never ran');

    const panel = revise.panels.open(run.id);
    const state = await panelStateWhere(panel, () => true);
    assert.match(state.restricted ?? '', /not trusted/);
    assert.equal(state.actions.find((a) => a.option === 'request-changes')?.enabled, false);
    panel.dispose();
  });
});
