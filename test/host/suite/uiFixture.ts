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
import type { DecisionPanel } from '../../../src/extension/panel/decisionPanel';
import type { PanelState } from '../../../src/shared/webviewProtocol';
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

/**
 * Give the workspace repository a bare `origin` with `main` and the prior attempt branch. Suites
 * run one after another; each sets up its own and `dispose` removes it (the remote too).
 * `agent: false` leaves the agent settings alone (the walkthrough's first step completes when one changes).
 */
export async function setUpUiFixture(options: { agent?: boolean } = {}): Promise<UiFixture> {
  const workspace = process.env.HOST_TEST_WORKSPACE!;
  const root = mkdtempSync(join(tmpdir(), 'revise-ui-'));
  const bare = join(root, 'remote.git');
  sh(root, ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  sh(workspace, ['remote', 'add', 'origin', bare]);
  sh(workspace, ['push', '--quiet', 'origin', 'main']);
  // A later suite finds the branch made by an earlier one and only pushes it to its own remote.
  if (sh(workspace, ['branch', '--list', PRIOR_BRANCH])) sh(workspace, ['push', '--quiet', 'origin', PRIOR_BRANCH]);
  else pushPriorBranch(workspace, PRIOR_BRANCH, { 'src/app.js': APP_JS });

  const agentRecord = join(root, 'agent-record.jsonl');
  process.env.FIXTURE_AGENT_RECORD = agentRecord;
  setAgentScript(root, { default: [{ replace: 'src/app.js', find: '"hi "', with: '"Hello, "' }, { say: 'Changed the greeting.\nB1: fixed — uses the full greeting' }] });
  const config = vscode.workspace.getConfiguration('revise');
  const extensionRoot = resolve(reviseExtension().extensionUri.fsPath);
  const agent = options.agent !== false;
  if (agent) {
    await config.update('agent.preset', 'claude', vscode.ConfigurationTarget.Global);
    await config.update('agent.executable', join(extensionRoot, 'test', 'fixtures', 'bin', 'claude'), vscode.ConfigurationTarget.Global);
  }
  return {
    workspace,
    root,
    bare,
    agentRecord,
    async dispose() {
      sh(workspace, ['remote', 'remove', 'origin']);
      if (agent) {
        await config.update('agent.executable', undefined, vscode.ConfigurationTarget.Global);
        await config.update('agent.preset', undefined, vscode.ConfigurationTarget.Global);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Commit `files` on a new branch `branch` off `main` of the workspace, push it, and return to `main`. */
export function pushPriorBranch(workspace: string, branch: string, files: Record<string, string>): void {
  sh(workspace, ['checkout', '--quiet', '-b', branch, 'main']);
  commitFiles(workspace, `attempt: ${branch}`, files);
  sh(workspace, ['push', '--quiet', 'origin', branch]);
  sh(workspace, ['checkout', '--quiet', 'main']);
}

/** What the fixture agent does from now on (see test/fixtures/bin/README.md for the steps). */
export function setAgentScript(root: string, script: unknown): void {
  const file = join(root, `agent-script-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(script));
  process.env.FIXTURE_AGENT_SCRIPT = file;
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

/** Resolves with the diagnostics of `uri` once `predicate` holds for them (now or after a change). */
export function diagnosticsWhere(uri: vscode.Uri, predicate: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((done) => {
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const current = vscode.languages.getDiagnostics(uri);
      if (predicate(current)) {
        sub.dispose();
        done(current);
      }
    });
  });
}

/** Resolves with the first state the panel sends (or sent last) for which `predicate` holds. */
export function panelStateWhere(panel: DecisionPanel, predicate: (state: PanelState) => boolean): Promise<PanelState> {
  const last = panel.lastMessage?.type === 'state' ? panel.lastMessage.state : undefined;
  if (last && predicate(last)) return Promise.resolve(last);
  return new Promise((done) => {
    const sub = panel.onDidPostState(({ state }) => {
      if (predicate(state)) {
        sub.dispose();
        done(state);
      }
    });
  });
}
