/** Unsent panel drafts (feedback text, dismiss reasons), kept per run in workspace state so they outlive the panel. */
import type * as vscode from 'vscode';
import { emptyDraft, type PanelDraft } from '../../shared/webviewProtocol';

const key = (runId: string): string => `revise.draft.${runId}`;

export class DraftStore {
  constructor(private readonly state: vscode.Memento) {}

  get(runId: string): PanelDraft {
    const stored = this.state.get<Partial<PanelDraft>>(key(runId));
    return { ...emptyDraft(), ...stored, reasons: { ...stored?.reasons } };
  }

  set(runId: string, draft: PanelDraft): Thenable<void> {
    const empty = !draft.feedback && Object.keys(draft.reasons).length === 0;
    return this.state.update(key(runId), empty ? undefined : draft);
  }

  clearFeedback(runId: string): Thenable<void> {
    return this.set(runId, { ...this.get(runId), feedback: '' });
  }
}
