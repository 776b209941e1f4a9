import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import type { RunsNode } from '../../../src/extension/runsTree';
import { manifest, reviseExtension } from './reviseExtension';
import { PRIOR_BRANCH, api, remoteTip, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const execFileAsync = promisify(execFile);

interface MenuItem {
  command: string;
  when?: string;
}

function menuWhen(menu: string, command: string): string[] {
  const menus = (manifest().contributes as { menus?: Record<string, MenuItem[]> }).menus ?? {};
  return (menus[menu] ?? []).filter((m) => m.command === command).map((m) => m.when ?? '');
}

/** Whether a `viewItem =~ /…/` clause of `when` matches `contextValue` (every such clause must). */
function viewItemMatches(when: string, contextValue: string): boolean {
  const clauses = [...when.matchAll(/viewItem =~ \/(.+?)\/(?= |$)/g)].map((m) => new RegExp(m[1]!));
  return clauses.length > 0 && clauses.every((re) => re.test(contextValue));
}

describe('UI: Runs view, commands and rework comments', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let run: Run;

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    run = (await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: PRIOR_BRANCH, base: 'main' }))!;
    assert.ok(run, 'the start command returned the new run');
    const engine = await revise.model.engine();
    await engine.addFinding(run.id, { file: 'src/app.js', line: 2, severity: 'blocking', message: 'Greet with "Hello, " as the spec says.' });
    await engine.addFinding(run.id, { severity: 'nit', message: 'Mention the change in the changelog.' });
    run = await waitForRun(revise, run.id, (r) => r.findings.length === 2);
  });

  after(async () => {
    await fx?.dispose();
  });

  it('shows a run started from a branch with its prior-attempt round and its findings grouped by file', async () => {
    const roots = await revise.tree.getChildren();
    const node = roots.find((n): n is Extract<RunsNode, { kind: 'run' }> => n.kind === 'run' && n.run.id === run.id);
    assert.ok(node, 'the run is a root of the Runs view');
    const item = revise.tree.getTreeItem(node);
    assert.equal(item.label, PRIOR_BRANCH);
    assert.match(String(item.description), /round 0\/3/);

    const children = await revise.tree.getChildren(node);
    const rounds = children.filter((c) => c.kind === 'round');
    assert.deepEqual(rounds.map((r) => revise.tree.getTreeItem(r).label), ['Round 0 (prior attempt)']);
    const files = children.filter((c): c is Extract<RunsNode, { kind: 'file' }> => c.kind === 'file');
    assert.deepEqual(files.map((f) => f.file), ['src/app.js', undefined], 'located findings by file, then the unlocated ones');
    const findings = await revise.tree.getChildren(files[0]);
    const findingItem = revise.tree.getTreeItem(findings[0]!);
    assert.equal(findingItem.label, 'B1 Greet with "Hello, " as the spec says.');
    assert.equal(findingItem.command?.command, 'revise.openFinding');
  });

  it('opens the worktree file at the finding line when a finding is clicked', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('revise.openFinding', { runId: run.id, findingId: 'B1' });
    assert.ok(editor);
    assert.equal(editor.document.uri.fsPath, join(run.worktree, 'src', 'app.js'));
    assert.equal(editor.selection.start.line, 1);
  });

  it('offers in menus exactly the actions the pending decision allows', async () => {
    const [node] = (await revise.tree.getChildren()).filter((n) => n.kind === 'run');
    const contextValue = revise.tree.getTreeItem(node!).contextValue!;
    for (const command of ['revise.approve', 'revise.requestChanges', 'revise.abort', 'revise.openDecisionPanel']) {
      assert.ok(menuWhen('view/item/context', command).some((w) => viewItemMatches(w, contextValue)), `${command} is offered on ${contextValue}`);
    }
    for (const command of ['revise.runNextRound', 'revise.cancelRound', 'revise.listBackups', 'revise.compareRounds', 'revise.refreshFromGitHub']) {
      assert.ok(!menuWhen('view/item/context', command).some((w) => viewItemMatches(w, contextValue)), `${command} is not offered on ${contextValue}`);
    }
  });

  it('refuses a run-next-round command while no round is queued, saying what to do', async () => {
    const result = await vscode.commands.executeCommand('revise.runNextRound', { runId: run.id });
    assert.equal(result, undefined, 'nothing ran');
    assert.equal((await revise.model.get(run.id))?.rounds.length, 1);
  });

  it('shows a finding added by another process (the command line) without a refresh', async () => {
    const cli = join(reviseExtension().extensionUri.fsPath, 'dist', 'cli.js');
    const changed = waitForRun(revise, run.id, (r) => r.findings.some((f) => f.message === 'Export a default too.'));
    // Asynchronously: a synchronous child would block this extension host, which may hold the run's lock
    // (the CLI would then wait for a lock that cannot be released).
    await execFileAsync(process.execPath, [cli, 'findings', 'add', '--repo', fx.workspace, '--run', run.id, '--file', 'src/app.js', '--line', '5', '--severity', 'nit', '--message', 'Export a default too.', '--json'], { encoding: 'utf8' });
    run = await changed;
    const file = (await revise.tree.getChildren((await revise.tree.getChildren()).find((n) => n.kind === 'run'))).find((n) => n.kind === 'file' && n.file === 'src/app.js');
    assert.equal((await revise.tree.getChildren(file)).length, 2);
  });

  it('turns a rework request on a selection into finding C1, shown as a comment thread and in the next prompt', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(join(run.worktree, 'src', 'app.js')));
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const finding = await vscode.commands.executeCommand<{ id: string }>('revise.requestReworkHere', { text: 'Validate that name is a string.' });
    assert.equal(finding?.id, 'C1');
    run = await waitForRun(revise, run.id, (r) => r.findings.some((f) => f.id === 'C1'));
    const c1 = run.findings.find((f) => f.id === 'C1')!;
    assert.deepEqual([c1.file, c1.line, c1.endLine, c1.source.kind], ['src/app.js', 1, 3, 'inline']);
    const prompt = await vscode.commands.executeCommand<string>('revise.showPrompt', { runId: run.id });
    assert.match(prompt ?? '', /C1/);
    assert.match(prompt ?? '', /Validate that name is a string\./);
  });

  it('lets an inline rework comment be edited and removed before its round starts', async () => {
    const engine = await revise.model.engine();
    await engine.addFinding(run.id, { file: 'src/app.js', line: 5, severity: 'non-blocking', message: 'temporary', kind: 'inline' });
    run = await waitForRun(revise, run.id, (r) => r.findings.some((f) => f.id === 'C2'));
    await vscode.commands.executeCommand('revise.removeReworkComment', { runId: run.id, findingId: 'C2' });
    run = await waitForRun(revise, run.id, (r) => !r.findings.some((f) => f.id === 'C2'));
  });

  it('shows the findings as diagnostics in the worktree file', async () => {
    const uri = vscode.Uri.file(join(run.worktree, 'src', 'app.js'));
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const has = (): boolean => vscode.languages.getDiagnostics(uri).some((d) => d.range.start.line === 1);
    if (!has()) {
      await new Promise<void>((done) => {
        const sub = vscode.languages.onDidChangeDiagnostics(() => {
          if (has()) {
            sub.dispose();
            done();
          }
        });
      });
    }
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.ok(diagnostics.some((d) => d.range.start.line === 1), 'B1 is on line 2');
  });

  it('drives the loop from the decision panel: draft kept over close and reopen, request changes runs the agent, a stale click is refused, approve pushes', async function () {
    if (!process.env.REVISE_UI_E2E) this.skip(); // needs the workbench driver: test/host/e2e/decisionPanel.mjs
    this.timeout(300_000);
    await vscode.commands.executeCommand('revise.runs.focus');
    const decisionBefore = run.pendingDecision!.id;
    // Approve over B1 asks first; VS Code refuses modal dialogs in extension tests, so this answers for the user.
    const asked: string[] = [];
    const realConfirm = revise.decisions.confirm;
    revise.decisions.confirm = (message, _detail, action) => {
      asked.push(message);
      return Promise.resolve(action);
    };
    revise.panels.open(run.id, vscode.ViewColumn.Two);
    // The page types a draft; the host keeps it; closing and reopening the panel restores it.
    await new Promise<void>((done) => {
      const sub = revise.panels.onDidSaveDraft(({ runId, draft }) => {
        if (runId === run.id && draft.feedback.includes('keep this draft')) {
          sub.dispose();
          done();
        }
      });
    });
    const panel = revise.panels.get(run.id)!;
    const shown = panel.lastMessage?.type === 'state' ? panel.lastMessage.state : undefined;
    assert.ok(shown, 'the panel was sent its state');
    assert.deepEqual(shown.actions.filter((a) => a.primary).map((a) => a.option), ['request-changes'], 'with blocking B1 open, Request Changes is the primary action, not Approve');
    assert.match(shown.caution ?? '', /1 blocking finding\(s\) still open: B1/);
    panel.dispose();
    revise.panels.open(run.id, vscode.ViewColumn.Two);

    // The page clicks Request changes; the fixture agent runs round 1.
    run = await waitForRun(revise, run.id, (r) => r.rounds[1]?.status === 'succeeded' && r.status === 'awaiting-decision');
    assert.match(run.rounds[1]!.feedback ?? '', /keep this draft/);
    assert.notEqual(run.pendingDecision?.id, decisionBefore);
    const prompts = readFileSync(fx.agentRecord, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stdin?: string });
    assert.match(prompts[0]?.stdin ?? '', /C1[\s\S]*Validate that name is a string\./, 'the inline rework comment reached the agent');

    // The page first clicks Approve with the old decision id (refused: not asked about), then with the
    // current one: B1 is only claimed fixed, so the host asks first (answered here for the user).
    run = await waitForRun(revise, run.id, (r) => r.status === 'approved').finally(() => (revise.decisions.confirm = realConfirm));
    assert.deepEqual(asked, [`Approve run ${run.id} with 1 blocking finding(s) still open?`], 'asked once: the stale click was not asked about');
    assert.equal(run.findings.find((f) => f.id === 'B1')?.status, 'open', 'approved over B1 after the confirmation');
    assert.equal(run.history.filter((h) => h.option === 'approve').length, 1);
    assert.equal(remoteTip(fx.bare, PRIOR_BRANCH), run.rounds[1]!.headAfter, 'the remote has the revised commits');
  });
});
