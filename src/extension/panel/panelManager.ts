/**
 * Opens one decision panel per run and restores panels after a window reload (the serializer gets
 * the page's saved state, which names the run).
 */
import * as vscode from 'vscode';
import { DECISION_PANEL_VIEW_TYPE, type PanelDraft, type PanelWebviewState } from '../../shared/webviewProtocol';
import { Disposable } from '../util/dispose';
import { DecisionPanel, type PanelDeps } from './decisionPanel';
import { panelResourceRoots } from './panelHtml';

function savedRunId(state: unknown): string | undefined {
  const runId = typeof state === 'object' && state !== null ? (state as Partial<PanelWebviewState>).runId : undefined;
  return typeof runId === 'string' ? runId : undefined;
}

export class PanelManager extends Disposable implements vscode.WebviewPanelSerializer<PanelWebviewState> {
  private readonly panels = new Map<string, DecisionPanel>();
  /** Fires when a panel's unsent draft was stored (the page saves shortly after typing stops). */
  readonly onDidSaveDraft: vscode.Event<{ runId: string; draft: PanelDraft }>;

  constructor(private readonly deps: PanelDeps) {
    super();
    this.onDidSaveDraft = deps.drafts.onDidSet;
    this._register(vscode.window.registerWebviewPanelSerializer(DECISION_PANEL_VIEW_TYPE, this));
  }

  /** Show the panel of `runId`, creating it if needed. */
  open(runId: string, column = vscode.ViewColumn.Active): DecisionPanel {
    const existing = this.panels.get(runId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DECISION_PANEL_VIEW_TYPE, vscode.l10n.t('Revise: {0}', runId), column, this.options());
    return this.adopt(runId, panel);
  }

  /** The open panel of a run, if any. */
  get(runId: string): DecisionPanel | undefined {
    return this.panels.get(runId);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelWebviewState | undefined): Promise<void> {
    const runId = savedRunId(state);
    if (!runId) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.adopt(runId, panel);
    await this.deps.model.ensureLoaded();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: panelResourceRoots(this.deps.extensionUri) };
  }

  private adopt(runId: string, webviewPanel: vscode.WebviewPanel): DecisionPanel {
    const panel = new DecisionPanel(runId, webviewPanel, this.deps);
    this.panels.set(runId, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(runId) === panel) this.panels.delete(runId);
    });
    return panel;
  }

  override dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    super.dispose();
  }
}
