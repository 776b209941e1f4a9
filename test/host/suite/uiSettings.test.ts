import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import { api, pushPriorBranch, remoteTip, setAgentScript, setUpUiFixture, waitForRun, type UiFixture } from './uiFixture';

const BRANCH = 'agent/settings';

describe('UI: settings reach the round and the approve', function () {
  this.timeout(120_000);
  let fx: UiFixture;
  let revise: ReviseTestApi;
  const config = () => vscode.workspace.getConfiguration('revise');

  before(async () => {
    fx = await setUpUiFixture();
    revise = await api();
    pushPriorBranch(fx.workspace, BRANCH, { 'src/settings.js': 'module.exports = 1;\n' });
    setAgentScript(fx.root, { default: [{ append: 'src/settings.js', content: '// touched\n' }, { say: 'Touched it.' }] });
  });

  after(async () => {
    for (const key of ['push.when', 'reviewerCommand']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fx?.dispose();
  });

  it('pushes after the round with push.when = round, imports the reviewer command as findings, and approves without pushing with push.when = never', async () => {
    await config().update('push.when', 'round', vscode.ConfigurationTarget.Global);
    const review = '### Non-blocking\n\nN4. settings.js needs a comment\n\nsrc/settings.js:1\n';
    await config().update('reviewerCommand', [process.execPath, '-e', `process.stdout.write(${JSON.stringify(review)})`], vscode.ConfigurationTarget.Global);
    assert.equal(config().get('push.when'), 'round');
    assert.equal(config().inspect<string[]>('reviewerCommand')?.globalValue?.[0], process.execPath);
    let run = await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: BRANCH, base: 'main' });
    const before = remoteTip(fx.bare, BRANCH);
    await vscode.commands.executeCommand('revise.requestChanges', { runId: run.id, feedback: 'Anything.' });
    run = await waitForRun(revise, run.id, (r) => r.rounds[1] !== undefined && r.rounds[1].status !== 'running' && r.rounds[1].status !== 'queued' && r.status !== 'running');
    assert.equal(run.rounds[1]?.status, 'succeeded', JSON.stringify(run.rounds[1]));
    run = await waitForRun(revise, run.id, (r) => r.leaseSha === r.rounds[1]!.headAfter);
    const pushed = remoteTip(fx.bare, BRANCH);
    assert.notEqual(pushed, before);
    assert.equal(pushed, run.rounds[1]!.headAfter, 'push.when = round pushed the round');
    assert.deepEqual(run.rounds[1]!.reviewer?.added, ['N4']);
    assert.equal(run.findings.find((f) => f.id === 'N4')?.file, 'src/settings.js');

    await config().update('push.when', 'never', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('revise.requestChanges', { runId: run.id, feedback: 'Once more.' });
    run = await waitForRun(revise, run.id, (r) => r.rounds[2]?.status === 'succeeded' && r.status === 'awaiting-decision');
    await vscode.commands.executeCommand('revise.approve', { runId: run.id });
    await waitForRun(revise, run.id, (r) => r.status === 'approved');
    assert.equal(remoteTip(fx.bare, BRANCH), pushed, 'push.when = never approved without pushing round 2');
  });
});
