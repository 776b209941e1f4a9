/**
 * The HTML that GitHub review bodies carry, turned into lines the markdown importer reads:
 *
 * - `<!-- … -->` comments are dropped; the stable ids bots hide in them (CodeRabbit's
 *   `cr-comment:v1:…`, Cursor Bugbot's `BUGBOT_BUG_ID: …`) become `ID` marks;
 * - `>` quote marks are dropped (CodeRabbit puts its outside-diff comments in a `[!CAUTION]` quote);
 * - `<details>` blocks are read by their `<summary>`: a section of comments ("🧹 Nitpick comments
 *   (2)", "⚠️ Outside diff range comments (1)", "♻️ Duplicate comments", Copilot's "Comments
 *   suppressed due to low confidence") becomes a `SECTION` mark; a file ("src/x.ts (2)") a `FILE`
 *   mark; a reviewer's prompt or suggested change inside a comment stays as written; bots'
 *   bookkeeping ("📜 Review details", "🧩 Analysis chain", "Show a summary per file", …) is
 *   dropped; any other block keeps its content.
 *
 * Fenced code is passed through untouched.
 */
import type { Severity } from '../model';

/** A line the parser treats as structure, not text. */
export type Mark =
  | { kind: 'section'; severity: Severity | 'any' }
  | { kind: 'end' }
  | { kind: 'file'; path?: string }
  | { kind: 'id'; id: string };

const MARK = '\u0001';

const stableIds: Array<[RegExp, string]> = [
  [/cr-comment:v1:([\w-]+)/, 'coderabbit:cr-comment:v1:'],
  [/BUGBOT_BUG_ID:\s*([\w-]+)/, 'bugbot:'],
];

const sections: Array<[RegExp, Severity | 'any']> = [
  [/nitpick/i, 'nit'],
  [/outside diff range|duplicate comments|actionable comments|comments suppressed due to low confidence|suppressed comments/i, 'any'],
];
const keep = /prompt for ai agents?|suggest|proposed|fix\b|diff\b|committable|refactor|patch/i;
const skip =
  /analysis chain|review details|additional comments|additional context|summary per file|file summaries|files? (?:not reviewed|ignored|selected|processed)|about codex|learnings?|walkthrough|sequence diagram|review profile|configuration used|recent review|finishing touches|pre-merge checks|estimated code review effort|poem|tips|commits reviewed|resolved since last review|previously missed|what changed in this pr/i;
const fileSummary = /^`?((?:[\w.@-]+\/)*[\w@-][\w.@-]*\.[A-Za-z0-9]{1,10})`?\s*\((\d+)\)$/;

/** Decode a mark line, or undefined for ordinary text. */
export function readMark(line: string): Mark | undefined {
  if (!line.startsWith(MARK)) return undefined;
  const [kind, value] = line.slice(1).split(' ', 2) as [string, string | undefined];
  if (kind === 'SECTION') return { kind: 'section', severity: (value ?? 'any') as Severity | 'any' };
  if (kind === 'END') return { kind: 'end' };
  if (kind === 'FILE') return value ? { kind: 'file', path: value } : { kind: 'file' };
  if (kind === 'ID' && value) return { kind: 'id', id: value };
  return undefined;
}

const mark = (text: string): string => `${MARK}${text}`;

/** Stable ids in an HTML comment, as `ID` mark lines (none for other comments). */
function commentMarks(comment: string): string {
  const found: string[] = [];
  for (const [pattern, prefix] of stableIds) {
    const match = pattern.exec(comment);
    if (match) found.push(mark(`ID ${prefix}${match[1]}`));
  }
  return found.length > 0 ? `\n${found.join('\n')}\n` : '';
}

/**
 * `text` with each `<!-- … -->` replaced by `replace(inner)`; an unclosed comment runs to the end.
 * A scan, not a lazy regex, so a text of many unclosed comments stays linear.
 */
export function replaceHtmlComments(text: string, replace: (inner: string) => string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    if (open < 0) return out + text.slice(at);
    const close = text.indexOf('-->', open + 4);
    const end = close < 0 ? text.length : close + 3;
    out += text.slice(at, open) + replace(text.slice(open + 4, close < 0 ? text.length : close));
    at = end;
  }
}

type Frame = { kind: 'section' | 'file' | 'keep' | 'skip' | 'plain'; open: boolean };

const tagToken = /(<details[^>\n]{0,200}>|<\/details>|<summary>[^\n]{0,1000}?<\/summary>|<\/?blockquote>)/i;

/** Review text with its HTML read into marks (see the module comment). */
export function readStructure(text: string): string[] {
  const withoutComments = replaceHtmlComments(text.replace(/\r\n?/g, '\n'), commentMarks);
  const out: string[] = [];
  const stack: Frame[] = [];
  let fence: string | undefined;
  const skipping = (): boolean => stack.some((f) => f.kind === 'skip');

  for (const raw of withoutComments.split('\n')) {
    const line = raw.replace(/^(?:[ \t]{0,3}>[ \t]?)+/, '');
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (!skipping()) out.push(line);
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length && line.trim() === fenceMatch[1]) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      if (!skipping()) out.push(line);
      continue;
    }
    if (!tagToken.test(line)) {
      if (!skipping()) out.push(line);
      continue;
    }
    for (const token of line.split(tagToken)) {
      if (!token.trim()) continue;
      handleToken(token, stack, out, skipping);
    }
  }
  return out;
}

function handleToken(token: string, stack: Frame[], out: string[], skipping: () => boolean): void {
  const lower = token.toLowerCase();
  if (lower.startsWith('<details')) {
    stack.push({ kind: 'plain', open: false });
    return;
  }
  if (lower === '</details>') {
    const frame = stack.pop();
    if (!frame || skipping()) return;
    if (frame.kind === 'section') out.push(mark('END'));
    else if (frame.kind === 'file') out.push(mark('FILE'));
    else if (frame.kind === 'keep') out.push('</details>', '');
    return;
  }
  if (lower === '<blockquote>' || lower === '</blockquote>') return;
  if (lower.startsWith('<summary>')) {
    const frame = stack[stack.length - 1];
    const summary = token.replace(/<[^>\n]{1,200}>/g, '').replace(/\s+/g, ' ').trim();
    if (!frame || frame.open) {
      if (!skipping()) out.push(summary);
      return;
    }
    frame.open = true;
    if (skipping()) return;
    classify(frame, summary, out);
    return;
  }
  if (!skipping()) out.push(token);
}

function classify(frame: Frame, summary: string, out: string[]): void {
  const words = summary.replace(/^[^\p{L}\p{N}`]+/u, '');
  const section = sections.find(([pattern]) => pattern.test(words));
  const file = fileSummary.exec(words);
  if (section) {
    frame.kind = 'section';
    out.push(mark(`SECTION ${section[1]}`));
  } else if (file) {
    frame.kind = 'file';
    out.push(mark(`FILE ${file[1]}`));
  } else if (keep.test(words)) {
    frame.kind = 'keep';
    out.push('', '<details>', `<summary>${summary}</summary>`, '');
  } else if (skip.test(words)) frame.kind = 'skip';
}
