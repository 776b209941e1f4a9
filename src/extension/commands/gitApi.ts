/**
 * The few calls of the built-in Git extension's API used to show round diffs (file contents at a
 * commit through its `git:` URIs). Revise's engine has no diff API for the editor yet.
 */
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';

interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
}
interface GitRepository {
  diffBetween(ref1: string, ref2: string): Promise<GitChange[]>;
}
interface GitApi {
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Open the multi-file diff of `worktree` between two commits. */
export async function openChanges(title: string, worktree: string, from: string, to: string): Promise<number> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  const exports = extension ? await extension.activate() : undefined;
  if (!exports?.enabled) {
    throw new ReviseError('git-failed', vscode.l10n.t('Showing a round diff needs the built-in Git extension; enable it (setting "git.enabled").'));
  }
  const api = exports.getAPI(1);
  const root = vscode.Uri.file(worktree);
  const repository = api.getRepository(root) ?? (await api.openRepository(root));
  if (!repository) throw new ReviseError('git-failed', vscode.l10n.t('Git did not open the worktree {0}.', worktree));
  const changes = await repository.diffBetween(from, to);
  const resources = changes.map((c) => [c.uri, api.toGitUri(c.originalUri, from), api.toGitUri(c.uri, to)] as const);
  await vscode.commands.executeCommand('vscode.changes', title, resources);
  return resources.length;
}
