/**
 * The lifecycle of a finding, derived in one place for every front end (panel, tree, Problems and
 * CodeLens, status bar, CLI):
 *
 *   open → claimed (the agent's disposition: fixed / disagree / deferred, with its round)
 *        → verified (its tool's re-scan no longer reports it, or the user accepted the claim)
 *          or still-present (the re-scan still reports it after the claim, or the user reopened it)
 *        → resolved / dismissed (with a reason).
 *
 * Only `status` is stored as a state; the rest is derived from `disposition`, `goneSince` and
 * `verification`, so run.json never holds two answers that disagree. A newer claim (a later round's
 * disposition) supersedes an older check; a re-scan newer than the user's reopen counts again.
 * Zod-free (types only), so the extension's entry bundle and the server can use it.
 */
import type { DispositionKind, Finding } from './model';

export type FindingStateKind = 'open' | 'claimed' | 'verified' | 'still-present' | 'resolved' | 'dismissed';

export interface FindingState {
  kind: FindingStateKind;
  /** The agent's claim the state is about (claimed, verified, still-present). */
  claim?: { kind: DispositionKind; round: number; note?: string | undefined } | undefined;
  /** Who verified it or found it still present. */
  by?: 'user' | 'rescan' | undefined;
  /** ISO time of the verification or of the evidence. */
  since?: string | undefined;
  /** Why it is still present, or why it was dismissed. */
  evidence?: string | undefined;
}

type StateInput = Pick<Finding, 'status' | 'disposition' | 'goneSince' | 'verification' | 'reason'>;

/** The state of one finding (see the module comment). */
export function findingState(f: StateInput): FindingState {
  if (f.status === 'dismissed') return { kind: 'dismissed', evidence: f.reason };
  if (f.status === 'resolved') return { kind: 'resolved' };
  const d = f.disposition;
  const claim = d ? { kind: d.kind, round: d.round, ...(d.note ? { note: d.note } : {}) } : undefined;
  const v = f.verification;
  // A check answers the claim of its round; the agent's newer claim in a later round supersedes it.
  const check = v && (v.round === undefined || d === undefined || v.round >= d.round) ? v : undefined;
  if (check?.outcome === 'accepted') return { kind: 'verified', claim, by: check.by, since: check.at };
  const reopenedAfterScan = check?.outcome === 'still-present' && f.goneSince !== undefined && check.at >= f.goneSince;
  if (f.goneSince !== undefined && !reopenedAfterScan) return { kind: 'verified', claim, by: 'rescan', since: f.goneSince };
  if (check?.outcome === 'still-present') return { kind: 'still-present', claim, by: check.by, since: check.at, evidence: check.evidence };
  if (claim) return { kind: 'claimed', claim };
  return { kind: 'open' };
}

/** States that still ask for work or a judgement: they count as open and block an approve. */
export function isUnsettled(kind: FindingStateKind): boolean {
  return kind === 'open' || kind === 'claimed' || kind === 'still-present';
}

export type FindingStateCounts = Record<FindingStateKind, number>;

export function countFindingStates(findings: readonly StateInput[]): FindingStateCounts {
  const counts: FindingStateCounts = { open: 0, claimed: 0, verified: 0, 'still-present': 0, resolved: 0, dismissed: 0 };
  for (const f of findings) counts[findingState(f).kind]++;
  return counts;
}

/** `2 open, 1 claimed, 3 verified`: the non-zero counts, open first; `none` when there are no findings. */
export function describeCounts(counts: FindingStateCounts, words: Record<FindingStateKind, string> = STATE_WORDS): string {
  const order: FindingStateKind[] = ['open', 'still-present', 'claimed', 'verified', 'resolved', 'dismissed'];
  const parts = order.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${words[k]}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** English words for each state (the CLI, the server; the extension translates its own). */
export const STATE_WORDS: Record<FindingStateKind, string> = {
  open: 'open',
  claimed: 'claimed',
  verified: 'verified',
  'still-present': 'still present',
  resolved: 'resolved',
  dismissed: 'dismissed',
};

/** One line for a state: `claimed fixed (round 1)`, `verified (no longer reported)`, `still present: semgrep still reports it`. */
export function describeState(s: FindingState, words: Record<FindingStateKind, string> = STATE_WORDS): string {
  const claim = s.claim ? ` ${s.claim.kind} (round ${s.claim.round})` : '';
  switch (s.kind) {
    case 'claimed':
      return `${words.claimed}${claim}`;
    case 'verified':
      return `${words.verified}${s.by === 'user' ? ' (accepted)' : ' (no longer reported)'}`;
    case 'still-present':
      return `${words['still-present']}${s.evidence ? `: ${s.evidence}` : ''}`;
    case 'dismissed':
      return `${words.dismissed}${s.evidence ? `: ${s.evidence}` : ''}`;
    case 'open':
    case 'resolved':
      return words[s.kind];
  }
}
