/** Short code excerpts of findings, read from the worktree for the prompt. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../core/model';

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
      lines = readFile(join(worktree, f.file), 'utf8').then(
        (text) => text.split(/\r?\n/),
        () => undefined,
      );
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
