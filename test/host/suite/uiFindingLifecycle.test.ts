import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import type { Confirm } from '../../../src/extension/decisionService';
import { panelState } from '../../../src/extension/panel/panelState';
import type { RunsNode } from '../../../src/extension/runsTree';
import { sh } from '../../helpers/gitFixture';
import { fileAppears } from './fileAppears';
import { APP_JS, api, diagnosticsWhere, panelStateWhere, pushPriorBranch, remoteTip, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const BRANCH = 'agent/lifecycle';

/**
 * A finding through its lifecycle in the real VS Code: the fixture agent claims B1 fixed; the tree,
 * the panel state, Problems and CodeLens show a claim (not a plain open finding, not a tick);
 * *Accept fix* on the CodeLens verifies it; the approve then asks nothing.
 */
describe('UI: finding lifecycle, claimed → accepted → approved', function () {
  this.timeout(180_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let realConfirm: Confirm;
  let run: Run;

  const findingItem = async (id: string): Promise<vscode.TreeItem> => {
    const runNode = (await revise.tree.getChildren()).find((n) => n.kind === 'run' && n.run.id === run.id)!;
    for (const child of await revise.tree.getChildren(runNode)) {
      if (child.kind !== 'file') continue;
      const hit = (await revise.tree.getChildren(child)).find((n: RunsNode) => n.kind === 'finding' && n.finding.id === id);
      if (hit) return revise.tree.getTreeItem(hit);
    }
    throw new Error(`no tree item for ${id}`);
  };
  const runTooltip = async (): Promise<string> => {
    const runNode = (await revise.tree.getChildren()).find((n) => n.kind === 'run' && n.run.id === run.id)!;
    return (revise.tree.getTreeItem(runNode).tooltip as vscode.MarkdownString).value;
  };
  const b1 = (d: readonly vscode.Diagnostic[]): vscode.Diagnostic | undefined => d.find((x) => x.message.startsWith('B1:'));

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    realConfirm = revise.decisions.confirm;
    pushPriorBranch(fx.workspace, BRANCH, { 'src/app.js': APP_JS });
    const engine = await revise.model.engine();
    run = await engine.start({ priorBranch: BRANCH, baseBranch: 'main' });
    await engine.addFinding(run.id, { file: 'src/app.js', line: 2, severity: 'blocking', message: 'Greet with "Hello, ".' });
    run = await waitForRun(revise, run.id, (r) => r.findings.length === 1);
  });

  after(async () => {
    revise.decisions.confirm = realConfirm;
    await fx?.dispose();
  });

  it('after a round whose agent claims B1 fixed, every view shows a claim that still holds an approve back', async () => {
    await revise.decisions.decide(run.id, run.pendingDecision!.id, 'request-changes', 'Use the full greeting.');
    run = await waitForRun(revise, run.id, (r) => r.rounds[1]?.status === 'succeeded' && r.status === 'awaiting-decision');
    assert.equal(run.findings[0]?.disposition?.kind, 'fixed');

    const item = await findingItem('B1');
    assert.match(String(item.description), /claimed fixed \(round 1\)/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'question', 'a claim is not a green tick');
    assert.match(String(item.contextValue), /;state-claimed/);
    assert.match(await runTooltip(), /Findings: 1 claimed/);

    const state = panelState(run, undefined);
    assert.equal(state.findings[0]?.state.kind, 'claimed');
    assert.deepEqual(state.actions.filter((a) => a.primary).map((a) => a.option), ['request-changes'], 'a claim alone does not settle a blocking finding');

    const uri = vscode.Uri.file(join(run.worktree, 'src', 'app.js'));
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const shown = b1(await diagnosticsWhere(uri, (d) => b1(d)?.message.includes('[claimed fixed (round 1)]') ?? false))!;
    assert.equal(shown.severity, vscode.DiagnosticSeverity.Information, 'Problems does not count a claim as an error');
  });

  it('Accept fix on the CodeLens verifies B1: it leaves Problems, the tree shows a tick, and approve asks nothing', async () => {
    const uri = vscode.Uri.file(join(run.worktree, 'src', 'app.js'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes('Reopen'), `a Reopen lens too: ${titles.join(' | ')}`);
    const accept = lenses.find((l) => l.command?.title === 'Accept fix');
    assert.ok(accept?.command, `an Accept fix lens: ${titles.join(' | ')}`);
    await vscode.commands.executeCommand(accept.command.command, ...((accept.command.arguments ?? []) as unknown[]));

    run = await waitForRun(revise, run.id, (r) => r.findings[0]?.verification?.outcome === 'accepted');
    await diagnosticsWhere(uri, (d) => b1(d) === undefined);
    const item = await findingItem('B1');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.match(String(item.description), /verified \(accepted\)/);
    assert.match(await runTooltip(), /Findings: 1 verified/);
    const state = panelState(run, undefined);
    assert.equal(state.findings[0]?.state.kind, 'verified');
    assert.equal(state.caution, undefined, 'nothing blocking is left');

    let asked = 0;
    revise.decisions.confirm = () => {
      asked++;
      return Promise.resolve(undefined);
    };
    const approved = await vscode.commands.executeCommand<Run>('revise.approve', { runId: run.id });
    assert.equal(approved?.status, 'approved');
    assert.equal(asked, 0, 'approved without a confirmation');
    assert.equal(remoteTip(fx.bare, BRANCH), approved.leaseSha);
  });

  it('in the decision panel: the issue, the round feedback, a claim counted apart, Dismiss without a reason says so, Accept fix is one click, approve asks nothing and says what it pushed where', async function () {
    if (!process.env.REVISE_LIFECYCLE_E2E) this.skip(); // needs the workbench driver: test/host/e2e/findingLifecycle.mjs
    const engine = await revise.model.engine();
    const hookResult = join(fx.workspace, '.git', 'revise-lifecycle-panel.json');
    const config = vscode.workspace.getConfiguration('revise');
    // The remote is named as a GitHub repository; git reaches the suite's bare remote through `insteadOf`.
    const github = 'https://github.com/acme/greeter.git';
    sh(fx.workspace, ['config', 'remote.origin.url', github]);
    sh(fx.workspace, ['config', `url.${fx.bare}.insteadOf`, github]);
    await config.update('github.replies', 'off', vscode.ConfigurationTarget.Global);
    try {
      pushPriorBranch(fx.workspace, `${BRANCH}-panel`, { 'src/app.js': APP_JS });
      let second = await engine.start(
        { priorBranch: `${BRANCH}-panel`, baseBranch: 'main' },
        {
          pr: { number: 12, url: 'https://github.com/acme/greeter/pull/12', owner: 'acme', repo: 'greeter', title: 'Greet people properly', isFork: false, maintainerCanModify: true },
          issue: { number: 11, title: 'The greeting is too curt', body: 'greet() says "hi <name>".\nIt should say "Hello, <name>" and keep the export.' },
        },
      );
      await engine.addFinding(second.id, { file: 'src/app.js', line: 2, severity: 'blocking', message: 'Greet with "Hello, ".' });
      await engine.addFinding(second.id, { file: 'src/app.js', line: 5, severity: 'non-blocking', message: 'Export greet as default too.' });
      second = await waitForRun(revise, second.id, (r) => r.findings.length === 2);
      await revise.decisions.decide(second.id, second.pendingDecision!.id, 'request-changes', 'Use the full greeting.\nKeep the export as it is.');
      second = await waitForRun(revise, second.id, (r) => r.rounds[1]?.status === 'succeeded' && r.status === 'awaiting-decision');
      let asked = 0;
      revise.decisions.confirm = () => {
        asked++;
        return Promise.resolve(undefined);
      };
      // The worktree file beside the panel and the Runs view in the side bar, as a user has them (the e2e photographs it).
      await vscode.commands.executeCommand('revise.runs.focus');
      await vscode.window.showTextDocument(vscode.Uri.file(join(second.worktree, 'src', 'app.js')), { viewColumn: vscode.ViewColumn.One });
      revise.panels.open(second.id, vscode.ViewColumn.Two);
      // The page checks the issue and the feedback, clicks Dismiss on N1 with no reason, Accept fix on B1, then Approve,
      // and then reads what the panel says was pushed.
      second = await waitForRun(revise, second.id, (r) => r.status === 'approved');
      assert.equal(asked, 0, 'approved from the panel without a confirmation');
      assert.equal(second.findings.find((f) => f.id === 'B1')?.verification?.outcome, 'accepted');
      assert.equal(second.findings.find((f) => f.id === 'N1')?.status, 'open', 'Dismiss without a reason changed nothing');
      const tip = remoteTip(fx.bare, `${BRANCH}-panel`);
      assert.deepEqual({ ...second.pushed, at: undefined }, { remote: 'origin', url: github, branch: `${BRANCH}-panel`, sha: tip, forced: false, commitUrl: `https://github.com/acme/greeter/commit/${tip}`, at: undefined });
      const shown = await panelStateWhere(revise.panels.get(second.id)!, (s) => s.status === 'approved');
      assert.equal(shown.pushed?.sha, tip, 'the panel was sent the pushed commit');
      assert.equal(shown.pushed?.pr?.url, 'https://github.com/acme/greeter/pull/12');
      assert.equal(shown.rounds[1]?.feedback, 'Use the full greeting.\nKeep the export as it is.');
      assert.equal(shown.issue?.number, 11);
      // The hook reads what the page says was pushed, photographs it and leaves its verdict in a file.
      await fileAppears(hookResult);
      const read = JSON.parse(readFileSync(hookResult, 'utf8')) as { ok: boolean; error?: string };
      assert.ok(read.ok, `the page did not show it: ${read.error ?? ''}`);
    } finally {
      rmSync(hookResult, { force: true });
      sh(fx.workspace, ['config', '--unset', `url.${fx.bare}.insteadOf`]);
      await config.update('github.replies', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
