// Runs only as its own host (HOST_TEST_SUITE=reload) with the e2e hook test/host/e2e/reloadDraft.mjs.
// The window reloads mid-test, which restarts the extension host and this suite: a marker file in the
// workspace's git folder tells the second start that the draft was typed and the window reloaded.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../../src/core/model';
import type { PanelDraft } from '../../../../src/shared/webviewProtocol';
import { sh } from '../../../helpers/gitFixture';
import { fileAppears } from '../fileAppears';
import { PRIOR_BRANCH, api, panelStateWhere, setUpUiFixture, waitForRun } from '../uiFixture';

const workspace = process.env.HOST_TEST_WORKSPACE!;
/** Written before the reload: what the second start checks. */
const marker = join(workspace, '.git', 'revise-reload-phase');
/** Written by the e2e hook once the reloaded page showed the same draft. */
const pageVerified = join(workspace, '.git', 'revise-reload-verified');

interface BeforeReload {
  runId: string;
  fixtureRoot: string;
  feedback: string;
  /** Each finding's include checkbox, by id, as the hook left them. */
  include: Record<string, boolean>;
}

/** Resolves with the first stored draft of `runId` that has feedback text. */
function draftSaved(onDidSaveDraft: vscode.Event<{ runId: string; draft: PanelDraft }>, runId: () => string | undefined): Promise<PanelDraft> {
  return new Promise((done) => {
    const sub = onDidSaveDraft(({ runId: id, draft }) => {
      if (id !== runId() || !draft.feedback) return;
      sub.dispose();
      done(draft);
    });
  });
}

describe('Decision panel draft across a window reload', function () {
  this.timeout(120_000);

  if (!existsSync(marker)) {
    it('keeps the typed feedback and the include checkbox when the window reloads', async () => {
      const fx = await setUpUiFixture();
      const revise = await api();
      let run: Run | undefined;
      const saved = draftSaved(revise.panels.onDidSaveDraft, () => run?.id);
      run = (await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: PRIOR_BRANCH, base: 'main' }))!;
      assert.ok(run, 'the run started');
      const engine = await revise.model.engine();
      await engine.addFinding(run.id, { file: 'src/app.js', line: 2, severity: 'blocking', message: 'Greet with "Hello, ".' });
      await engine.addFinding(run.id, { severity: 'nit', message: 'Mention the change in the changelog.' });
      run = await waitForRun(revise, run.id, (r) => r.findings.length === 2);
      revise.panels.open(run.id);

      // The hook types feedback and unticks B1; both reach the host before the reload is asked for.
      const draft = await saved;
      run = await waitForRun(revise, run.id, (r) => r.findings.find((f) => f.id === 'B1')?.include === false);
      const include = Object.fromEntries(run.findings.map((f) => [f.id, f.include]));
      writeFileSync(marker, JSON.stringify({ runId: run.id, fixtureRoot: fx.root, feedback: draft.feedback, include } satisfies BeforeReload));
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      // The reload ends this extension host; the suite starts again in the new one.
      await new Promise<never>(() => undefined);
    });
  } else {
    const before = JSON.parse(readFileSync(marker, 'utf8')) as BeforeReload;

    after(async () => {
      rmSync(marker, { force: true });
      rmSync(pageVerified, { force: true });
      sh(workspace, ['remote', 'remove', 'origin']);
      const config = vscode.workspace.getConfiguration('revise');
      await config.update('agent.executable', undefined, vscode.ConfigurationTarget.Global);
      await config.update('agent.preset', undefined, vscode.ConfigurationTarget.Global);
      rmSync(before.fixtureRoot, { recursive: true, force: true });
    });

    it('restores the panel after the reload with the same feedback text and include checkboxes', async () => {
      const revise = await api();
      // The hook has read the restored page; by then the serializer has given the panel back.
      await fileAppears(pageVerified);
      const panel = revise.panels.get(before.runId);
      assert.ok(panel, 'the serializer restored the decision panel of the run');
      const message = panel.lastMessage?.type === 'state' ? panel.lastMessage : undefined;
      assert.equal(message?.draft.feedback, before.feedback, 'the stored draft outlived the extension host');
      const state = await panelStateWhere(panel, () => true);
      assert.deepEqual(Object.fromEntries(state.findings.map((f) => [f.id, f.include])), before.include);
      assert.equal(before.include.B1, false, 'the hook unticked B1 before the reload');
    });
  }
});
