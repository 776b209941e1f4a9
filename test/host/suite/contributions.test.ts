import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hiddenCommands } from './hiddenCommands';
import { manifest, reviseExtension } from './reviseExtension';

/** Commands VS Code itself registers for a contributed view (`<viewId>.focus` and the like). */
function isViewCommand(command: string, viewIds: string[]): boolean {
  return viewIds.some((id) => command.startsWith(`${id}.`));
}

describe('Contributions', () => {
  before(async () => {
    await reviseExtension().activate();
  });

  it('contributes the Runs view in the Revise view container', async () => {
    const { contributes } = manifest();
    assert.ok(contributes.viewsContainers?.activitybar?.some((c) => c.id === 'revise'), 'view container "revise"');
    assert.ok(contributes.views?.revise?.some((v) => v.id === 'revise.runs'), 'view "revise.runs" in container "revise"');
    // The workbench registers these commands only for views and containers it actually created.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('workbench.view.extension.revise'), 'the workbench created the Revise container');
    assert.ok(commands.includes('revise.runs.focus'), 'the workbench created the Runs view');
    await vscode.commands.executeCommand('revise.runs.focus');
  });

  it('registers every command it contributes, and contributes every command it registers', async () => {
    const { contributes } = manifest();
    const contributed = (contributes.commands ?? []).map((c) => c.command);
    const viewIds = Object.values(contributes.views ?? {}).flatMap((views) => views.map((v) => v.id));
    const registered = (await vscode.commands.getCommands(true)).filter(
      (c) => c.startsWith('revise.') && !isViewCommand(c, viewIds),
    );

    const notRegistered = contributed.filter((c) => !registered.includes(c));
    assert.deepEqual(notRegistered, [], 'contributed in package.json but not registered');
    const notContributed = registered.filter((c) => !contributed.includes(c) && !hiddenCommands.includes(c));
    assert.deepEqual(notContributed, [], 'registered but neither contributed nor listed in hiddenCommands.ts');
  });
});
