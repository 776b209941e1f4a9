/**
 * The round's findings where they are now in the worktree: each anchored finding placed against its
 * file by the rule the language server uses for the editor (core/findings/placeAnchored.ts), so the
 * prompt, the agent's findings file and the editor name the same line for a finding whose code moved.
 * A finding whose file cannot be read keeps its recorded lines.
 */
import { placeAnchored } from '../core/findings';
import type { Finding } from '../core/model';
import { showFileAtCommit } from '../git';
import { readInside } from './excerpts';

export async function placeFindings(worktree: string, findings: readonly Finding[]): Promise<Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.file || !f.anchor) continue;
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const moved = new Map<Finding, Finding>();
  await Promise.all(
    [...byFile].map(async ([file, anchored]) => {
      const lines = await readInside(worktree, file);
      if (!lines) return;
      const text = lines.join('\n');
      const placed = await placeAnchored(anchored, (f) => f.anchor, () => text, (_, commit) => showFileAtCommit(worktree, commit, file).catch(() => undefined));
      anchored.forEach((f, i) => {
        const at = placed[i];
        if (at && (at.line !== f.line || at.endLine !== (f.endLine ?? f.line))) moved.set(f, { ...f, line: at.line, endLine: at.endLine });
      });
    }),
  );
  return findings.map((f) => moved.get(f) ?? f);
}
