/**
 * Read-only documents of a run's files at a commit (`revise-commit:` URIs), read through the engine.
 * Round diffs are built from these, so they need neither the built-in Git extension nor a checkout.
 */
import * as vscode from 'vscode';
import type { RunsModel } from './runsModel';

/** The URI scheme of a file at a commit of a run. */
export const COMMIT_SCHEME = 'revise-commit';

/** What a `revise-commit:` URI names. */
export interface CommitFile {
  runId: string;
  commit: string;
  /** Repository-relative path with `/` separators. */
  path: string;
}

/**
 * The URI of `path` at `commit` of `runId`. The path stays the URI path, so the editor picks the
 * language and the label from it; run and commit travel in the query.
 */
export function commitUri({ runId, commit, path }: CommitFile): vscode.Uri {
  const query = new URLSearchParams({ run: runId, commit }).toString();
  return vscode.Uri.from({ scheme: COMMIT_SCHEME, path: `/${path}`, query });
}

/** The run, commit and path of a `revise-commit:` URI, or undefined when it is not one. */
export function parseCommitUri(uri: vscode.Uri): CommitFile | undefined {
  if (uri.scheme !== COMMIT_SCHEME) return undefined;
  const query = new URLSearchParams(uri.query);
  const runId = query.get('run');
  const commit = query.get('commit');
  if (!runId || !commit) return undefined;
  return { runId, commit, path: uri.path.replace(/^\//, '') };
}

/** Serves `revise-commit:` documents; a file that did not exist at the commit reads as empty. */
export class CommitContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly model: RunsModel) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = parseCommitUri(uri);
    if (!file) throw new Error(vscode.l10n.t('{0} does not name a file at a commit of a run.', uri.toString()));
    const engine = await this.model.engine();
    return (await engine.fileAtCommit(file.runId, file.commit, file.path)) ?? '';
  }
}
