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
 */
import type { Severity } from '../model';
import { normalizeItemText, stableId } from './externalId';
import { findLocation, startsWithLocation, withoutTrailingLocation, type ReviewLocation } from './reviewLocation';
import { readMark, readStructure } from './reviewStructure';
import { balanceMarkup, cleanTitle, decorationSeverity, isTagLine, leadingSeverity, markedSeverity, wordSeverity } from './reviewWords';
import { mapSeverity, severityFromId } from './severity';
import type { FindingDraft, ParseOptions } from './types';

type Section = Severity | 'any' | 'skip';

const headingLine = /^\s*(#{1,6})\s+(.*)$/;
const boldLine = /^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$/;
const idItem = /^\s*(?:[-*+]\s+|#{1,6}\s+)?(?:\*\*|__)?([A-Z]\d{1,4})(?:\s*\(([^)]*)\))?(?:\*\*|__)?\s*[.:)—–-](?:\*\*|__)?\s+(.+)$/;
const bulletItem = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.+)$/;
const bracketItem = /^\s*(?:[-*+]\s+)?\[([A-Za-z-]+)(?:\/([^\]]+))?\]\s+(.+)$/;
const ruleLine = /^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/;
const rangeItem = /^\s*`(\d+)(?:\s*-\s*(\d+))?`\s*:\s*(.*)$/;
const boldLocation = /^\s*(?:\*\*|__)([^*_\s][^*]*?)(?:\*\*|__)\s*:?\s*(.*)$/;
const notFindings = /^(?:summary|overview|pr overview|pull request overview|test plan|testing|strengths|positives?|praise|what(?:'s| is) good|what looks good|looks good|good|highlights|conclusion|verdict|recommendation|overall|walkthrough|changes|key changes|description|context|reviewed changes)\b/i;
const recapLine = /^\s*(?:\*\*|__)?(?:overall assessment|overall verdict|verdict|in summary|to summarise|to summarize|tl;dr|recap)(?:\*\*|__)?\s*:/i;
const doneTask = /^\s*[-*+]\s+\[[xX]\]\s/;
// What only a bot's overview says of itself; a person mentioning a bot by name is not one.
const botSummary =
  /actionable comments posted: \d+|auto-generated comment by coderabbit|copilot reviewed \d+ out of \d+|^#{1,3} pull request overview|^#{1,3} 💡 codex review|cursor bugbot has reviewed|bugbot_review|greptile summary|<h3>confidence score|cubic analysis|\d+ issues? found across \d+ files?/im;

interface Item {
  suggestedId?: string;
  /** From the item's own words or decoration; beats the section. */
  severity?: Severity;
  section?: Section;
  area?: string;
  location?: ReviewLocation;
  externalId?: string;
  /** Outside any section: kept only when it turns out to have a location or a severity label. */
  candidate?: boolean;
  /** Started by a bullet or number: an unindented paragraph after it is not its text. */
  bullet?: boolean;
  /** A bold location line waiting for its text (Copilot: `**path:line**` then `* text`). */
  awaitingText?: boolean;
  lines: string[];
}

/** Parse a markdown review into finding drafts (see the module comment for what is recognised). */
export function parseMarkdownReview(text: string, opts: ParseOptions = {}): FindingDraft[] {
  const lines = readStructure(text);
  const items: Item[] = [];
  let section: Section | undefined;
  /** Heading level of the section's own heading; 0 for a bare, bold or `<details>` one. */
  let sectionLevel = 0;
  let fileContext: string | undefined;
  let current: Item | undefined;
  const close = (): void => {
    if (current) items.push(current);
    current = undefined;
  };
  const start = (item: Item): void => {
    close();
    current = item;
  };
  const inSection = (): Partial<Item> => (section === undefined ? { candidate: true } : { section });
  // Outside sections a bullet is a finding of its own, except in a bot's overview (its bullets describe the change).
  const bulletIn = (): Partial<Item> => (section === undefined ? (summaryOnly ? { candidate: true } : {}) : { section });
  const summaryOnly = botSummary.test(text);

  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Code in a fence is the item's text, never structure.
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined || fenceMark) {
      if (fence === undefined) fence = fenceMark;
      else if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.trim() === fenceMark) fence = undefined;
      if (current) current.lines.push(line);
      continue;
    }
    const m = readMark(line);
    if (m) {
      if (m.kind === 'id') {
        const target = current ?? items[items.length - 1];
        if (target && !target.externalId) target.externalId = m.id;
        continue;
      }
      close();
      if (m.kind === 'section') {
        section = m.severity;
        sectionLevel = 0;
      } else if (m.kind === 'end') {
        section = undefined;
        fileContext = undefined;
      } else fileContext = m.path;
      continue;
    }
    if (section === 'skip' && !headingLine.test(line)) continue;
    // A recap after the findings ("Overall assessment: request changes." and the list again) repeats them.
    if (recapLine.test(line) && (current || items.length > 0)) {
      close();
      section = 'skip';
      sectionLevel = 0;
      continue;
    }
    // A ticked task ("- [x] Read the diff") is done, not asked for.
    if (doneTask.test(line) && section === undefined) {
      close();
      continue;
    }
    const bullet = bulletItem.exec(line);
    if (bullet && current?.awaitingText) {
      current.lines.push(bullet[1]!);
      current.awaitingText = false;
      continue;
    }

    const bracket = bracketItem.exec(line);
    const bracketSeverity = bracket ? wordSeverity(bracket[1]!) : undefined;
    if (bracket && bracketSeverity) {
      close();
      items.push({ severity: bracketSeverity, lines: [bracket[3]!], ...(bracket[2] ? { area: bracket[2] } : {}) });
      continue;
    }
    const range = fileContext ? rangeItem.exec(line) : null;
    if (range && fileContext) {
      const first = Number(range[1]);
      const last = Number(range[2] ?? range[1]);
      start({ ...inSection(), candidate: false, location: { file: fileContext, line: Math.min(first, last), endLine: Math.max(first, last) }, lines: [range[3]!] });
      continue;
    }
    const sectionSeverity = sectionOf(line);
    if (sectionSeverity !== undefined) {
      close();
      section = sectionSeverity;
      sectionLevel = headingLine.exec(line)?.[1]!.length ?? 0;
      continue;
    }
    const id = idItem.exec(line);
    if (id) {
      const severity = section !== undefined && section !== 'any' && section !== 'skip' ? undefined : severityFromId(id[1]!);
      start({ suggestedId: id[1]!, ...(section !== undefined ? { section } : {}), ...(severity ? { severity } : {}), lines: [id[3]!] });
      continue;
    }
    const heading = headingLine.exec(line);
    if (heading) {
      close();
      const level = heading[1]!.length;
      // A deeper heading inside a section is an item; a heading at the section's level or above ends it.
      if (section !== undefined && section !== 'skip' && level > Math.max(sectionLevel, 2)) {
        current = { section, lines: [heading[2]!] };
        continue;
      }
      section = undefined;
      if (notFindings.test(cleanTitle(heading[2]!).replace(/^[^\p{L}]+/u, ''))) {
        section = 'skip';
        sectionLevel = level;
      } else current = { candidate: true, lines: [heading[2]!] };
      continue;
    }
    if (ruleLine.test(line)) {
      close();
      continue;
    }
    const bold = boldLocation.exec(line);
    const boldAt = bold && startsWithLocation(bold[1]!) ? findLocation([bold[1]!]) : undefined;
    if (bold && boldAt?.line !== undefined) {
      start({ ...inSection(), candidate: false, location: boldAt, awaitingText: !bold[2]!.trim(), lines: bold[2]!.trim() ? [bold[2]!] : [] });
      continue;
    }
    if (bullet && (!current || !/^\s/.test(line))) {
      start({ ...bulletIn(), bullet: true, lines: [bullet[1]!] });
      continue;
    }
    if (startsTitledParagraph(lines, i)) {
      start({ ...inSection(), lines: [line.trim()] });
      continue;
    }
    if (current?.bullet && line.trim() && !/^\s/.test(line) && !lines[i - 1]?.trim()) {
      close();
      continue;
    }
    if (current) current.lines.push(line);
  }
  close();

  const drafts = items.map((item) => toDraft(item, opts, summaryOnly)).filter((d): d is FindingDraft => d !== undefined);
  if (drafts.length === 0 && text.trim() && !botSummary.test(text)) return [wholeReview(text, opts)];
  return drafts;
}

