/**
 * Records the notifications the extension shows (information, warning, error) while installed, and
 * answers each as a user who dismisses it, so a command that waits on its notification carries on.
 */
import * as vscode from 'vscode';

export interface ShownMessage {
  kind: 'information' | 'warning' | 'error';
  message: string;
  /** The buttons offered. */
  items: string[];
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
const KINDS = { information: 'showInformationMessage', warning: 'showWarningMessage', error: 'showErrorMessage' } as const;

export function captureMessages(): { shown: ShownMessage[]; dispose(): void } {
  const shown: ShownMessage[] = [];
  const window = vscode.window as unknown as Record<string, Show>;
  const originals = Object.entries(KINDS).map(([kind, name]) => {
    const original = window[name]!;
    window[name] = (message, ...rest) => {
      // After the message: an options object (modal, detail) and/or the buttons, as strings or items.
      const items = rest.filter((r) => typeof r === 'string' || (typeof r === 'object' && r !== null && 'title' in r)).map((r) => (typeof r === 'string' ? r : (r as vscode.MessageItem).title));
      shown.push({ kind: kind as ShownMessage['kind'], message, items });
      return Promise.resolve(undefined);
    };
    return () => (window[name] = original);
  });
  return { shown, dispose: () => originals.forEach((restore) => restore()) };
}
