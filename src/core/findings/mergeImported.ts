/**
 * Merge imported drafts into a run's findings. Idempotent: a draft whose `source.externalId` is
 * already in the run updates that finding's text and severity (its id, status and anchor stay);
 * anything new gets an id — the review's own (`B1`, `N3`) when it is free, else the next
 * `B<n>` / `N<n>` / `M<n>` by severity (or with the import's own prefix, `G<n>` for review threads).
 *
 * A producer in `scopes` (a SARIF run of that tool) has just scanned the worktree, so its report
 * is current and complete:
 * - its findings take their new place (`moved`), also when the key changed with the lines: a draft
 *   with no exact match takes over an unmatched finding of the same tool, file, title and message
 *   (the one whose anchored text matches, else the nearest line) instead of duplicating it;
 * - its findings it no longer reports get `goneSince` (likely fixed; status unchanged), and lose it
 *   when reported again;
 * - a finding the agent claimed fixed that it still reports gets that evidence (`verification`).
 * Other imports (a markdown review written against an older commit) never move a finding, since a
 * round may have moved it since.
 */
import type { Finding } from '../model';
import { nextFindingId } from './findingIds';
import { severityPrefix } from './severity';
import type { FindingDraft, ImportScope } from './types';

export interface MergeOptions {
  /** ISO timestamp for `createdAt` and `goneSince`. */
  now: string;
  /** Recorded as `source.origin` when the draft has none. */
  origin?: string;
  /** Producers whose import is a complete, current report (see the module comment). */
  scopes?: readonly ImportScope[];
  /** New findings are numbered `<idPrefix><n>` (`G` for review threads) instead of by severity. */
  idPrefix?: string;
}

export interface MergeResult {
  findings: Finding[];
  /** Ids of findings that were added. */
  added: string[];
  /** Ids of existing findings whose text or severity changed, or that are reported again after being gone. */
  updated: string[];
  /** Ids of existing findings that a scan reported at another place. */
  moved: string[];
  /** Ids of findings that a scan of their tool no longer reports. */
  gone: string[];
  /** Drafts that repeated another of the same import (same key), merged into it. */
  repeated: number;
}

const idPattern = /^[A-Z][A-Za-z]*\d+$/;

/**
 * Values by a finding's source kind and a second key (external id, author): a map per kind rather
 * than one joined string per finding, which a 100,000-result import would build, copy and hash twice.
 */
class ByKind<T> {
  private readonly maps = new Map<string, Map<string, T>>();

  get(kind: string, key: string): T | undefined {
    return this.maps.get(kind)?.get(key);
  }

  set(kind: string, key: string, value: T): void {
    let map = this.maps.get(kind);
    if (!map) this.maps.set(kind, (map = new Map<string, T>()));
    map.set(key, value);
  }
}
/** What stays the same when a scanned finding moves: tool, file, title, message. */
const looseKey = (f: Pick<Finding, 'file' | 'title' | 'message' | 'source'>): string => `${f.source.kind}\u0000${f.source.author ?? ''}\u0000${f.file ?? ''}\u0000${f.title}\u0000${f.message}`;

/** Merge `drafts` into `existing` (neither is modified); see the module comment. */
export function mergeImported(existing: readonly Finding[], drafts: readonly FindingDraft[], opts: MergeOptions): MergeResult {
  // The existing findings themselves: a finding that changes is replaced by a new object, never changed in place.
  const findings = existing.slice();
  const scoped = new ByKind<true>();
  for (const s of opts.scopes ?? []) scoped.set(s.kind, s.author ?? '', true);
  const inScope = (f: Pick<Finding, 'source'>): boolean => scoped.get(f.source.kind, f.source.author ?? '') === true;
  const byExternal = new ByKind<number>();
  findings.forEach((f, i) => {
    if (f.source.externalId) byExternal.set(f.source.kind, f.source.externalId, i);
  });
  const result: MergeResult = { findings, added: [], updated: [], moved: [], gone: [], repeated: 0 };
  // Sets, not array scans: a re-import of 50,000 changed findings must stay linear.
  const updatedIds = new Set<string>();
  const matched = new Set<number>();
  const seenKeys = new ByKind<true>();
  const unmatched: FindingDraft[] = [];

  for (const draft of drafts) {
    const { kind, externalId } = draft.source;
    if (externalId) {
      if (seenKeys.get(kind, externalId)) {
        result.repeated++;
        continue;
      }
      seenKeys.set(kind, externalId, true);
    }
    const index = externalId ? byExternal.get(kind, externalId) : undefined;
    if (index === undefined) unmatched.push(draft);
    else {
      matched.add(index);
      apply(index, draft);
    }
  }

  // Scanned findings whose key changed with their place: take over the unmatched finding with the same text.
  const candidates = new Map<string, number[]>();
  findings.forEach((f, i) => {
    if (!matched.has(i) && inScope(f)) candidates.set(looseKey(f), [...(candidates.get(looseKey(f)) ?? []), i]);
  });
  const fresh: FindingDraft[] = [];
  for (const draft of unmatched) {
    const index = candidates.size > 0 && inScope(draft) ? takeNearest(candidates.get(looseKey(draft)), draft, findings) : undefined;
    if (index === undefined) fresh.push(draft);
    else {
      matched.add(index);
      findings[index] = { ...findings[index]!, source: { ...findings[index]!.source, externalId: draft.source.externalId } };
      apply(index, draft);
    }
  }

  addFresh(findings, fresh, opts, result.added);

  if ((opts.scopes ?? []).length > 0) {
    findings.forEach((f, i) => {
      if (i < existing.length && !matched.has(i) && inScope(f) && f.goneSince === undefined) {
        findings[i] = { ...f, goneSince: opts.now };
        result.gone.push(f.id);
      }
    });
  }
  return result;

  function apply(index: number, draft: FindingDraft): void {
    const target = findings[index]!;
    let next = target;
    if (target.title !== draft.title || target.message !== draft.message || target.severity !== draft.severity || target.goneSince !== undefined) {
      const { goneSince: _gone, ...rest } = target;
      next = { ...rest, title: draft.title, message: draft.message, severity: draft.severity };
      if (!updatedIds.has(target.id)) {
        updatedIds.add(target.id);
        result.updated.push(target.id);
      }
    }
    if (inScope(draft)) next = stillReported(next, opts.now);
    if (inScope(draft) && placeDiffers(target, draft)) {
      next = moveTo(next, draft);
      result.moved.push(target.id);
    }
    findings[index] = next;
  }
}

