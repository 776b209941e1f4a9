/**
 * Inline comment-to-rework: a comment controller on run worktree files. A new comment on a line or
 * a selection becomes finding `C<n>` for the next round; until that round starts it can be edited
 * or removed. Findings from GitHub review threads open as read-only threads.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Run } from '../core/model';
import { isSettled } from '../core/runFacts';
import { isEditableComment } from '../core/inlineComments';
import type { RunsModel } from './runsModel';
import { Disposable } from './util/dispose';

/** The comment controller id (menus match `commentController == revise-rework`). */
export const REWORK_CONTROLLER_ID = 'revise-rework';

/** A comment that is a Revise finding. */
export class FindingComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  readonly author: vscode.CommentAuthorInformation;
  readonly label: string;
  readonly contextValue?: string;

  constructor(
    readonly runId: string,
    readonly findingId: string,
    public body: string | vscode.MarkdownString,
    author: string,
    editable: boolean,
    public thread: vscode.CommentThread | undefined,
  ) {
    this.author = { name: author };
    this.label = findingId;
    if (editable) this.contextValue = 'editable';
  }
}

/** The run whose (unsettled) worktree contains `uri`, and the file's worktree-relative POSIX path. */
export function runForFile(runs: readonly Run[], uri: vscode.Uri): { run: Run; file: string } | undefined {
  if (uri.scheme !== 'file') return undefined;
  for (const run of runs) {
    if (isSettled(run)) continue;
    const rel = path.relative(run.worktree, uri.fsPath);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { run, file: rel.split(path.sep).join('/') };
  }
  return undefined;
}

function rangeOf(finding: Finding): vscode.Range {
  const start = Math.max(0, (finding.line ?? 1) - 1);
  const end = Math.max(start, (finding.endLine ?? finding.line ?? 1) - 1);
  return new vscode.Range(start, 0, end, 0);
}

export class ReworkComments extends Disposable {
  readonly controller: vscode.CommentController;
  /** Threads of inline findings, by `runId/findingId`. */
  private readonly threads = new Map<string, vscode.CommentThread>();

  constructor(private readonly model: RunsModel) {
    super();
    this.controller = this._register(vscode.comments.createCommentController(REWORK_CONTROLLER_ID, vscode.l10n.t('Revise rework comments')));
    this.controller.options = { prompt: vscode.l10n.t('Ask for a rework in the next round…'), placeHolder: vscode.l10n.t('What should the agent change here?') };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (document) => {
        // Only files of a run this window has loaded; never opens the engine by itself.
        if (!runForFile(this.model.snapshot().runs, document.uri)) return [];
        return [new vscode.Range(0, 0, Math.max(0, document.lineCount - 1), 0)];
      },
    };
    this._register(model.onDidChange(() => this.sync()));
  }

  /** Redraw the threads of every inline finding from the runs as last seen. */
  sync(): void {
    const wanted = new Map<string, { run: Run; finding: Finding }>();
    for (const run of this.model.snapshot().runs) {
      if (isSettled(run)) continue;
      for (const finding of run.findings) {
        if (finding.source.kind === 'inline' && finding.file && finding.status === 'open') wanted.set(`${run.id}/${finding.id}`, { run, finding });
      }
    }
    for (const [key, thread] of this.threads) {
      if (!wanted.has(key)) {
        thread.dispose();
        this.threads.delete(key);
      }
    }
    for (const [key, { run, finding }] of wanted) {
      const thread = this.threads.get(key) ?? this.controller.createCommentThread(vscode.Uri.file(path.join(run.worktree, finding.file!)), rangeOf(finding), []);
      this.threads.set(key, thread);
      const editable = isEditableComment(run, finding);
      thread.range = rangeOf(finding);
      thread.label = vscode.l10n.t('{0} · rework for the next round', finding.id);
      thread.canReply = false;
      thread.contextValue = editable ? 'revise-inline;editable' : 'revise-inline';
      thread.comments = [new FindingComment(run.id, finding.id, finding.message, vscode.l10n.t('You'), editable, thread)];
      if (thread.collapsibleState === undefined) thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    }
  }

  /** Open a GitHub review thread finding as a read-only thread at its line. */
  showThread(run: Run, finding: Finding): vscode.CommentThread | undefined {
    if (!finding.file) return undefined;
    const uri = vscode.Uri.file(path.join(run.worktree, finding.file));
    const lines = finding.source.context?.length ? finding.source.context : [`${finding.source.author ?? vscode.l10n.t('reviewer')}: ${finding.message}`];
    const comments = lines.map((line) => {
      const colon = line.indexOf(': ');
      const author = colon > 0 ? line.slice(0, colon) : (finding.source.author ?? vscode.l10n.t('reviewer'));
      const body = new vscode.MarkdownString(colon > 0 ? line.slice(colon + 2) : line);
      return new FindingComment(run.id, finding.id, body, author, false, undefined);
    });
    const thread = this.controller.createCommentThread(uri, rangeOf(finding), comments);
    thread.canReply = false;
    thread.label = finding.source.url ? vscode.l10n.t('{0} · GitHub thread (read-only)', finding.id) : finding.id;
    thread.contextValue = 'revise-thread';
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    this._register(thread);
    return thread;
  }
}
