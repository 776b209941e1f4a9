/** Findings: open at the line, triage (include, dismiss, resolve, reopen), threads, and inline rework comments. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';
import { findingState, isUnsettled } from '../../core/findingState';
import type { Finding, Run } from '../../core/model';
import type { Command } from '../commandManager';
import { type FindingComment, runForFile } from '../reworkComments';
import { readRunArg } from '../runArgs';
import type { Services } from './services';

/** The run and finding named by `{ runId, findingId }` (or a tree node). */
async function findingOf(services: Services, arg: unknown): Promise<{ run: Run; finding: Finding }> {
  const { runId, findingId } = readRunArg(arg);
  if (!runId || !findingId) throw new ReviseError('bad-input', vscode.l10n.t('Run this from a finding (Runs view, CodeLens or the decision panel).'));
  const run = await services.model.get(runId);
  if (!run) throw new ReviseError('run-not-found', vscode.l10n.t('No run "{0}" in this repository.', runId));
  const finding = run.findings.find((f) => f.id === findingId);
  if (!finding) throw new ReviseError('finding-not-found', vscode.l10n.t('Run {0} has no finding {1}.', runId, findingId));
  return { run, finding };
}

/** Open a finding's worktree file at its line (where the language server shows it now, if it moved). */
export class OpenFindingCommand implements Command {
  readonly id = 'revise.openFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<vscode.TextEditor | undefined> {
    const { run, finding } = await findingOf(this.services, arg);
    if (!finding.file) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no location in the code: {1}', finding.id, finding.message));
      return undefined;
    }
    const moved = (await this.services.lsp.ranges(run.id).catch(() => [])).find((r) => r.findingId === finding.id);
    const line = (moved?.line ?? finding.line ?? 1) - 1;
    const endLine = (moved?.endLine ?? finding.endLine ?? finding.line ?? 1) - 1;
    const uri = vscode.Uri.file(path.join(run.worktree, finding.file));
    const selection = new vscode.Range(line, 0, endLine, 0);
    return vscode.window.showTextDocument(uri, { selection, preview: true });
  }
}

/** CodeLens *Rework…*: include the finding, ask what to change, and add that as feedback. */
export class ReworkFindingCommand implements Command {
  readonly id = 'revise.reworkFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<void> {
    const { run, finding } = await findingOf(this.services, arg);
    const engine = await this.services.model.engine();
    if (!isUnsettled(findingState(finding).kind) || findingState(finding).kind === 'claimed') await engine.reopenFinding(run.id, finding.id);
    if (!finding.include) await engine.setFindingIncluded(run.id, finding.id, true);
    this.services.panels.open(run.id);
  }
}

/** CodeLens *Dismiss…*: dismiss with a reason. */
export class DismissFindingCommand implements Command {
  readonly id = 'revise.dismissFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: { reason?: string }): Promise<Run | undefined> {
    const { run, finding } = await findingOf(this.services, arg);
    const reason = arg?.reason ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Dismiss {0}', finding.id), prompt: vscode.l10n.t('Why is this not worth changing? (kept with the run and shown to the reviewer)'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A reason is required.')), ignoreFocusOut: true }));
    if (!reason) return undefined;
    return (await this.services.model.engine()).setFindingStatus(run.id, finding.id, 'dismissed', reason);
  }
}

/** Quick fix *Add to next round*. */
export class IncludeFindingCommand implements Command {
  readonly id = 'revise.includeFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run> {
    const { run, finding } = await findingOf(this.services, arg);
    return (await this.services.model.engine()).setFindingIncluded(run.id, finding.id, true);
  }
}

/** Leave a finding out of the next round. */
export class ExcludeFindingCommand implements Command {
  readonly id = 'revise.excludeFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run> {
    const { run, finding } = await findingOf(this.services, arg);
    return (await this.services.model.engine()).setFindingIncluded(run.id, finding.id, false);
  }
}

/** Quick fix *Mark resolved*. */
export class ResolveFindingCommand implements Command {
  readonly id = 'revise.resolveFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run> {
    const { run, finding } = await findingOf(this.services, arg);
    return (await this.services.model.engine()).setFindingStatus(run.id, finding.id, 'resolved');
  }
}

/** Reopen a claimed, verified, dismissed or resolved finding: it is still present and goes into the next round. */
export class ReopenFindingCommand implements Command {
  readonly id = 'revise.reopenFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run> {
    const { run, finding } = await findingOf(this.services, arg);
    return (await this.services.model.engine()).reopenFinding(run.id, finding.id);
  }
}

