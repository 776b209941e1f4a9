/** The human form of `revise findings import`: what the import did, in a few lines. */
import type { ImportSummary } from '../engine';

const LISTED_IDS = 12;

function ids(list: readonly string[]): string {
  const shown = list.slice(0, LISTED_IDS).join(' ');
  return list.length > LISTED_IDS ? `${shown} … (+${list.length - LISTED_IDS})` : shown;
}

/** Whether a result document is an import summary. */
export function isImportSummary(doc: Record<string, unknown>): boolean {
  return Array.isArray(doc.added) && Array.isArray(doc.moved) && Array.isArray(doc.gone) && typeof doc.total === 'number';
}

/** `imported review.sarif (sarif) into run-1: 3 added, 1 moved, 2 gone …`, then the ids and warnings. */
export function importSummaryLines(s: ImportSummary): string[] {
  const skipped = s.skipped;
  const skips = [
    skipped.suppressed ? `${skipped.suppressed} suppressed` : '',
    skipped.absent ? `${skipped.absent} absent from the baseline` : '',
    skipped.notFindings ? `${skipped.notFindings} not problems (pass, informational…)` : '',
    skipped.repeated ? `${skipped.repeated} repeated` : '',
  ].filter(Boolean);
  const counts = `${s.added.length} added, ${s.updated.length} updated, ${s.moved.length} moved, ${s.gone.length} gone`;
  const out = [`imported ${s.file ? `${s.file} (${s.format}) ` : ''}into ${s.runId}: ${counts}; ${s.total} finding(s) in the run`];
  if (skips.length) out.push(`not imported: ${skips.join(', ')}`);
  for (const [label, list] of [['added', s.added], ['updated', s.updated], ['moved', s.moved], ['gone (no longer reported: likely fixed)', s.gone]] as const) {
    if (list.length) out.push(`  ${label}: ${ids(list)}`);
  }
  if (s.warningCount) {
    out.push(`${s.warningCount} warning(s)${s.warningCount > s.warnings.length ? `, the first ${s.warnings.length}` : ''}:`);
    for (const w of s.warnings) out.push(`  ${w.id ? `${w.id}: ` : ''}${w.warning}`);
  }
  return out;
}