/**
 * The section a line opens, or undefined when it is not a section line: a heading, a bold line or
 * a short bare line whose words (emoji, counts and "issues"/"priority" aside) are a severity.
 */
function sectionOf(line: string): Section | undefined {
  if (bulletItem.test(line)) return undefined;
  const heading = headingLine.exec(line);
  const bold = heading ? undefined : boldLine.exec(line);
  const raw = heading?.[2] ?? bold?.[1] ?? line;
  const words = raw
    .replace(/<[^>\n]{1,400}>|\*\*|__|`/g, '')
    .replace(/^[^\p{L}]+/u, '')
    .replace(/\(\d+\)|:\s*$/g, '')
    .replace(/[^\p{L}\s/&-]+/gu, ' ')
    .trim()
    .toLowerCase();
  if (!words || words.split(/\s+/).length > 4) return undefined;
  if (bold && notFindings.test(words)) return 'skip';
  if (!heading && !bold && words.split(/\s+/).length > 2) return undefined;
  const stripped = words.replace(/\s+(?:issues?|findings?|comments?|items?|priority|severity|fix(?:es)?|changes|problems?|concerns?)$/, '').trim();
  const first = stripped.split(/\s*(?:\/|&|\band\b|,)\s*/)[0]!.trim();
  // A heading that merely starts with a strong word ("Nitpicks (optional)", "High-risk changes") counts; a topic ("Error handling") does not.
  const lead = /^(non-blocking|blocking|blockers?|critical|major|minor|nits?|nitpicks?|trivial|high|medium|low)\b/.exec(stripped)?.[1];
  if (/^nice to have$/.test(stripped)) return 'nit';
  return mapSeverity(stripped) ?? wordSeverity(stripped.replace(' ', '-')) ?? (first !== stripped ? mapSeverity(first) : undefined) ?? (lead ? wordSeverity(lead) : undefined);
}

/** A one-line paragraph directly followed (after a blank line) by a paragraph that starts with a location. */
function startsTitledParagraph(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  if (!line.trim() || (i > 0 && lines[i - 1]!.trim())) return false;
  if (lines[i + 1]?.trim() !== '') return false;
  const next = lines[i + 2] ?? '';
  return next.trim() !== '' && startsWithLocation(next);
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
  const body = bodyLines.join('\n').trim();
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
