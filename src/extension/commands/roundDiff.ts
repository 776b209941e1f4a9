/**
 * The multi-file diff between two commits of a run, built from `revise-commit:` documents: one entry
 * per changed file, old content on the left, new on the right. Uses `vscode.changes`, or one
 * `vscode.diff` per file where that command does not exist.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../core/model';
import { commitUri } from '../commitContent';

/** One file of a round diff: its label (the worktree file) and both sides. */
export interface DiffResource {
  readonly file: string;
  readonly label: vscode.Uri;
  readonly original: vscode.Uri;
  readonly modified: vscode.Uri;
}

/** The diff entries of `files` (repository-relative) of `run` between `from` and `to`. */
export function diffResources(run: Run, from: string, to: string, files: readonly string[]): DiffResource[] {
  return files.map((file) => ({
    file,
    label: vscode.Uri.file(path.join(run.worktree, ...file.split('/'))),
    original: commitUri({ runId: run.id, commit: from, path: file }),
    modified: commitUri({ runId: run.id, commit: to, path: file }),
  }));
}

/** Open the diff of `resources` under `title`; resolves with the entries opened. */
export async function openDiff(title: string, resources: readonly DiffResource[]): Promise<readonly DiffResource[]> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('vscode.changes')) {
    await vscode.commands.executeCommand('vscode.changes', title, resources.map((r) => [r.label, r.original, r.modified]));
    return resources;
  }
  for (const r of resources) {
    await vscode.commands.executeCommand('vscode.diff', r.original, r.modified, `${r.file} (${title})`, { preview: false });
  }
  return resources;
}
