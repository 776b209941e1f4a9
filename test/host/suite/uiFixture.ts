/**
 * Shared setup of the UI host suites: the test workspace gets a bare remote with a prior attempt
 * branch, the agent preset points at the fixture `claude`, and helpers wait for runs to change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../src/core/model';
import type { ReviseTestApi } from '../../../src/extension/extension';
import { commitFiles, sh } from '../../helpers/gitFixture';
import { reviseExtension } from './reviseExtension';

export const PRIOR_BRANCH = 'agent/greeting';

/** The lines of the prior attempt's file; findings point into it. */
export const APP_JS = ['function greet(name) {', '  return "hi " + name;', '}', '', 'module.exports = { greet };', ''].join('\n');

export interface UiFixture {
  workspace: string;
  root: string;
  bare: string;
  /** JSONL of every fixture agent invocation (with the prompt it read on stdin). */
  agentRecord: string;
  dispose(): Promise<void>;
}

/** The extension's test API (activates it). */
export async function api(): Promise<ReviseTestApi> {
  const extension = reviseExtension();
  return (await extension.activate()) as ReviseTestApi;
}

/** Give the workspace repository a bare `origin` with `main` and the prior attempt branch. */
export async function setUpUiFixture(): Promise<UiFixture> {
  const workspace = process.env.HOST_TEST_WORKSPACE!;
  const root = mkdtempSync(join(tmpdir(), 'revise-ui-'));
  const bare = join(root, 'remote.git');
  sh(root, ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  sh(workspace, ['remote', 'add', 'origin', bare]);
  sh(workspace, ['push', '--quiet', 'origin', 'main']);
  sh(workspace, ['checkout', '--quiet', '-b', PRIOR_BRANCH]);
  commitFiles(workspace, 'attempt: add greet', { 'src/app.js': APP_JS });
  sh(workspace, ['push', '--quiet', 'origin', PRIOR_BRANCH]);
  sh(workspace, ['checkout', '--quiet', 'main']);

  const agentRecord = join(root, 'agent-record.jsonl');
  const script = join(root, 'agent-script.json');
  writeFileSync(script, JSON.stringify({ default: [{ replace: 'src/app.js', find: '"hi "', with: '"Hello, "' }, { say: 'Changed the greeting.\nB1: fixed — uses the full greeting' }] }));
  process.env.FIXTURE_AGENT_RECORD = agentRecord;
  process.env.FIXTURE_AGENT_SCRIPT = script;
  const config = vscode.workspace.getConfiguration('revise');
  const extensionRoot = resolve(reviseExtension().extensionUri.fsPath);
  await config.update('agent.preset', 'claude', vscode.ConfigurationTarget.Global);
  await config.update('agent.executable', join(extensionRoot, 'test', 'fixtures', 'bin', 'claude'), vscode.ConfigurationTarget.Global);
  return {
    workspace,
    root,
    bare,
    agentRecord,
    async dispose() {
      await config.update('agent.executable', undefined, vscode.ConfigurationTarget.Global);
      await config.update('agent.preset', undefined, vscode.ConfigurationTarget.Global);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Resolves with the run once `predicate` holds for it (now or after a change event). */
export async function waitForRun(reviseApi: ReviseTestApi, runId: string, predicate: (run: Run) => boolean): Promise<Run> {
  const now = await reviseApi.model.get(runId);
  if (now && predicate(now)) return now;
  return new Promise<Run>((done) => {
    const sub = reviseApi.model.onDidChange(() => {
      const run = reviseApi.model.snapshot().runs.find((r) => r.id === runId);
      if (run && predicate(run)) {
        sub.dispose();
        done(run);
      }
    });
  });
}

/** The tip of `branch` in the bare remote. */
export function remoteTip(bare: string, branch: string): string {
  return sh(bare, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
}
