/** Access to the Revise extension under test and its manifest, shared by the host suites. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The extension id: `<publisher>.<name>` from package.json. */
export const extensionId = 'revise.revise';

/** A command contributed in package.json. */
export interface ContributedCommand {
  command: string;
  title: string;
}

/** The part of package.json the host suites check against the running workbench. */
export interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands?: ContributedCommand[];
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
  };
}

/** The Revise extension as the host loaded it; fails the test when it is not there. */
export function reviseExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded in the host`);
  return extension;
}

/** package.json of the extension as the host read it. */
export function manifest(): Manifest {
  return reviseExtension().packageJSON as Manifest;
}
