/** Unsent panel drafts (feedback text, dismiss reasons), kept per run in workspace state so they outlive the panel. */
import * as vscode from 'vscode';
import { emptyDraft, type PanelDraft } from '../../shared/webviewProtocol';

const key = (runId: string): string => `revise.draft.${runId}`;

export class DraftStore implements vscode.Disposable {
  private readonly _onDidSet = new vscode.EventEmitter<{ runId: string; draft: PanelDraft }>();
  /** Fires after a draft was stored. */
  readonly onDidSet = this._onDidSet.event;

  constructor(private readonly state: vscode.Memento) {}

  dispose(): void {
    this._onDidSet.dispose();
  }

  get(runId: string): PanelDraft {
    const stored = this.state.get<Partial<PanelDraft>>(key(runId));
    return { ...emptyDraft(), ...stored, reasons: { ...stored?.reasons } };
  }

  async set(runId: string, draft: PanelDraft): Promise<void> {
    const empty = !draft.feedback && Object.keys(draft.reasons).length === 0;
    await this.state.update(key(runId), empty ? undefined : draft);
    this._onDidSet.fire({ runId, draft });
  }

  clearFeedback(runId: string): Promise<void> {
    return this.set(runId, { ...this.get(runId), feedback: '' });
  }
}
