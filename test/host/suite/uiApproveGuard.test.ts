import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import type { CleanResult } from '../../../src/engine';
import type { Confirm } from '../../../src/extension/decisionService';
import { panelState } from '../../../src/extension/panel/panelState';
import { sh } from '../../helpers/gitFixture';
import { api, pushPriorBranch, remoteTip, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const BRANCH = 'agent/guarded';

describe('UI: approve asks first while blocking findings are open', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let realConfirm: Confirm;
  let run: Run;

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    realConfirm = revise.decisions.confirm;
    pushPriorBranch(fx.workspace, BRANCH, { 'src/guarded.js': 'module.exports = 1;\n' });
    // Started through the engine, not the start command: the command opens a decision panel, and the
    // e2e hook of the main host run drives the first panel it finds (the one of "UI: Runs view").
    const engine = await revise.model.engine();
    run = await engine.start({ priorBranch: BRANCH, baseBranch: 'main' });
    await engine.addFinding(run.id, { file: 'src/guarded.js', line: 1, severity: 'blocking', message: 'Export a function, not a number.' });
    await engine.addFinding(run.id, { severity: 'nit', message: 'Add a newline at the end.' });
    run = await waitForRun(revise, run.id, (r) => r.findings.length === 2);
  });

  after(async () => {
    revise.decisions.confirm = realConfirm;
    await fx?.dispose();
  });

  it('makes Request Changes the primary button and names the open blocking finding in the panel', () => {
    // The state the panel would be sent (no panel is opened: the e2e hook of the main suite drives the first panel it finds).
    const state = panelState(run, undefined);
    assert.deepEqual(state.actions.filter((a) => a.primary).map((a) => a.option), ['request-changes']);
    assert.ok(state.actions.find((a) => a.option === 'approve')?.enabled, 'Approve stays possible, just not primary');
    assert.match(state.caution ?? '', /^1 blocking finding\(s\) still open: B1 \(Export a function, not a number\.\)/);
    assert.doesNotMatch(state.caution ?? '', /N1/);
  });

  it('asks through a modal warning in the real VS Code (which refuses dialogs inside extension tests, quoting it)', async () => {
    const decision = run.pendingDecision!.id;
    await assert.rejects(revise.decisions.decide(run.id, decision, 'approve'), (error: Error) => {
      assert.match(error.message, new RegExp(`refused to show dialog in tests\\. Contents: Approve run ${run.id} with 1 blocking finding\\(s\\) still open\\?`));
      return true;
    });
    const after = await revise.model.get(run.id);
    assert.equal(after?.status, 'awaiting-decision', 'nothing was approved without an answer');
    assert.equal(after?.pendingDecision?.id, decision);
  });

  it('leaves the run as it was when the user cancels, and approves and pushes when the user confirms', async () => {
    const asked: { message: string; detail: string; action: string }[] = [];
    revise.decisions.confirm = (message, detail, action) => {
      asked.push({ message, detail, action });
      return Promise.resolve(undefined);
    };
    const tip = remoteTip(fx.bare, BRANCH);
    assert.equal(await vscode.commands.executeCommand('revise.approve', { runId: run.id }), undefined, 'cancelled: nothing decided');
    assert.equal(asked.length, 1);
    assert.match(asked[0]!.detail, /Still open: B1 \(Export a function, not a number\.\)/);
    assert.equal(asked[0]!.action, 'Approve Anyway');
    assert.equal((await revise.model.get(run.id))?.status, 'awaiting-decision');
    assert.equal(remoteTip(fx.bare, BRANCH), tip, 'nothing was pushed');

    revise.decisions.confirm = (message, detail, action) => {
      asked.push({ message, detail, action });
      return Promise.resolve(action);
    };
    const approved = await vscode.commands.executeCommand<Run>('revise.approve', { runId: run.id });
    assert.equal(approved?.status, 'approved');
    assert.equal(asked.length, 2);
    assert.equal(remoteTip(fx.bare, BRANCH), approved.leaseSha, 'the confirmed approve pushed');
  });

  it('offers Clean Up Run on the approved run, which removes its worktree and branch and keeps its backups', async () => {
    const approved = (await revise.model.get(run.id))!;
    assert.equal(approved.status, 'approved');
    const contextOf = async (): Promise<string> => {
      const node = (await revise.tree.getChildren()).find((n) => n.kind === 'run' && n.run.id === run.id)!;
      return String(revise.tree.getTreeItem(node).contextValue);
    };
    assert.match(await contextOf(), /;cleanable/);
    assert.equal(panelState(approved, undefined).cleanable, true, 'the panel offers it too');
    const result = await vscode.commands.executeCommand<CleanResult>('revise.cleanUpRun', { runId: run.id });
    assert.equal(result?.removedWorktree, approved.worktree);
    assert.equal(result?.removedBranch, approved.localBranch);
    assert.ok(!existsSync(approved.worktree));
    assert.equal(sh(fx.workspace, ['branch', '--list', approved.localBranch]), '');
    assert.doesNotMatch(await contextOf(), /;cleanable/, 'nothing left to clean');
    assert.equal(panelState(approved, undefined).cleanable, false);
    assert.equal(panelState(approved, undefined).worktreeRemoved, true, 'the panel shows no path that is gone');
  });

  it('does not ask when no blocking finding is open', async () => {
    const engine = await revise.model.engine();
    pushPriorBranch(fx.workspace, `${BRANCH}-2`, { 'src/second.js': 'module.exports = 2;\n' });
    let second = await engine.start({ priorBranch: `${BRANCH}-2`, baseBranch: 'main' });
    await engine.addFinding(second.id, { severity: 'blocking', message: 'Rename the file.' });
    second = await engine.setFindingStatus(second.id, 'B1', 'dismissed', 'the name is fine');
    let asked = 0;
    revise.decisions.confirm = () => {
      asked++;
      return Promise.resolve(undefined);
    };
    const approved = await vscode.commands.executeCommand<Run>('revise.approve', { runId: second.id });
    assert.equal(approved?.status, 'approved');
    assert.equal(asked, 0);
  });
});
