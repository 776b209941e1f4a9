import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import type { RunsNode } from '../../../src/extension/runsTree';
import { WALKTHROUGH_ID } from '../../../src/extension/commands/firstRunCommands';
import { isWaiting } from '../../../src/extension/signposts/waiting';
import { AGENT_CLIS, findOnPath, type DetectedAgent } from '../../../src/extension/walkthrough/agentClis';
import { manifest, reviseExtension } from './reviseExtension';
import { PRIOR_BRANCH, api, diagnosticsWhere, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const execFileAsync = promisify(execFile);

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

const badge = (revise: ReviseTestApi): number => revise.view.badge?.value ?? 0;

describe('UI: first run signposts and the Get Started walkthrough', function () {
  this.timeout(120_000);
  // Its own host run (scripts/test.mjs): it needs a window where nothing has opened the Runs view yet,
  // and the decision panels it opens on its own would be taken by the main run's e2e hook, which
  // drives the first panel it sees.
  if (process.env.REVISE_UI_E2E) return;
  let fx: UiFixture;
  let revise: ReviseTestApi;

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    await vscode.workspace.getConfiguration('revise').update('openPanelOnDecision', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('revise').update('openPanelOnDecision', undefined, vscode.ConfigurationTarget.Global);
    await fx?.dispose();
  });

  // First in the suite: nothing here has opened the Runs view or run a Revise command yet.
  it('loads a run the CLI wrote and publishes its findings without the Runs view being opened', async () => {
    const cli = join(reviseExtension().extensionUri.fsPath, 'dist', 'cli.js');
    // Every command answers with the CLI's one JSON envelope, `{ ok, run, … }`.
    const cliJson = async (...args: string[]): Promise<Run> => (JSON.parse((await execFileAsync(process.execPath, [cli, ...args, '--repo', fx.workspace, '--json'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })).stdout) as { run: Run }).run;
    const started = await cliJson('start', '--branch', PRIOR_BRANCH, '--base', 'main', '--title', 'From the CLI');
    await cliJson('findings', 'add', '--run', started.id, '--file', 'src/app.js', '--line', '2', '--severity', 'blocking', '--message', 'Greet with the full greeting.');
    const diagnostics = await diagnosticsWhere(vscode.Uri.file(join(started.worktree, 'src', 'app.js')), (d) => d.some((x) => x.message.includes('Greet with the full greeting.')));
    assert.equal(diagnostics.find((x) => x.message.includes('Greet with the full greeting.'))?.range.start.line, 1);
    assert.ok(revise.panels.get(started.id), 'the run’s new decision opened its panel');
  });

  it('counts a waiting run on the view badge, says Decide on its item with Decide Now inline, and opens its panel', async () => {
    await revise.model.ensureLoaded();
    const before = revise.model.snapshot().runs.filter(isWaiting).length;
    assert.equal(badge(revise), before, 'the badge counts the runs already waiting');

    let run = (await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: PRIOR_BRANCH, base: 'main' }));
    run = await waitForRun(revise, run.id, isWaiting);
    assert.equal(badge(revise), before + 1);
    assert.match(revise.view.badge?.tooltip ?? '', /waits? for your decision/);
    assert.ok(revise.panels.get(run.id), 'the new decision opened the run’s decision panel');

    const node = (await revise.tree.getChildren()).find((n): n is Extract<RunsNode, { kind: 'run' }> => n.kind === 'run' && n.run.id === run.id)!;
    const item = revise.tree.getTreeItem(node);
    assert.match(String(item.description), /^Decide: review the round · /);
    const inline = ((manifest().contributes as { menus: Record<string, MenuItem[]> }).menus['view/item/context'] ?? []).filter((m) => m.group?.startsWith('inline'));
    const shown = inline.filter((m) => [...(m.when ?? '').matchAll(/viewItem =~ \/(.+?)\/(?= |$)/g)].every((c) => new RegExp(c[1]!).test(item.contextValue!)));
    assert.ok(shown.some((m) => m.command === 'revise.decideNow'), `Decide Now is inline on ${item.contextValue}`);
    assert.ok(!shown.some((m) => m.command === 'revise.openDecisionPanel'), 'one panel action inline, not two');

    const engine = await revise.model.engine();
    await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'abort' });
    await waitForRun(revise, run.id, (r) => r.status === 'aborted');
    assert.equal(badge(revise), before, 'an aborted run no longer waits');
  });

  it('finds the agent CLIs on PATH for the walkthrough, and opens the walkthrough', async () => {
    const agents = (await vscode.commands.executeCommand<DetectedAgent[]>('revise.chooseAgent', { pick: false }));
    assert.deepEqual(agents.map((a) => a.cli.executable), AGENT_CLIS.map((c) => c.executable));
    for (const agent of agents) assert.equal(agent.path, await findOnPath(agent.cli.executable), agent.cli.executable);

    // The workbench names a walkthrough `<extension id>#<walkthrough id>`; any other id opens the plain Welcome page.
    const walkthrough = (manifest().contributes as { walkthroughs: { id: string; steps: { id: string; completionEvents: string[] }[] }[] }).walkthroughs[0]!;
    assert.equal(WALKTHROUGH_ID, `${reviseExtension().id}#${walkthrough.id}`);
    for (const step of walkthrough.steps) assert.ok(step.completionEvents.length > 0, `step ${step.id} has a completion event`);
    await vscode.commands.executeCommand('revise.getStarted');
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'Welcome', 'the walkthrough opened in the Welcome editor');
  });
});
