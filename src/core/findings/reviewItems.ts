/**
 * The items of a markdown review, read line by line: which lines start a finding, which section
 * (severity) each is in, and which lines are its text. Turning an item into a finding draft is
 * markdown.ts's job; its module comment lists the shapes recognised.
 */
import type { Severity } from '../model';
import { findLocation, startsWithLocation, type ReviewLocation } from './reviewLocation';
import { readMark, readStructure } from './reviewStructure';
import { cleanTitle, wordSeverity } from './reviewWords';
import { mapSeverity, severityFromId } from './severity';

/** A severity section, `any` (a bot's section whose items carry their own severity), or `skip` (not findings). */
export type Section = Severity | 'any' | 'skip';

/** One review item, before it becomes a finding draft. */
export interface Item {
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

const headingLine = /^\s*(#{1,6})\s+(.*)$/;
const boldLine = /^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$/;
// `P0`–`P3` are priorities (Codex, cubic, Copilot), not ids.
const idItem = /^\s*(?:[-*+]\s+|#{1,6}\s+)?(?:\*\*|__)?(?!P[0-3]\b)([A-Z]\d{1,4})(?:\s*\(([^)]*)\))?(?:\*\*|__)?\s*[.:)—–-](?:\*\*|__)?\s+(.+)$/;
const bulletItem = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.+)$/;
const bracketItem = /^\s*(?:[-*+]\s+)?\[([A-Za-z-]+)(?:\/([^\]]+))?\]\s+(.+)$/;
const ruleLine = /^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/;
const rangeItem = /^\s*`(\d+)(?:\s*-\s*(\d+))?`\s*:\s*(.*)$/;
const boldLocation = /^\s*(?:\*\*|__)([^*_\s][^*]*?)(?:\*\*|__)\s*:?\s*(.*)$/;
const notFindings =
  /^(?:summary|overview|pr overview|pull request overview|test plan|testing|strengths|positives?|praise|what(?:'s| is) good|what looks good|looks good|good|highlights|conclusion|verdict|recommendation|overall|walkthrough|changes|key changes|description|context|reviewed changes)\b/i;
const recapLine = /^\s*(?:\*\*|__)?(?:overall assessment|overall verdict|verdict|in summary|to summarise|to summarize|tl;dr|recap)(?:\*\*|__)?\s*:/i;
const doneTask = /^\s*[-*+]\s+\[[xX]\]\s/;

/** The items of `text`; `overview`: the text is a bot's overview, where loose bullets describe the change. */
export function readItems(text: string, overview: boolean): Item[] {
  return new ItemReader(readStructure(text), overview).read();
}

/** Reads items with one small step per kind of line; the first step that takes a line wins. */
class ItemReader {
  private readonly items: Item[] = [];
  private section: Section | undefined;
  /** Heading level of the section's own heading; 0 for a bare, bold or `<details>` one. */
  private sectionLevel = 0;
  /** The file of a bot's per-file `<details>` block. */
  private fileContext: string | undefined;
  private current: Item | undefined;
  private fence: string | undefined;

  constructor(
    private readonly lines: readonly string[],
    private readonly overview: boolean,
  ) {}

  read(): Item[] {
    const steps: Array<(line: string, i: number) => boolean> = [
      (l) => this.fenced(l),
      (l) => this.mark(l),
      (l) => this.skipped(l),
      (l) => this.awaitedText(l),
      (l) => this.bracketed(l),
      (l) => this.fileRange(l),
      (l) => this.sectionLine(l),
      (l) => this.idLine(l),
      (l) => this.heading(l),
      (l) => this.rule(l),
      (l) => this.boldLocated(l),
      (l, i) => this.bulletOrTitle(l, i),
      (l, i) => this.text(l, i),
    ];
    this.lines.forEach((line, i) => steps.some((step) => step(line, i)));
    this.close();
    return this.items;
  }

  private close(): void {
    if (this.current) this.items.push(this.current);
    this.current = undefined;
  }

  private start(item: Item): true {
    this.close();
    this.current = item;
    return true;
  }

  /** Where a new item stands: in its section, or a candidate outside any. */
  private placed(): Partial<Item> {
    return this.section === undefined ? { candidate: true } : { section: this.section };
  }

  /** Code in a fence is the item's text, never structure. */
  private fenced(line: string): boolean {
    const marks = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (this.fence === undefined && !marks) return false;
    if (this.fence === undefined) this.fence = marks;
    else if (marks && marks[0] === this.fence[0] && marks.length >= this.fence.length && line.trim() === marks) this.fence = undefined;
    this.current?.lines.push(line);
    return true;
  }

  /** The structure reviewStructure.ts read from the HTML: ids, bots' sections, per-file blocks. */
  private mark(line: string): boolean {
    const m = readMark(line);
    if (!m) return false;
    if (m.kind === 'id') {
      const target = this.current ?? this.items[this.items.length - 1];
      if (target && !target.externalId) target.externalId = m.id;
      return true;
    }
    this.close();
    if (m.kind === 'section') {
      this.section = m.severity;
      this.sectionLevel = 0;
    } else if (m.kind === 'end') {
      this.section = undefined;
      this.fileContext = undefined;
    } else this.fileContext = m.path;
    return true;
  }

  /** Lines that are never findings: a skipped part, a recap of the findings, a ticked task. */
  private skipped(line: string): boolean {
    if (this.section === 'skip' && !headingLine.test(line)) return true;
    // "Overall assessment: request changes." and the list again repeats what came before.
    if (recapLine.test(line) && (this.current || this.items.length > 0)) {
      this.close();
      this.section = 'skip';
      this.sectionLevel = 0;
      return true;
    }
    // "- [x] Read the diff" is done, not asked for.
    if (doneTask.test(line) && this.section === undefined) {
      this.close();
      return true;
    }
    return false;
  }

  /** Copilot's `**path:line**` is followed by its text as a `* …` bullet. */
  private awaitedText(line: string): boolean {
    const bullet = bulletItem.exec(line);
    if (!bullet || !this.current?.awaitingText) return false;
    this.current.lines.push(bullet[1]!);
    this.current.awaitingText = false;
    return true;
  }

  /** `[severity/area] message (file:line)`: a whole finding on one line. */
  private bracketed(line: string): boolean {
    const bracket = bracketItem.exec(line);
    const severity = bracket ? wordSeverity(bracket[1]!) : undefined;
    if (!bracket || !severity) return false;
    this.close();
    this.items.push({ severity, lines: [bracket[3]!], ...(bracket[2] ? { area: bracket[2] } : {}) });
    return true;
  }

  /** `` `42-45`: `` under a bot's per-file block: a comment on those lines of that file. */
  private fileRange(line: string): boolean {
    const range = this.fileContext ? rangeItem.exec(line) : null;
    if (!range || !this.fileContext) return false;
    const first = Number(range[1]);
    const last = Number(range[2] ?? range[1]);
    const location = { file: this.fileContext, line: Math.min(first, last), endLine: Math.max(first, last) };
    return this.start({ ...this.placed(), candidate: false, location, lines: [range[3]!] });
  }

  private sectionLine(line: string): boolean {
    const section = sectionOf(line);
    if (section === undefined) return false;
    this.close();
    this.section = section;
    this.sectionLevel = headingLine.exec(line)?.[1]!.length ?? 0;
    return true;
  }

  /** `B1.`, `**N3:**`, `B4 (re-open).`: the section's severity, else the id's. */
  private idLine(line: string): boolean {
    const id = idItem.exec(line);
    if (!id) return false;
    const inSeverity = this.section !== undefined && this.section !== 'any' && this.section !== 'skip';
    const severity = inSeverity ? undefined : severityFromId(id[1]!);
    return this.start({ suggestedId: id[1]!, ...(this.section !== undefined ? { section: this.section } : {}), ...(severity ? { severity } : {}), lines: [id[3]!] });
  }

  /** A deeper heading inside a section is an item; any other heading ends the section and starts a candidate or a skipped part. */
  private heading(line: string): boolean {
    const heading = headingLine.exec(line);
    if (!heading) return false;
    this.close();
    const level = heading[1]!.length;
    if (this.section !== undefined && this.section !== 'skip' && level > Math.max(this.sectionLevel, 2)) {
      this.current = { section: this.section, lines: [heading[2]!] };
      return true;
    }
    this.section = undefined;
    if (notFindings.test(cleanTitle(heading[2]!).replace(/^[^\p{L}]+/u, ''))) {
      this.section = 'skip';
      this.sectionLevel = level;
    } else this.current = { candidate: true, lines: [heading[2]!] };
    return true;
  }

  private rule(line: string): boolean {
    if (!ruleLine.test(line)) return false;
    this.close();
    return true;
  }

  /** `**src/x.ts:42**`, with its text on the line or in the next bullet. */
  private boldLocated(line: string): boolean {
    const bold = boldLocation.exec(line);
    const at = bold && startsWithLocation(bold[1]!) ? findLocation([bold[1]!]) : undefined;
    if (!bold || at?.line === undefined) return false;
    const text = bold[2]!.trim();
    return this.start({ ...this.placed(), candidate: false, location: at, awaitingText: !text, lines: text ? [bold[2]!] : [] });
  }

  /** A top-level bullet or number, or a one-line title whose next paragraph starts with a location. */
  private bulletOrTitle(line: string, i: number): boolean {
    const bullet = bulletItem.exec(line);
    if (bullet && (!this.current || !/^\s/.test(line))) {
      // Outside sections a bullet is a finding of its own, except in a bot's overview.
      const where: Partial<Item> = this.section === undefined ? (this.overview ? { candidate: true } : {}) : { section: this.section };
      return this.start({ ...where, bullet: true, lines: [bullet[1]!] });
    }
    if (startsTitledParagraph(this.lines, i)) return this.start({ ...this.placed(), lines: [line.trim()] });
    return false;
  }

  /** Any other line is the current item's text, unless it is a new paragraph after a bullet. */
  private text(line: string, i: number): boolean {
    if (this.current?.bullet && line.trim() && !/^\s/.test(line) && !this.lines[i - 1]?.trim()) this.close();
    else this.current?.lines.push(line);
    return true;
  }
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
