/**
 * Markdown reviews as people and reviewer agents write them:
 *
 * - sections headed *Blocking* / *Non-blocking* / *Nits* (a heading, a bold line or a bare line);
 * - items inside them that start with an id (`B1.`, `**N3:**`, `B4 (re-open).`), a bullet, a
 *   sub-heading, or a one-line title followed by a paragraph that begins with a `path:line` reference;
 * - one-line findings in the `[severity/area] message (file:line); suggested fix: …` style.
 *
 * The first `path:line`, `path:line-line` or `path#Lx-Ly` reference anywhere in an item locates it;
 * an item without one is kept file-less. Text outside any section (summaries, test plans) is not a
 * finding. A review in which nothing is recognised becomes one file-less finding holding the whole
 * text, so an import never silently loses a review.
 */
import type { Severity } from '../model';
import { normalizeItemText, stableId } from './externalId';
import { mapSeverity, severityFromId } from './severity';
import type { FindingDraft, ParseOptions } from './types';

const sectionLine = /^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*([A-Za-z][A-Za-z -]*?)(?:\s+(?:issues|findings|comments|items))?\s*(?:\*\*|__)?\s*(?:\(\d+\))?\s*:?\s*(?:\*\*|__)?\s*$/;
const headingLine = /^\s*(#{1,6})\s+(.*)$/;
const idItem = /^\s*(?:[-*+]\s+|#{1,6}\s+)?(?:\*\*|__)?([A-Z]\d{1,4})(?:\s*\(([^)]*)\))?(?:\*\*|__)?\s*[.:)—–-](?:\*\*|__)?\s+(.+)$/;
const bulletItem = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.+)$/;
const bracketItem = /^\s*(?:[-*+]\s+)?\[([A-Za-z-]+)(?:\/([^\]]+))?\]\s+(.+)$/;
const ruleLine = /^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/;
const pathRef = /(?<![\w/.:@-])`?((?:[\w.@-]+\/)*[\w@-][\w.@-]*\.[A-Za-z0-9]{1,10})`?(?::(\d+)(?:[-–](\d+))?|#L(\d+)(?:-L(\d+))?)/;
const bareFileLine = /^\s*`?((?:[\w.@-]+\/)+[\w@-][\w.@-]*\.[A-Za-z0-9]{1,10})`?\s*$/;

interface Item {
  suggestedId?: string;
  severity?: Severity;
  area?: string;
  lines: string[];
}

/** Parse a markdown review into finding drafts (see the module comment for what is recognised). */
export function parseMarkdownReview(text: string, opts: ParseOptions = {}): FindingDraft[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const items: Item[] = [];
  let section: Severity | undefined;
  /** Heading level of the section's own heading; 0 for a bare or bold line. */
  let sectionLevel = 0;
  let current: Item | undefined;
  const close = (): void => {
    if (current) items.push(current);
    current = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const bracket = bracketItem.exec(line);
    const bracketSeverity = bracket ? mapSeverity(bracket[1]!) : undefined;
    if (bracket && bracketSeverity) {
      close();
      items.push({ severity: bracketSeverity, lines: [bracket[3]!], ...(bracket[2] ? { area: bracket[2] } : {}) });
      continue;
    }
    const sectionMatch = sectionLine.exec(line);
    const sectionSeverity = sectionMatch ? mapSeverity(sectionMatch[1]!) : undefined;
    if (sectionSeverity && !bulletItem.test(line)) {
      close();
      section = sectionSeverity;
      sectionLevel = headingLine.exec(line)?.[1]!.length ?? 0;
      continue;
    }
    const id = idItem.exec(line);
    if (id) {
      close();
      current = { suggestedId: id[1]!, lines: [id[3]!] };
      const severity = section ?? severityFromId(id[1]!);
      if (severity) current.severity = severity;
      continue;
    }
    const heading = headingLine.exec(line);
    if (heading || ruleLine.test(line)) {
      close();
      // A deeper heading inside a section is an item; a heading at the section's level or above ends it.
      if (heading && section && heading[1]!.length > Math.max(sectionLevel, 2)) current = { severity: section, lines: [heading[2]!] };
      else section = undefined;
      continue;
    }
    if (!section) {
      if (current) current.lines.push(line);
      continue;
    }
    const bullet = bulletItem.exec(line);
    if (bullet && (!current || !/^\s/.test(line))) {
      close();
      current = { severity: section, lines: [bullet[1]!] };
      continue;
    }
    if (startsTitledParagraph(lines, i)) {
      close();
      current = { severity: section, lines: [line.trim()] };
      continue;
    }
    if (current) current.lines.push(line);
  }
  close();

  const drafts = items.map((item) => toDraft(item, opts)).filter((d): d is FindingDraft => d !== undefined);
  if (drafts.length === 0 && text.trim()) return [wholeReview(text, opts)];
  return drafts;
}

/** A one-line paragraph directly followed (after a blank line) by a paragraph that starts with a path reference. */
function startsTitledParagraph(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  if (!line.trim() || (i > 0 && lines[i - 1]!.trim())) return false;
  if (lines[i + 1]?.trim() !== '') return false;
  const next = lines[i + 2]?.trim() ?? '';
  return next !== '' && (pathRef.exec(next)?.index === 0 || pathRef.exec(next)?.index === 1 || bareFileLine.test(next));
}

function toDraft(item: Item, opts: ParseOptions): FindingDraft | undefined {
  const body = trimBlankLines(item.lines).join('\n').trim();
  if (!body) return undefined;
  const title = stripMarkup(item.lines[0]!)
    .replace(/;\s*suggested fix:.*$/i, '')
    .replace(/\s*\([^()]*:\d+(?:[-–]\d+)?\)\s*$/, '')
    .slice(0, 200);
  const location = findLocation(item.lines);
  const severity = item.severity ?? 'non-blocking';
  const message = item.area ? `(${item.area}) ${body}` : body;
  return {
    ...(item.suggestedId ? { suggestedId: item.suggestedId } : {}),
    severity,
    title: title || body.slice(0, 200),
    message,
    ...location,
    source: {
      kind: 'markdown',
      externalId: stableId('md', normalizeItemText(body), location.file),
      ...(opts.origin ? { origin: opts.origin } : {}),
    },
  };
}

/** The first path reference in the item: `{file, line, endLine}`, `{file}` or nothing. */
function findLocation(lines: readonly string[]): { file?: string; line?: number; endLine?: number } {
  for (const line of lines) {
    const match = pathRef.exec(line);
    if (match) {
      const start = Number(match[2] ?? match[4]);
      const end = Number(match[3] ?? match[5] ?? start);
      return { file: match[1]!, line: start, endLine: Math.max(start, end) };
    }
  }
  for (const line of lines) {
    const bare = bareFileLine.exec(line);
    if (bare) return { file: bare[1]! };
  }
  return {};
}

function wholeReview(text: string, opts: ParseOptions): FindingDraft {
  const body = text.trim();
  return {
    severity: 'non-blocking',
    title: stripMarkup(body.split('\n')[0]!).slice(0, 200),
    message: body,
    source: { kind: 'markdown', externalId: stableId('md', 'whole', normalizeItemText(body)), ...(opts.origin ? { origin: opts.origin } : {}) },
    warnings: ['No findings were recognised in this review; its whole text is kept as one finding.'],
  };
}

function stripMarkup(line: string): string {
  return line.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+)/, '').replace(/\*\*|__/g, '').trim();
}

function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start]!.trim()) start++;
  while (end > start && !lines[end - 1]!.trim()) end--;
  return lines.slice(start, end);
}
