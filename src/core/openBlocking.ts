/**
 * What still stands in the way of an approve: blocking findings that nobody settled. Approving over
 * them is allowed, but never by a slip — the panel makes Request Changes the primary action and asks
 * before approving, and `revise decide … approve` refuses without `--allow-open` (docs/decisions.md).
 * Zod-free (types only), so the extension's entry bundle can use it.
 */
import { findingState, isUnsettled } from './findingState';
import type { Finding, Run } from './model';

/** Blocking findings that are still open: neither resolved nor dismissed, nor verified (a claim alone is not enough). */
export function openBlockingFindings(run: Pick<Run, 'findings'>): Finding[] {
  return run.findings.filter((f) => f.severity === 'blocking' && isUnsettled(findingState(f).kind));
}

/** `B1 (title), B2 (title)` — at most `max` of them, then `and N more`. */
export function listFindings(findings: readonly Finding[], max = 5): string {
  const named = findings.slice(0, max).map((f) => `${f.id} (${f.title})`);
  if (findings.length > max) named.push(`and ${findings.length - max} more`);
  return named.join(', ');
}
