/**
 * Severity words and decoration inside one review item, as people and review bots write them:
 *
 * - a leading label: `nit:`, `Nit -`, `**Blocking.**`, `[blocker]`, `(minor)`, `[nitpick]`, `P1:`,
 *   `**style:**`, `Optional:`;
 * - a marked word anywhere: `— blocker: …`, `(nit)`, `**critical**`, `suggestion:`;
 * - bots' decoration: CodeRabbit's `_⚠️ Potential issue_ | _🟠 Major_`, Codex's
 *   `![P1 Badge](…)`, Greptile's `<img alt="P2" …>`, Cursor Bugbot's `**High Severity**`.
 *
 * Priorities map as P0/P1 → blocking, P2 → non-blocking, P3 → nit; other words through
 * `mapSeverity`, plus `trivial` → nit, `problem` → non-blocking and `refactor suggestion` → nit.
 */
import type { Severity } from '../model';
import { mapSeverity } from './severity';

const priority: Record<string, Severity> = { p0: 'blocking', p1: 'blocking', p2: 'non-blocking', p3: 'nit', trivial: 'nit', problem: 'non-blocking' };

/** A severity word of any kind (`mapSeverity`'s table, `P0`–`P3`, `trivial`). */
export function wordSeverity(word: string): Severity | undefined {
  const w = word.trim().toLowerCase();
  return priority[w] ?? mapSeverity(w);
}

/** Words strong enough to set severity wherever they are marked in an item. */
const MARKED = 'non-blocking|blocking|blocker|critical|must[- ]fix|major|minor|nit|nitpick|trivial|suggestion|optional';
const LABEL_WORDS = `${MARKED}|p[0-3]|high|medium|low|security|style|note`;
const leadingForms = [
  // **Blocking.** / **Nit:** / __Minor__ -
  /^\s*(?:\*\*|__)\s*([A-Za-z][\w-]*)\s*[.:]?\s*(?:\*\*|__)\s*(?:[.:—–]|\s-\s)?\s*/,
  // [blocker] / (nit) / [P1]
  /^\s*[[(]\s*([A-Za-z][\w-]*)\s*[\])]\s*(?:[.:—–]|\s-\s)?\s*/,
  // nit: / Critical — / P2 - / P1 (xref):
  new RegExp(String.raw`^\s*(${LABEL_WORDS})\s*(?:\([^)\n]{1,30}\))?\s*(?::|\s[—–-])\s+`, 'i'),
];
const markedWord = new RegExp(String.raw`(?:\*\*|__|\[|\()\s*(${MARKED})\s*[.:]?\s*(?:\*\*|__|\]|\))|(?<![\w-])(${MARKED}):|(?<![\w-]|non-|not a |not )(blocker|must[- ]fix)\b`, 'i');
const codeRabbitTag = /^\s*_[^_\n]+_(?:\s*\|\s*_[^_\n]+_)*\s*$/;
const badge = /!\[(P[0-3])[^\]\n]{0,100}\]\([^)\s]{0,400}\)|<img[^>\n]{0,400}?\balt="(P[0-3])"[^>\n]{0,400}>|\*\*(High|Medium|Low|Critical) Severity\*\*/i;

/**
 * A label at the start of an item's text that names a severity: the severity and the text after
 * it. `nit: rename x` → nit, `rename x`. Only labels that end with punctuation, sit in brackets or
 * are bold count, so a sentence that merely starts with "Critical" keeps its words.
 */
export function leadingSeverity(text: string): { severity: Severity; rest: string } | undefined {
  for (const form of leadingForms) {
    const match = form.exec(text);
    const severity = match ? wordSeverity(match[1]!) : undefined;
    if (match && severity) return { severity, rest: text.slice(match[0].length) };
  }
  return undefined;
}

/** A severity marked anywhere in an item (`(nit)`, `— blocker: …`, `**critical**`), or undefined. */
export function markedSeverity(text: string): Severity | undefined {
  const match = markedWord.exec(text);
  const word = match?.[1] ?? match?.[2] ?? match?.[3];
  return word ? wordSeverity(word.replace(' ', '-')) : undefined;
}

/** Whether a line is only a CodeRabbit tag line (`_⚠️ Potential issue_ | _🟠 Major_`). */
export function isTagLine(line: string): boolean {
  return codeRabbitTag.test(line);
}

/**
 * The severity in a bot's decoration: CodeRabbit's level (`🔴 Critical`, `🟠 Major`, `🟡 Minor`,
 * `🔵 Trivial`) or kind (`Nitpick`, `Potential issue`, `Refactor suggestion`), a P-badge, or
 * Bugbot's `**High Severity**`.
 */
export function decorationSeverity(text: string): Severity | undefined {
  const b = badge.exec(text);
  if (b) {
    const word = (b[1] ?? b[2] ?? b[3])!.toLowerCase();
    return wordSeverity(word === 'medium' ? 'medium' : word === 'low' ? 'low' : word === 'high' ? 'high' : word);
  }
  for (const line of text.split('\n')) {
    if (!isTagLine(line)) continue;
    const words = line.toLowerCase();
    if (/critical/.test(words)) return 'blocking';
    if (/major|minor|potential issue/.test(words)) return 'non-blocking';
    if (/trivial|nitpick|refactor suggestion|info/.test(words)) return 'nit';
  }
  return undefined;
}

/** Tags bots decorate titles with; anything else (`<iframe>`, `<script>`) is the reviewer's text and stays, shown literally. */
const decorationTag = /<\/?(?:sub|sup|img|a|picture|source|br|b|strong|em|i|code|h[1-6]|p|span|div|details|summary)\b[^>\n]{0,400}>/gi;

/**
 * Markup dropped from a title: leading list marks and heading hashes, emphasis, badges and
 * images, bots' decoration tags, link syntax (the text stays), and backticks that have no partner.
 */
export function cleanTitle(line: string): string {
  const text = line
    .replace(/!\[[^\]\n]{0,200}\]\([^)\s]{0,400}\)/g, '')
    .replace(decorationTag, '')
    .replace(/\[([^\]\n]{1,400})\]\([^)\s]{0,400}\)/g, '$1')
    .replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+)/, '')
    .replace(/\*\*/g, '')
    .replace(/(^|[\s(])__(?=\S)|(?<=\S)__(?=$|[\s).,:;!?])/g, '$1')
    .replace(/(^|\s)_([^_]+)_(?=\s|$|[.,:;])/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  return balanceBackticks(text).replace(/^[\s:—–-]+/, '').trim();
}

/** Drop an unpaired `**` / `__` / backtick from a line of text (what a cut-off label leaves). */
export function balanceMarkup(line: string): string {
  let text = line;
  for (const mark of ['**', '__']) {
    const count = text.split(mark).length - 1;
    if (count % 2 === 1) {
      const at = text.trimStart().startsWith(mark) ? text.indexOf(mark) : text.lastIndexOf(mark);
      text = text.slice(0, at) + text.slice(at + mark.length);
    }
  }
  return balanceBackticks(text);
}

function balanceBackticks(text: string): string {
  if (/```/.test(text)) return text;
  const count = (text.match(/`/g) ?? []).length;
  if (count % 2 === 0) return text;
  const at = text.lastIndexOf('`');
  return (text.slice(0, at) + text.slice(at + 1)).replace(/\s{2,}/g, ' ');
}
