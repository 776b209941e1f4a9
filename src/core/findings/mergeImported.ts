/**
 * Merge imported drafts into a run's findings. Idempotent: a draft whose `source.externalId` is
 * already in the run updates that finding's text and severity (its id, status, location and anchor
 * stay as they are, since a round may have moved them); anything new gets an id — the review's own
 * (`B1`, `N3`) when it is free, else the next `B<n>` / `N<n>` / `M<n>` by severity.
 */
import type { Finding } from '../model';
import { nextFindingId } from './findingIds';
import { severityPrefix } from './severity';
import type { FindingDraft } from './types';

export interface MergeOptions {
  /** ISO timestamp for `createdAt`. */
  now: string;
  /** Recorded as `source.origin` when the draft has none. */
  origin?: string;
}

export interface MergeResult {
  findings: Finding[];
  /** Ids of findings that were added. */
  added: string[];
  /** Ids of existing findings whose text or severity changed. */
  updated: string[];
}

const idPattern = /^[A-Z][A-Za-z]*\d+$/;

/** Merge `drafts` into `existing` (neither is modified); see the module comment. */
export function mergeImported(existing: readonly Finding[], drafts: readonly FindingDraft[], opts: MergeOptions): MergeResult {
  const findings = existing.map((f) => ({ ...f }));
  const byExternal = new Map<string, number>();
  findings.forEach((f, i) => {
    if (f.source.externalId) byExternal.set(`${f.source.kind}\u0000${f.source.externalId}`, i);
  });
  const taken = new Set(findings.map((f) => f.id));
  const added: string[] = [];
  const updated: string[] = [];
  const updatedIds = new Set<string>();

  const fresh: FindingDraft[] = [];
  for (const draft of drafts) {
    const key = draft.source.externalId ? `${draft.source.kind}\u0000${draft.source.externalId}` : undefined;
    const index = key === undefined ? undefined : byExternal.get(key);
    // -1: the same item appeared earlier in this import; one finding is enough.
    if (index === -1) continue;
    if (index !== undefined) {
      const target = findings[index]!;
      if (target.title !== draft.title || target.message !== draft.message || target.severity !== draft.severity) {
        findings[index] = { ...target, title: draft.title, message: draft.message, severity: draft.severity };
        // Sets, not array scans: a re-import of 50,000 changed findings must stay linear.
        if (!updatedIds.has(target.id)) {
          updatedIds.add(target.id);
          updated.push(target.id);
        }
      }
      continue;
    }
    if (key !== undefined) byExternal.set(key, -1);
    fresh.push(draft);
  }

  // Reserve the review's own ids first, so an assigned id never takes one a later item asked for.
  const keep = new Set<FindingDraft>();
  for (const draft of fresh) {
    if (draft.suggestedId && idPattern.test(draft.suggestedId) && !taken.has(draft.suggestedId)) {
      taken.add(draft.suggestedId);
      keep.add(draft);
    }
  }
  const counters = new Map<string, number>();
  for (const draft of fresh) {
    const id = keep.has(draft) ? draft.suggestedId! : nextId(severityPrefix[draft.severity], taken, counters);
    taken.add(id);
    const { suggestedId: _suggested, ...rest } = draft;
    const finding: Finding = {
      ...rest,
      id,
      source: { ...draft.source, ...(draft.source.origin ?? opts.origin ? { origin: draft.source.origin ?? opts.origin } : {}) },
      status: 'open',
      include: true,
      createdAt: opts.now,
    };
    const index = findings.push(finding) - 1;
    if (draft.source.externalId) byExternal.set(`${draft.source.kind}\u0000${draft.source.externalId}`, index);
    added.push(id);
  }
  return { findings, added, updated };
}

/** One past the highest number in use with this prefix (ids are never reused for a new finding). */
function nextId(prefix: string, taken: ReadonlySet<string>, counters: Map<string, number>): string {
  // The scan runs once per prefix and import; later ids of the same prefix count on from it.
  let n = counters.get(prefix) ?? Number(nextFindingId(taken, prefix).slice(prefix.length));
  while (taken.has(`${prefix}${n}`)) n++;
  counters.set(prefix, n + 1);
  return `${prefix}${n}`;
}
