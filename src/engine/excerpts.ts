/** Short code excerpts of findings, read from the worktree for the prompt. */
import { readFile } from 'node:fs/promises';
import { checkWorktreePath } from '../core/findings';
import type { Finding } from '../core/model';
import { nodeWorktreeFs } from './worktreeFs';

const CONTEXT_LINES = 2;
const MAX_LINES = 20;

/** `line  text` lines around each located finding; findings whose file is unreadable get none. */
export async function readExcerpts(worktree: string, findings: readonly Finding[]): Promise<Map<string, string>> {
  const excerpts = new Map<string, string>();
  const files = new Map<string, Promise<string[] | undefined>>();
  for (const f of findings) {
    if (!f.file || f.line === undefined) continue;
    let lines = files.get(f.file);
    if (!lines) {
      lines = readInside(worktree, f.file);
      files.set(f.file, lines);
    }
    const text = await lines;
    if (!text) continue;
    const start = Math.max(1, f.line - CONTEXT_LINES);
    const end = Math.min(text.length, Math.min((f.endLine ?? f.line) + CONTEXT_LINES, start + MAX_LINES - 1));
    const width = String(end).length;
    const out: string[] = [];
    for (let n = start; n <= end; n++) out.push(`${String(n).padStart(width)}  ${text[n - 1] ?? ''}`);
    if (out.length > 0) excerpts.set(f.id, out.join('\n'));
  }
  return excerpts;
}

/**
 * A finding's file, read only if it is still inside the worktree: a file the agent or a later commit
 * turned into a symlink out of it is not quoted.
 */
export async function readInside(worktree: string, file: string): Promise<string[] | undefined> {
  const checked = await checkWorktreePath(file, nodeWorktreeFs(worktree));
  if (!checked.ok || !checked.exists) return undefined;
  return readFile(checked.full, 'utf8').then(
    (text) => text.split(/\r?\n/),
    () => undefined,
  );
}