/**
 * A scan that still reports a finding the agent claimed fixed is evidence against the claim
 * (src/core/findingState.ts: still present), unless that claim was already checked.
 */
function stillReported(f: Finding, now: string): Finding {
  const d = f.disposition;
  if (d?.kind !== 'fixed' || (f.verification?.round !== undefined && f.verification.round >= d.round)) return f;
  const tool = f.source.author ?? f.source.kind;
  return { ...f, verification: { outcome: 'still-present', by: 'rescan', at: now, round: d.round, evidence: `${tool} still reports it after the fix claimed in round ${d.round}` } };
}

/** The candidate whose anchored text is the draft's, else the one nearest its line; removed from the list. */
function takeNearest(list: number[] | undefined, draft: FindingDraft, findings: readonly Finding[]): number | undefined {
  if (!list || list.length === 0) return undefined;
  let best = 0;
  let bestScore = Infinity;
  list.forEach((index, j) => {
    const f = findings[index]!;
    const sameText = draft.anchor !== undefined && f.anchor !== undefined && draft.anchor.text === f.anchor.text;
    const score = (sameText ? 0 : 1e9) + Math.abs((f.line ?? 0) - (draft.line ?? 0));
    if (score < bestScore) [best, bestScore] = [j, score];
  });
  return list.splice(best, 1)[0];
}

const placeFields = ['file', 'line', 'endLine', 'column', 'endColumn'] as const;

function placeDiffers(f: Finding, d: FindingDraft): boolean {
  return placeFields.some((k) => f[k] !== d[k]);
}

/** The finding at the draft's place (file, lines, columns, anchor), nothing else changed. */
function moveTo(f: Finding, d: FindingDraft): Finding {
  const { file: _f, line: _l, endLine: _e, column: _c, endColumn: _ec, anchor: _a, ...rest } = f;
  return {
    ...rest,
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
    ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
    ...(d.anchor !== undefined ? { anchor: d.anchor } : {}),
  };
}

function addFresh(findings: Finding[], fresh: readonly FindingDraft[], opts: MergeOptions, added: string[]): void {
  const taken = new Set(findings.map((f) => f.id));
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
    // A numbered id is not added to `taken`: its prefix's counter only counts up, past every id taken.
    const id = keep.has(draft) ? draft.suggestedId! : nextId(opts.idPrefix ?? severityPrefix[draft.severity], taken, counters);
    const source = Object.assign({}, draft.source);
    const origin = draft.source.origin ?? opts.origin;
    if (origin) source.origin = origin;
    findings.push(newFinding(draft, { id, source, status: 'open', include: true, createdAt: opts.now }));
    added.push(id);
  }
}

/**
 * A new finding from a draft (without `suggestedId` and `offset`), its keys in the schema's order:
 * the store keeps a validated finding that is already in the form it would write instead of a copy.
 * One named assignment per field: ~5× cheaper than a loop over key names at 100,000 findings.
 */
function newFinding(d: FindingDraft, run: Pick<Finding, 'id' | 'source' | 'status' | 'include' | 'createdAt'>): Finding {
  const f: Finding = { id: run.id, severity: d.severity, title: d.title, message: d.message } as Finding;
  if (d.file !== undefined) f.file = d.file;
  if (d.line !== undefined) f.line = d.line;
  if (d.endLine !== undefined) f.endLine = d.endLine;
  if (d.column !== undefined) f.column = d.column;
  if (d.endColumn !== undefined) f.endColumn = d.endColumn;
  if (d.anchor !== undefined) f.anchor = d.anchor;
  f.source = run.source;
  f.status = run.status;
  if (d.reason !== undefined) f.reason = d.reason;
  f.include = run.include;
  if (d.disposition !== undefined) f.disposition = d.disposition;
  if (d.touchedInRound !== undefined) f.touchedInRound = d.touchedInRound;
  if (d.sentInRound !== undefined) f.sentInRound = d.sentInRound;
  if (d.warnings !== undefined) f.warnings = d.warnings;
  f.createdAt = run.createdAt;
  return f;
}

/** One past the highest number in use with this prefix (ids are never reused for a new finding). */
function nextId(prefix: string, taken: ReadonlySet<string>, counters: Map<string, number>): string {
  // The scan runs once per prefix and import; later ids of the same prefix count on from it.
  let n = counters.get(prefix) ?? Number(nextFindingId(taken, prefix).slice(prefix.length));
  while (taken.has(`${prefix}${n}`)) n++;
  counters.set(prefix, n + 1);
  return `${prefix}${n}`;
}
