/**
 * How reviewers' words for severity map onto Revise's three severities.
 *
 * | words (case-insensitive)                                                      | severity       |
 * |-------------------------------------------------------------------------------|----------------|
 * | blocking, blocker, critical, error, high, must, must-fix, security            | `blocking`     |
 * | non-blocking, nonblocking, major, minor, warning, warn, medium, should, issue | `non-blocking` |
 * | nit, nits, nitpick, note, style, info, low, suggestion, optional, hint        | `nit`          |
 *
 * SARIF `level` uses the same table (`error` → blocking, `warning` → non-blocking, `note` → nit;
 * `none` → nit as well, see sarif.ts).
 */
import type { Severity } from '../model';

const table: Record<string, Severity> = {};
for (const word of ['blocking', 'blocker', 'blockers', 'critical', 'error', 'errors', 'high', 'must', 'must-fix', 'security']) table[word] = 'blocking';
for (const word of ['non-blocking', 'nonblocking', 'non blocking', 'major', 'minor', 'warning', 'warnings', 'warn', 'medium', 'should', 'issue', 'issues']) {
  table[word] = 'non-blocking';
}
for (const word of ['nit', 'nits', 'nitpick', 'nitpicks', 'note', 'notes', 'style', 'info', 'low', 'suggestion', 'suggestions', 'optional', 'hint']) table[word] = 'nit';

/** The severity a reviewer's word stands for, or `undefined` when it is not a severity word. */
export function mapSeverity(word: string): Severity | undefined {
  return table[word.trim().toLowerCase().replace(/[_\s]+/g, ' ').replace(/^non blocking$/, 'non-blocking')];
}

/** The id prefix Revise assigns per severity: `B` blocking, `N` non-blocking, `M` nit (minor). */
export const severityPrefix: Record<Severity, string> = { blocking: 'B', 'non-blocking': 'N', nit: 'M' };

/** The severity an id prefix implies when a review gives ids but no section (`B1` → blocking). */
export function severityFromId(id: string): Severity | undefined {
  const byPrefix: Record<string, Severity> = { B: 'blocking', N: 'non-blocking', M: 'nit' };
  return byPrefix[id.charAt(0)];
}
