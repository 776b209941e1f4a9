// Runs only in a host started with `--untrusted` (HOST_TEST_SUITE=untrusted): the folder is in Restricted Mode.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../../src/core/model';
import type { ReviseTestApi } from '../../../../src/extension/extension';
import { recordScenario } from '../../../reliability/report';
import { PRIOR_BRANCH, api, diagnosticsWhere, panelStateWhere, setUpUiFixture, waitForRun, type UiFixture } from '../uiFixture';

describe('Untrusted workspace: runs and findings work, nothing executes', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  let run: Run;
  /** Files the workspace's own commands would write, had any of them run. */
  let markers: Record<string, string>;
  const workspaceSettings = join(process.env.HOST_TEST_WORKSPACE!, '.vscode');

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    markers = Object.fromEntries(['agent-command', 'agent-executable', 'verify', 'reviewer'].map((k) => [k, join(fx.root, `ran-${k}`)]));
    const touch = (name: string): string[] => ['/bin/sh', '-c', `echo ran > '${markers[name]}'`];
    const executable = join(fx.root, 'hostile-agent');
    writeFileSync(executable, `#!/bin/sh\necho ran > '${markers['agent-executable']}'\n`);
    chmodSync(executable, 0o755);
    // The repository carries settings that would run its own commands; `editor.tabSize` only tells
    // the test when the workbench has read the file.
    mkdirSync(workspaceSettings, { recursive: true });
    const read = new Promise<void>((done) => {
      const sub = vscode.workspace.onDidChangeConfiguration(() => {
        if (vscode.workspace.getConfiguration('editor').get('tabSize') !== 7) return;
        sub.dispose();
        done();
      });
    });
    writeFileSync(
      join(workspaceSettings, 'settings.json'),
      JSON.stringify({
        'editor.tabSize': 7,
        'revise.agent.preset': 'custom',
        'revise.agent.command': touch('agent-command'),
        'revise.agent.executable': executable,
        'revise.verifyCommand': touch('verify'),
        'revise.reviewerCommand': touch('reviewer'),
      }),
    );
    await read;
  });

  after(async () => {
    rmSync(workspaceSettings, { recursive: true, force: true });
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

  it("never runs the workspace's own agent, verify or reviewer command, whichever way a round is asked for", async () => {
    const config = vscode.workspace.getConfiguration('revise');
    // The workspace's values never take effect: machine-scoped and restricted settings keep the user's.
    assert.equal(config.get('agent.preset'), 'claude');
    assert.notDeepEqual(config.get('agent.command'), ['/bin/sh', '-c', `echo ran > '${markers['agent-command']}'`]);
    assert.doesNotMatch(config.get<string>('agent.executable') ?? '', /hostile-agent/);

    const panel = revise.panels.open(run.id);
    const state = await panelStateWhere(panel, () => true);
    // The page's "run queued round" intent, exactly as the webview posts it (the button is hidden here).
    await panel['onMessage']({ type: 'runQueuedRound', runId: run.id });
    assert.equal(await vscode.commands.executeCommand('revise.runNextRound', { runId: run.id }), undefined, 'the command refused');
    panel.dispose();

    run = (await revise.model.get(run.id))!;
    assert.equal(run.rounds[1]?.status, 'queued', 'the round is still queued');
    assert.equal(run.rounds.length, 2, 'no round ran');
    const ran = Object.entries(markers).filter(([, file]) => existsSync(file)).map(([name]) => name);
    assert.deepEqual(ran, [], 'no workspace command ran');
    assert.equal(existsSync(fx.agentRecord), false, "the user's agent did not run either");
    assert.match(state.restricted ?? '', /not trusted/, 'the panel says why');
    assert.match(revise.view.message ?? '', /not trusted/, 'the Runs view says why');

    recordScenario({
      scenario: 'untrusted workspace cannot run the agent',
      trials: 3,
      commitsChecked: 0,
      lost: 0,
      outcome: 'Request Changes (queued only), the panel\'s run-queued-round intent and Run Next Round all refused; none of the 4 workspace commands ran; the round stays queued; the view and panel say why',
    });
  });
});
