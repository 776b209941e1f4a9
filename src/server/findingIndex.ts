/**
 * The findings the server shows, indexed by absolute file path, so an edit or a publish touches
 * only one file's findings. Only open findings with a file are indexed: resolved and dismissed
 * findings are not shown at all (see render.ts for why).
 */
import { join } from 'node:path';
import type { AnchorMethod } from '../core/findings';
import { findingState, isUnsettled } from '../core/findingState';
import type { Finding } from '../core/model';
import type { RunFindings } from '../shared/protocol';

/** One shown finding and where it currently is. */
export interface Entry {
  runId: string;
  round: number;
  finding: Finding;
  /** Absolute path of the worktree root. */
  root: string;
  /** Absolute path of the file. */
  path: string;
  /** 1-based, inclusive; moved by edits and re-anchoring. */
  line: number;
  endLine: number;
  outdated: boolean;
  /** How the position was found; `stored` = as recorded in the run, not yet checked against the text. */
  method: AnchorMethod | 'stored';
}

export class FindingIndex {
  private readonly byPath = new Map<string, Entry[]>();
  private readonly pathsByRoot = new Map<string, Set<string>>();

  /** Replace everything shown for `root`; returns every path whose findings changed. */
  setRoot(root: string, runs: readonly RunFindings[]): Set<string> {
    const affected = new Set(this.pathsByRoot.get(root) ?? []);
    for (const path of affected) this.byPath.set(path, (this.byPath.get(path) ?? []).filter((e) => e.root !== root));
    const paths = new Set<string>();
    // A file has many findings: join its path once.
    const absolute = new Map<string, string>();
    for (const run of runs) {
      for (const finding of run.findings) {
        if (!isUnsettled(findingState(finding).kind) || finding.file === undefined) continue;
        let path = absolute.get(finding.file);
        if (path === undefined) absolute.set(finding.file, (path = join(root, ...finding.file.split('/'))));
        const line = finding.line ?? finding.anchor?.line ?? 1;
        const endLine = Math.max(line, finding.endLine ?? finding.anchor?.endLine ?? line);
        const entry: Entry = { runId: run.runId, round: run.round, finding, root, path, line, endLine, outdated: false, method: 'stored' };
        const list = this.byPath.get(path);
        if (list) list.push(entry);
        else this.byPath.set(path, [entry]);
        paths.add(path);
        affected.add(path);
      }
    }
    for (const path of affected) if (this.byPath.get(path)?.length === 0) this.byPath.delete(path);
    if (paths.size) this.pathsByRoot.set(root, paths);
    else this.pathsByRoot.delete(root);
    return affected;
  }

  /** The roots currently shown. */
  roots(): string[] {
    return [...this.pathsByRoot.keys()];
  }

  entries(path: string): readonly Entry[] {
    return this.byPath.get(path) ?? [];
  }

  /** Replace one file's entries (after moving them); the list must hold the same findings. */
  replace(path: string, entries: Entry[]): void {
    this.byPath.set(path, entries);
  }

  /** Every entry of a run, across files. */
  byRun(runId: string): Entry[] {
    const out: Entry[] = [];
    for (const list of this.byPath.values()) for (const e of list) if (e.runId === runId) out.push(e);
    return out;
  }
}
