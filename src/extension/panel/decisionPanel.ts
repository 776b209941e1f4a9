/**
 * One decision panel (webview) per run. It renders the run's state whenever the run changes and
 * turns the page's intents into engine calls. Every decision intent carries the decision id the
 * page showed; a refusal (stale decision, option not offered) goes back to the page as an error and
 * the page is redrawn with the current state.
 */
import * as vscode from 'vscode';
import { assertNever } from '../../core/errors';
import { type HostMessage, type PanelDraft, type WebviewMessage, isWebviewMessage } from '../../shared/webviewProtocol';
import type { DecisionService } from '../decisionService';
import { describeError } from '../errorHandler';
import { executionBlockedReason } from '../workspaceTrust';
import type { RunsModel } from '../runsModel';
import { Disposable } from '../util/dispose';
import type { DraftStore } from './drafts';
import { panelHtml } from './panelHtml';
import { panelState } from './panelState';
import { RoundChangesCache } from './roundChangesCache';

/** What a panel needs from the rest of the extension. */
export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly model: RunsModel;
  readonly decisions: DecisionService;
  readonly drafts: DraftStore;
  /** Runs a command by id (to reuse the commands for logs, diffs, findings). */
  readonly command: (id: string, arg: unknown) => Thenable<unknown>;
}

export class DecisionPanel extends Disposable {
  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this._onDidDispose.event;
  private readonly _onDidPostState = this._register(new vscode.EventEmitter<Extract<HostMessage, { type: 'state' }>>());
  /** Fires with every state message sent to the page. */
  readonly onDidPostState = this._onDidPostState.event;
  private ready = false;
  private readonly changes = new RoundChangesCache();
  /** Counts refreshes, so one that waited on git cannot post over a newer one. */
  private refreshes = 0;
  /** The last state message sent, for tests and for re-sending when the page becomes ready. */
  lastMessage: HostMessage | undefined;

  constructor(
    readonly runId: string,
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    super();
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, runId);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'revise.svg');
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)));
    this._register(deps.model.onDidChange((run) => {
      if (!run || run.id === runId) void this.refresh();
    }));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()));
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._onDidDispose.fire();
    super.dispose();
    this.panel.dispose();
  }

  /** Bring the panel to the front. */
  reveal(): void {
    this.panel.reveal();
  }

  /** Send the current state (after the page said it is ready). */
  async refresh(): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    const generation = ++this.refreshes;
    const run = await this.deps.model.get(this.runId);
    if (!run) {
      this.post({ type: 'error', runId: this.runId, code: 'run-not-found', message: vscode.l10n.t('Run {0} no longer exists.', this.runId) });
      return;
    }
    this.panel.title = vscode.l10n.t('Revise: {0}', run.title);
    const changes = await this.changes.forRun(await this.deps.model.engine(), run);
    if (this.isDisposed || generation !== this.refreshes) return;
    this.post({ type: 'state', state: panelState(run, executionBlockedReason(), changes), draft: this.deps.drafts.get(this.runId) });
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
    if (message.type === 'state') {
      this.lastMessage = message;
      this._onDidPostState.fire(message);
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isWebviewMessage(message) || message.runId !== this.runId) return;
    try {
      await this.handle(message);
    } catch (error) {
      const { code, message: text } = describeError(error);
      this.post({ type: 'error', runId: this.runId, code, message: text });
      await this.refresh();
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const engine = (): ReturnType<RunsModel['engine']> => this.deps.model.engine();
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.refresh();
      case 'draft':
        await this.deps.drafts.set(this.runId, message.draft);
        return;
      case 'decide': {
        this.post({ type: 'busy', runId: this.runId, busy: true });
        try {
          const run = await this.deps.decisions.decide(this.runId, message.decisionId, message.option, message.feedback);
          if (run && message.option === 'request-changes') {
            await this.deps.drafts.clearFeedback(this.runId);
            this.post({ type: 'clearFeedback', runId: this.runId });
          }
        } finally {
          this.post({ type: 'busy', runId: this.runId, busy: false });
        }
        return this.refresh();
      }
      case 'setInclude':
        await (await engine()).setFindingIncluded(this.runId, message.findingId, message.include);
        return;
      case 'dismiss': {
        await (await engine()).setFindingStatus(this.runId, message.findingId, 'dismissed', message.reason);
        const draft: PanelDraft = this.deps.drafts.get(this.runId);
        delete draft.reasons[message.findingId];
        await this.deps.drafts.set(this.runId, draft);
        return;
      }
      case 'reopen':
        await (await engine()).reopenFinding(this.runId, message.findingId);
        return;
      case 'accept':
        await (await engine()).acceptFinding(this.runId, message.findingId);
        return;
      case 'editComment':
        await (await engine()).editInlineFinding(this.runId, message.findingId, message.text);
        return;
      case 'openFinding':
        await this.deps.command('revise.openFinding', { runId: this.runId, findingId: message.findingId });
        return;
      case 'openLog':
        await this.deps.command('revise.showRoundLog', { runId: this.runId, round: message.round });
        return;
      case 'openRoundDiff':
        await this.deps.command('revise.compareRounds', { runId: this.runId, round: message.round });
        return;
      case 'openWorktree':
        await this.deps.command('revise.openWorktreeInNewWindow', { runId: this.runId });
        return;
      case 'runQueuedRound':
        this.deps.decisions.startQueuedRound(this.runId);
        return;
      case 'cancelRound':
        await (await engine()).cancelRound(this.runId);
        return;
      case 'autopilot':
        // Started in the background: the panel follows its progress through the run's changes.
        void this.deps.command(message.action === 'start' ? 'revise.startAutopilot' : 'revise.stopAutopilot', { runId: this.runId });
        return;
      case 'cleanUp':
        await this.deps.command('revise.cleanUpRun', { runId: this.runId });
        return this.refresh();
      default:
        return assertNever(message, 'webview message');
    }
  }
}