/** CodeLens and panel *Accept fix*: the agent's claim holds (a disagreement or deferral is dismissed with its reason). */
export class AcceptFindingCommand implements Command {
  readonly id = 'revise.acceptFinding';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run> {
    const { run, finding } = await findingOf(this.services, arg);
    return (await this.services.model.engine()).acceptFinding(run.id, finding.id);
  }
}

/** CodeLens *Open thread*: a GitHub review thread as a read-only comment thread. */
export class OpenThreadCommand implements Command {
  readonly id = 'revise.openThread';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<vscode.CommentThread | undefined> {
    const { run, finding } = await findingOf(this.services, arg);
    await vscode.commands.executeCommand('revise.openFinding', { runId: run.id, findingId: finding.id });
    return this.services.comments.showThread(run, finding);
  }
}

/** Add an inline rework comment `C<n>` on `file` lines of `run`. */
async function addReworkComment(services: Services, run: Run, file: string, range: vscode.Range, text: string): Promise<Finding> {
  const engine = await services.model.engine();
  const { finding } = await engine.addFinding(run.id, { file, line: range.start.line + 1, endLine: range.end.line + 1, severity: 'non-blocking', message: text, kind: 'inline' });
  return finding;
}

/** Revise: Request Rework Here… — the editor selection becomes an inline rework comment. */
export class RequestReworkHereCommand implements Command {
  readonly id = 'revise.requestReworkHere';
  constructor(private readonly services: Services) {}
  async execute(arg?: { text?: string }): Promise<Finding | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new ReviseError('bad-input', vscode.l10n.t('Select the code to rework in an editor first.'));
    await this.services.model.ensureLoaded();
    const target = runForFile(this.services.model.snapshot().runs, editor.document.uri);
    if (!target) throw new ReviseError('bad-input', vscode.l10n.t('This file is not in the worktree of an open run. Open the file from the Runs view, or start a run first.'));
    const text = arg?.text ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Request rework in {0}', target.file), prompt: vscode.l10n.t('What should the agent change here? It becomes a finding of the next round.'), ignoreFocusOut: true }));
    if (!text?.trim()) return undefined;
    const selection = editor.selection;
    const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
    return addReworkComment(this.services, target.run, target.file, new vscode.Range(selection.start.line, 0, end, 0), text);
  }
}

/** The comment widget's *Request Rework* button on a new thread. */
export class CreateReworkCommentCommand implements Command {
  readonly id = 'revise.createReworkComment';
  constructor(private readonly services: Services) {}
  async execute(reply: vscode.CommentReply): Promise<Finding | undefined> {
    const target = runForFile(this.services.model.snapshot().runs, reply.thread.uri);
    if (!target || !reply.text.trim()) return undefined;
    const range = reply.thread.range ?? new vscode.Range(0, 0, 0, 0);
    const finding = await addReworkComment(this.services, target.run, target.file, range, reply.text);
    reply.thread.dispose(); // the controller redraws it as the finding's own thread
    return finding;
  }
}

/** Start editing an inline rework comment. */
export class EditReworkCommentCommand implements Command {
  readonly id = 'revise.editReworkComment';
  execute(comment: FindingComment): void {
    if (!comment.thread) return;
    comment.mode = vscode.CommentMode.Editing;
    comment.thread.comments = [...comment.thread.comments];
  }
}

/** Save an edited inline rework comment. */
export class SaveReworkCommentCommand implements Command {
  readonly id = 'revise.saveReworkComment';
  constructor(private readonly services: Services) {}
  async execute(comment: FindingComment): Promise<void> {
    const text = typeof comment.body === 'string' ? comment.body : comment.body.value;
    await (await this.services.model.engine()).editInlineFinding(comment.runId, comment.findingId, text);
  }
}

/** Remove an inline rework comment that no round has used yet. */
export class RemoveReworkCommentCommand implements Command {
  readonly id = 'revise.removeReworkComment';
  constructor(private readonly services: Services) {}
  async execute(arg: unknown): Promise<void> {
    // From a comment's title bar (the comment), a thread, or a tree item / link ({ runId, findingId }).
    const first: unknown = arg instanceof Object && 'comments' in arg && Array.isArray(arg.comments) ? arg.comments[0] : arg;
    const { runId, findingId } = readRunArg(first);
    if (!runId || !findingId) return;
    await (await this.services.model.engine()).editInlineFinding(runId, findingId, null);
  }
}
