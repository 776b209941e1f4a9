/**
 * Where a review item points, in the ways people and review bots write it:
 *
 * | written as                                                  | example                                          |
 * |-------------------------------------------------------------|--------------------------------------------------|
 * | a GitHub blob URL                                           | `https://github.com/o/r/blob/<sha>/src/x.js#L7-L9` |
 * | a markdown link to a file                                   | `[src/x.ts](src/x.ts#L3)`, `[here](./src/x.ts)`  |
 * | `path:line`, `path:line-line`, `path#Lx-Ly`, `path:Lx-Ly`   | `src/q.ts:41-58`, `src/q.ts#L9`                  |
 * | a path followed by words for lines                          | `src/x.ts L1-L6`, `src/x.ts lines 15-19`, `src/x.ts at line 11`, `src/x.ts (line 4)`, `` In `@src/x.ts` around lines 42 - 45 `` |
 * | a path alone on its line, or in backticks on the item's first line | `test/queue/scheduler.test.ts`            |
 *
 * Paths are kept as written (relative, `./` dropped); `locateFinding` checks them afterwards.
 */

/** A file and, when known, its 1-based inclusive lines. */
export interface ReviewLocation {
  file?: string;
  line?: number;
  endLine?: number;
}

const PATH = String.raw`(?:\.\/)?((?:[\w.-]+\/)*[\w-][\w.-]*\.[A-Za-z][A-Za-z0-9]{0,9})`;
const NO_PATH_BEFORE = String.raw`(?<![\w/.:@-])`;
const DASH = String.raw`\s*(?:-|–|—|to|\.\.)\s*`;

const blobUrl = new RegExp(String.raw`https?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/blob\/[^\s/]+\/((?:[^\s#)\]/]+\/)*[^\s#)\]/]+)(?:#L(\d+)(?:C\d+)?(?:-L(\d+)(?:C\d+)?)?)?`);
const linkTarget = new RegExp(String.raw`\]\(${PATH}(?:#L(\d+)(?:-L(\d+))?)?\)`);
const colonOrHash = new RegExp(String.raw`${NO_PATH_BEFORE}\`?${PATH}\`?(?::L?(\d+)(?:${DASH}L?(\d+))?(?!\d)|#L(\d+)(?:-L(\d+))?)`);
const wordsForLines = new RegExp(
  String.raw`${NO_PATH_BEFORE}\`?@?${PATH}\`?\**\s*(?:,|\(|\bat|\baround|\bon)?\s*(?:\b(?:at|around|on)\s+)?(?:lines?\s*|L)(\d+)(?:${DASH}L?(\d+))?\b`,
  'i',
);
const bareFile = new RegExp(String.raw`^\s*[-*+]?\s*\`?${PATH}\`?\s*:?\s*$`);
const backtickedFile = new RegExp(String.raw`\`@?${PATH}\``);

function range(file: string, start: string | undefined, end: string | undefined): ReviewLocation {
  if (start === undefined) return { file };
  const line = Number(start);
  const last = end === undefined ? line : Number(end);
  if (!(line >= 1)) return { file };
  return { file, line: Math.min(line, last), endLine: Math.max(line, last) };
}

interface Found {
  location: ReviewLocation;
  index: number;
  end: number;
}

function locate(text: string): Found | undefined {
  const at = (match: RegExpExecArray, location: ReviewLocation): Found => ({ location, index: match.index, end: match.index + match[0].length });
  const blob = blobUrl.exec(text);
  if (blob) return at(blob, range(decodeURIComponent(blob[1]!), blob[2], blob[3]));
  const link = linkTarget.exec(text);
  if (link) {
    // The whole `[text](target)` is the reference.
    const open = text.lastIndexOf('[', link.index);
    return { location: range(link[1]!, link[2], link[3]), index: open >= 0 ? open : link.index, end: link.index + link[0].length };
  }
  const plain = colonOrHash.exec(text);
  const worded = wordsForLines.exec(text);
  // The earlier of the two in the line wins: `a.ts lines 3-4 (see b.ts:9)` is about a.ts.
  if (plain && (!worded || plain.index <= worded.index)) return at(plain, range(plain[1]!, plain[2] ?? plain[4], plain[3] ?? plain[5]));
  if (worded) return at(worded, range(worded[1]!, worded[2], worded[3]));
  return undefined;
}

/** The location one line of text gives, or undefined. */
export function locationInLine(text: string): ReviewLocation | undefined {
  return locate(text)?.location;
}

/**
 * A title without the location it ends with: `Crash on empty input (src/a.ts:3)`,
 * `Typo — src/a.ts lines 3-4`, `Leak: see [a.ts](src/a.ts#L7)` → the words before it.
 */
export function withoutTrailingLocation(text: string): string {
  const found = locate(text);
  if (!found || found.index === 0) return text;
  const after = text.slice(found.end);
  if (!/^[\s)`*_.\]]*$/.test(after)) return text;
  const before = text.slice(0, found.index).replace(/(?:[\s(*_[]|\b(?:see|in|at|on)\b|[—–:,-])+$/u, '');
  return before.trim() ? before : text;
}

/**
 * The first location with lines in `lines`; failing that, the first file alone (a path on a line
 * of its own, or a backticked path on the first line); failing that, nothing.
 */
export function findLocation(lines: readonly string[]): ReviewLocation {
  let fileOnly: ReviewLocation | undefined;
  for (const line of lines) {
    const found = locationInLine(line);
    if (found?.line !== undefined) return found;
    if (found && !fileOnly) fileOnly = found;
  }
  if (fileOnly) return fileOnly;
  for (const line of lines) {
    const bare = bareFile.exec(line);
    if (bare?.[1]?.includes('/')) return { file: bare[1] };
  }
  const first = lines[0] === undefined ? undefined : backtickedFile.exec(lines[0]);
  if (first?.[1]?.includes('/')) return { file: first[1] };
  return {};
}

/** Whether a line starts with a location (how a titled paragraph's body often begins). */
export function startsWithLocation(text: string): boolean {
  const trimmed = text.replace(/^\s*(?:[-*+]\s+)?(?:\*\*|__)?/, '');
  const found = locationInLine(trimmed);
  if (!found?.file) return bareFile.test(text);
  const at = trimmed.indexOf(found.file);
  return at >= 0 && at <= 2;
}
