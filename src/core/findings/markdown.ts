/**
 * Markdown reviews as people, reviewer agents and review bots write them (README, *Review formats*):
 *
 * - sections headed *Blocking* / *Non-blocking* / *Nits* / *Critical* / *Suggestions* / *High
 *   priority* … (a heading, a bold line or a bare line; emoji and counts around the word are fine);
 * - items that start with an id (`B1.`, `**N3:**`, `B4 (re-open).`), a bullet or number, a
 *   sub-heading, a bold location (`**src/x.ts:42**`), or a one-line title followed by a paragraph
 *   that begins with a location;
 * - one-line findings in the `[severity/area] message (file:line); suggested fix: …` style;
 * - review bots' bodies: CodeRabbit's outside-diff / duplicate / nitpick `<details>` sections with
 *   one comment per `` `42-45`: `` entry under a file, Copilot's low-confidence comments
 *   (`**path:line**` then `* text`), see reviewStructure.ts.
 *
 * No section heading is needed: outside sections a bullet, numbered item or heading is a finding
 * when it has a location or a severity label. A severity label in the item (`nit:`, `**Blocking.**`,
 * `[blocker]`, `(minor)`, a bot's badge) beats the section's. Locations are read as
 * reviewLocation.ts describes. Text under summary-like headings (Summary, Strengths, Test plan…)
 * is not a finding. A review in which nothing is recognised becomes one file-less finding holding
 * the whole text, so an import never silently loses a review — unless it is a bot's overview that
 * carries no findings (those are inline comments, imported as threads).
 *
 * reviewItems.ts finds the items; this file turns each into a finding draft.
 */
import { normalizeItemText, stableId } from './externalId';
import { readItems, type Item } from './reviewItems';
import { findLocation, withoutTrailingLocation } from './reviewLocation';
import { balanceMarkup, cleanTitle, decorationSeverity, isTagLine, leadingSeverity, markedSeverity } from './reviewWords';
import type { FindingDraft, ParseOptions } from './types';

// What only a bot's overview says of itself; a person mentioning a bot by name is not one.
const botSummary =
  /actionable comments posted: \d+|auto-generated comment by coderabbit|copilot reviewed \d+ out of \d+|^#{1,3} pull request overview|^#{1,3} 💡 codex review|cursor bugbot has reviewed|bugbot_review|greptile summary|<h3>confidence score|cubic analysis|\d+ issues? found across \d+ files?/im;

/** Parse a markdown review into finding drafts (see the module comment for what is recognised). */
export function parseMarkdownReview(text: string, opts: ParseOptions = {}): FindingDraft[] {
  const overview = botSummary.test(text);
  const drafts = readItems(text, overview)
    .map((item) => toDraft(item, opts, overview))
    .filter((d): d is FindingDraft => d !== undefined);
  if (drafts.length === 0 && text.trim() && !overview) return [wholeReview(text, opts)];
  return drafts;
}

/** `inOverview`: a bot's overview, where a loose item needs a severity of its own (its paths describe the change). */
function toDraft(item: Item, opts: ParseOptions, inOverview: boolean): FindingDraft | undefined {
  const kept = trimBlankLines(item.lines);
  if (kept.length === 0) return undefined;
  const titleIndex = Math.max(0, kept.findIndex((l) => l.trim() !== '' && !isTagLine(l) && !/^\s*(?:!\[[^\]\n]{0,200}\]\([^)\s]{0,400}\)|<[^>\n]{1,400}>)\s*$/.test(l)));
  const lead = cleanLead(kept[titleIndex]!).trim() || (kept.slice(titleIndex + 1).find((l) => l.trim()) ?? '');
  const leading = leadingSeverity(lead);
  const afterLabel = leading ? cleanLead(leading.rest).trim() || leading.rest : lead;
  // `**Title** — the explanation …`: the bold words are the title.
  const boldLead = /^\s*(?:\*\*|__)((?:(?!\*\*|__).){3,200})(?:\*\*|__)\s*[—–:,-]?\s*\S/.exec(afterLabel);
  const firstLine = boldLead && !findLocation([boldLead[1]!]).file ? boldLead[1]! : afterLabel;
  const bodyLines = [...kept];
  bodyLines[titleIndex] = balanceMarkup(kept[titleIndex]!);
  // A bot's tag line (`_⚠️ Potential issue_ | _🔴 Critical_`) has given its severity; the text is the rest.
  const body = bodyLines.filter((l) => !isTagLine(l)).join('\n').trim();
  const whole = kept.join('\n');
  const section = item.section === 'any' || item.section === 'skip' ? undefined : item.section;
  const severity = item.severity ?? leading?.severity ?? section ?? decorationSeverity(whole) ?? markedSeverity(whole);
  const location = item.location ?? findLocation(kept);
  const labelled = Boolean(item.severity ?? leading ?? decorationSeverity(whole) ?? markedSeverity(whole));
  if (item.candidate && !labelled && (inOverview || !location.file)) return undefined;
  const title = cleanTitle(withoutTrailingLocation(firstLine.replace(/;\s*suggested fix:.*$/i, ''))).slice(0, 200);
  const message = item.area ? `(${item.area}) ${body}` : body;
  return {
    ...(item.suggestedId ? { suggestedId: item.suggestedId } : {}),
    severity: severity ?? 'non-blocking',
    title: title || cleanTitle(body).slice(0, 200),
    message,
    ...location,
    source: {
      kind: 'markdown',
      externalId: item.externalId ?? stableId('md', normalizeItemText(body), location.file),
      ...(opts.origin ? { origin: opts.origin } : {}),
    },
  };
}

/** The item's first line without a leading location (`` `src/x.ts:3` — nit: … ``), so its label is seen. */
function cleanLead(line: string): string {
  return line.replace(/^\s*(?:\*\*|__)?`?[\w./-]+\.[A-Za-z0-9]+(?::\d+(?:[-–]\d+)?|#L\d+(?:-L\d+)?)?`?(?:\*\*|__)?\s*(?:[—–:-]\s*)?/, (m) => (/[.:#]/.test(m) && /\//.test(m) ? '' : m));
}

function wholeReview(text: string, opts: ParseOptions): FindingDraft {
  const body = text.trim();
  return {
    severity: 'non-blocking',
    title: cleanTitle(body.split('\n')[0]!).slice(0, 200),
    message: body,
    source: { kind: 'markdown', externalId: stableId('md', 'whole', normalizeItemText(body)), ...(opts.origin ? { origin: opts.origin } : {}) },
    warnings: ['No findings were recognised in this review; its whole text is kept as one finding.'],
  };
}

function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start]!.trim()) start++;
  while (end > start && !lines[end - 1]!.trim()) end--;
  return lines.slice(start, end);
}
