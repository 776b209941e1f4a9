/**
 * The findings the server shows, indexed by absolute file path, so an edit or a publish touches
 * only one file's findings. Only open findings with a file are indexed: resolved and dismissed
 * findings are not shown at all (see render.ts for why).
 */
import { join } from 'node:path';
import type { AnchorMethod } from '../core/findings';
import { findingState, isUnsettled } from '../core/findingState';
import type { Finding } from '../core/model';
import { sameJson } from '../core/sameJson';
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

  /**
   * Replace everything shown for `root`; returns every path whose findings changed. A file whose
   * findings arrive unchanged (the same findings of the same runs and rounds, in the same order)
   * keeps its entries, with the positions edits and re-anchoring gave them, and is not returned:
   * a SetFindings after a triage of one finding republishes one file, not every file of the run.
   */
  setRoot(root: string, runs: readonly RunFindings[]): Set<string> {
    const before = new Map<string, Entry[]>();
    // The lists as they were: an unchanged file keeps its very list, so a re-anchoring under way
    // for it (which checks that the list is still the one it started from) still lands.
    const lists = new Map<string, Entry[]>();
    for (const path of this.pathsByRoot.get(root) ?? []) {
      const list = this.byPath.get(path) ?? [];
      lists.set(path, list);
      before.set(path, list.filter((e) => e.root === root));
      this.byPath.set(path, list.filter((e) => e.root !== root));
    }
    const incoming = new Map<string, Entry[]>();
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
        const list = incoming.get(path);
        if (list) list.push(entry);
        else incoming.set(path, [entry]);
      }
    }
    const affected = new Set<string>();
    for (const path of before.keys()) if (!incoming.has(path)) affected.add(path);
    for (const [path, entries] of incoming) {
      const kept = before.get(path);
      const same = kept !== undefined && sameEntries(kept, entries);
      if (!same) affected.add(path);
      const others = this.byPath.get(path) ?? [];
      if (same && others.length === 0) this.byPath.set(path, lists.get(path)!);
      else this.byPath.set(path, [...others, ...(same ? kept : entries)]);
    }
    for (const path of affected) if (this.byPath.get(path)?.length === 0) this.byPath.delete(path);
    if (incoming.size) this.pathsByRoot.set(root, new Set(incoming.keys()));
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

/** Whether `kept` shows the same findings as `incoming` (same runs, rounds and findings, in order). */
function sameEntries(kept: readonly Entry[], incoming: readonly Entry[]): boolean {
  return (
    kept.length === incoming.length &&
    kept.every((entry, i) => {
      const other = incoming[i]!;
      return entry.runId === other.runId && entry.round === other.round && sameJson(entry.finding, other.finding);
    })
  );
}
