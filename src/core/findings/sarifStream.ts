/**
 * A SARIF log read from its UTF-8 bytes without its whole JSON tree, and without its whole text:
 * the file is read forward through a window of a few megabytes, twice. The first pass walks the
 * skeleton of the log (the root object, `runs`, the members of each run), hands every value in it
 * to `JSON.parse` on its own, and notes where each result is; the second hands the results to
 * `readRuns` one at a time, so each is garbage as soon as it is a draft. `JSON.parse` of a 75 MB
 * log builds a tree about as large as its text, which is as large again; this holds the drafts.
 *
 * A pretty-printed log (`JSON.stringify(log, null, 2)`, most producers' output) is read faster:
 * a raw newline is always whitespace outside strings, so the line `<indent>]` at the indent of
 * `"results": [` is found with a native search instead of walking every byte of the results, and
 * the second pass hands `JSON.parse` some 64 kB of results at a time, cut after a line
 * `<indent>}` at the indent of the first result. Each cut is a guess that `JSON.parse` checks: the
 * pieces must parse and follow one another with only whitespace and a comma between them, up to
 * that `]`; when any does not, or no result ends within a megabyte (one result per line), the log
 * is read again without guessing.
 *
 * The result is the one `readSarif` gives for the same log. Anything the walk does not expect — a
 * syntax error anywhere, bytes that are not UTF-8, a key given twice in the skeleton, a log that
 * fails the version check — makes it give up (`undefined`), and the caller parses the whole text
 * as before, which reports the error in its usual words.
 */
import { InputError } from '../errors';
import { ByteWindow, GiveUp, type ReadAt } from './byteWindow';
import { readRuns, sarifRuns } from './sarif';
import type { JsonObject } from './sarifFields';
import type { ParseOptions, ReviewImport } from './types';

export type { ReadAt } from './byteWindow';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** Thrown when a pretty-printed log's layout was not what it looked like: read it again byte by byte. */
class NotPretty extends Error {}

/** Bytes of results per `JSON.parse` in a pretty-printed log (the cut comes at the next result's end). */
const PRETTY_BATCH = 64 << 10;
/** The most bytes parsed at once there (see `nextCut`). */
const MAX_PIECE = 1 << 20;

/**
 * Read a SARIF log from UTF-8 bytes starting at `start` (after a byte-order mark), or undefined
 * when the whole text must be parsed instead (see the module comment).
 */
export function readSarifBytes(readAt: ReadAt, start: number, opts: ParseOptions): ReviewImport | undefined {
  for (const pretty of [true, false]) {
    try {
      const log = new Walker(new ByteWindow(readAt, start, true), pretty).log();
      sarifRuns(log.root);
      return readRuns(
        log.runs.map(({ run, spans, lines }) => (spans ? { run, results: parsedSpans(readAt, spans) } : lines ? { run, results: parsedLines(readAt, lines) } : { run })),
        opts,
      );
    } catch (error) {
      // A `]` taken for the results' end that was not makes the rest of the walk fail too: read it again byte by byte.
      if (error instanceof NotPretty || (pretty && (error instanceof GiveUp || error instanceof InputError))) continue;
      // A log failing the version check may also be malformed: the whole parse says which comes first.
      if (error instanceof GiveUp || error instanceof InputError) return undefined;
      throw error;
    }
  }
  return undefined;
}

/** `readAt` over bytes in memory (a decompressed log). */
export function readFromBuffer(bytes: Uint8Array): ReadAt {
  return (into, position) => {
    const part = bytes.subarray(position, position + into.length);
    into.set(part);
    return part.length;
  };
}

/** The values at `spans` (start, end, start, end, …: offsets in the file, in order), parsed one at a time. */
function* parsedSpans(readAt: ReadAt, spans: readonly number[]): Generator<unknown> {
  const window = new ByteWindow(readAt, spans[0] ?? 0, false);
  for (let i = 0; i < spans.length; i += 2) yield parse(window, spans[i]!, spans[i + 1]!);
}

/**
 * The results of a pretty-printed `results` array (see the module comment), parsed a batch at a
 * time; `NotPretty` when the cuts do not prove to be between results or the array's end is not
 * where its indent says.
 */
function* parsedLines(readAt: ReadAt, lines: ResultLines): Generator<unknown> {
  const { from, close, elementEnd } = lines;
  const window = new ByteWindow(readAt, from, false);
  let at = from;
  for (;;) {
    const cut = nextCut(window, at, close, elementEnd);
    let batch: unknown;
    try {
      batch = JSON.parse(`[${window.text(at, cut)}]`);
    } catch {
      throw new NotPretty();
    }
    // An empty piece is a comma with nothing after it, or an empty array that did not look empty.
    if (!Array.isArray(batch) || batch.length === 0) throw new NotPretty();
    yield* batch;
    // After the piece: the next one's comma, or only whitespace up to the array's `]`.
    let next = cut;
    while (next < close && isSpace(window.byteAt(next))) next++;
    if (next === close) return;
    if (window.byteAt(next) !== COMMA) throw new NotPretty();
    at = next + 1;
  }
}

/**
 * Where the piece starting at `at` ends: just after the first element end `PRETTY_BATCH` bytes on,
 * else at `close`. A piece that would pass `MAX_PIECE` without one (results written one per line, a
 * huge result) is `NotPretty`: parsed whole, it would be the tree this reader exists not to hold.
 */
function nextCut(window: ByteWindow, at: number, close: number, elementEnd: Buffer): number {
  let from = at + PRETTY_BATCH;
  for (;;) {
    if (from >= close) return close;
    window.fill(at, Math.min(close, from + PRETTY_BATCH));
    const limit = Math.min(close, window.end);
    const found = window.bytes.subarray(0, limit - window.base).indexOf(elementEnd, Math.max(0, from - window.base));
    if (found >= 0) return window.base + found + elementEnd.length;
    if (limit >= close) {
      if (close - at > MAX_PIECE) throw new NotPretty();
      return close;
    }
    // The file ended before the `]` the first pass found there (it changed in between).
    if (window.done) throw new GiveUp();
    // The pattern may straddle the end of what is read: look again from just before it.
    from = Math.max(from, limit - elementEnd.length + 1);
    if (from - at > MAX_PIECE) throw new NotPretty();
  }
}

function isSpace(c: number): boolean {
  return c === SPACE || c === NEWLINE || c === RETURN || c === 0x09;
}

function parse(window: ByteWindow, start: number, end: number): unknown {
  try {
    return JSON.parse(window.text(start, end));
  } catch {
    throw new GiveUp();
  }
}

/** A run of the log: its members but `results`, and where its results are when they are an array. */
interface WalkedRun {
  run: unknown;
  spans?: number[];
  lines?: ResultLines;
}

/**
 * A pretty-printed `results` array: its bytes from just after `[` to `close` (the newline before
 * its `]`), and the line that ends a result (`\n<indent>}`).
 */
interface ResultLines {
  from: number;
  close: number;
  elementEnd: Buffer;
}

class Walker {
  private pos: number;
  /** Where the key just read starts (the indent of its line tells a pretty-printed array's end). */
  private keyAt = 0;

  constructor(
    private readonly window: ByteWindow,
    /** Whether to read a pretty-printed results array by its lines (see the module comment). */
    private readonly pretty: boolean,
  ) {
    this.pos = window.base;
  }

  /** The root object with each run's results left out, and the runs with where their results are. */
  log(): { root: JsonObject; runs: WalkedRun[] } {
    const root: JsonObject = {};
    const runs: WalkedRun[] = [];
    this.space();
    this.object(root, (key) => {
      if (key !== 'runs' || this.peek() !== OPEN_BRACKET) return this.value();
      this.array(() => runs.push(this.run()));
      return runs.map((r) => r.run);
    });
    this.space();
    if (this.peek() !== -1) throw new GiveUp();
    return { root, runs };
  }

  private run(): WalkedRun {
    if (this.peek() !== OPEN_BRACE) return { run: this.value() };
    const run: JsonObject = {};
    let spans: number[] | undefined;
    let lines: ResultLines | undefined;
    this.object(run, (key) => {
      if (key !== 'results' || this.peek() !== OPEN_BRACKET) return this.value();
      lines = this.pretty ? this.resultLines() : undefined;
      if (lines) return [];
      const found: number[] = [];
      this.array(() => found.push(...this.skip()));
      spans = found;
      return [];
    });
    // The run's other members are read before its results, wherever they stand in the file.
    return spans ? { run, spans } : lines ? { run, lines } : { run };
  }

  /**
   * At the `[` of `"results"`: when the key starts its line after `K` spaces and the first result
   * its own after more, the array's end is taken to be the next line `<K spaces>]` (checked as
   * the results are parsed), and the walk goes on after it. Undefined (nothing moved) otherwise.
   */
  private resultLines(): ResultLines | undefined {
    const window = this.window;
    const indent = this.indentAt(this.keyAt);
    if (indent === undefined) return undefined;
    // `[`, a line break, then the first result's indent and `{`.
    let at = this.pos + 1;
    if (window.byteAt(at, this.pos) === RETURN) at++;
    if (window.byteAt(at, this.pos) !== NEWLINE) return undefined;
    let inner = 0;
    while (window.byteAt(at + 1 + inner, this.pos) === SPACE) inner++;
    if (inner <= indent || window.byteAt(at + 1 + inner, this.pos) !== OPEN_BRACE) return undefined;
    const from = this.pos + 1;
    // A one-byte search (memchr) for each `]`, then a look at its line: Buffer.indexOf of the whole
    // line stops at every line break of the results, several times slower.
    let search = at;
    for (;;) {
      const { bytes, base } = window;
      const n = window.end - base;
      for (let i = bytes.indexOf(CLOSE_BRACKET, search - base); i >= 0 && i < n; i = bytes.indexOf(CLOSE_BRACKET, i + 1)) {
        if (this.indentAt(base + i) !== indent) continue;
        const close = base + i - indent - 1;
        this.pos = base + i + 1;
        return { from, close, elementEnd: Buffer.from(`\n${' '.repeat(inner)}}`, 'latin1') };
      }
      // Keep only what may be the start of the closing line; the results are read in the second pass.
      search = Math.max(search, window.end - indent - 1);
      if (!window.more(search)) throw new NotPretty();
    }
  }

  /** The number of spaces between the line break before `pos` and `pos`, when that is all there is. */
  private indentAt(pos: number): number | undefined {
    const window = this.window;
    let i = pos - 1;
    while (i >= window.base && window.bytes[i - window.base] === SPACE) i--;
    return i >= window.base && window.bytes[i - window.base] === NEWLINE ? pos - 1 - i : undefined;
  }

  /** `{ "key": value, … }` into `into`, each value read by `member` (which returns it). */
  private object(into: JsonObject, member: (key: string) => unknown): void {
    this.expect(OPEN_BRACE);
    this.space();
    if (this.peek() === CLOSE_BRACE) return void this.pos++;
    for (;;) {
      this.space();
      this.keyAt = this.pos;
      const key = this.value();
      // A repeated key (JSON.parse keeps the last) or one that is no plain property: leave it to JSON.parse.
      if (typeof key !== 'string' || key === '__proto__' || Object.hasOwn(into, key)) throw new GiveUp();
      this.space();
      this.expect(COLON);
      this.space();
      into[key] = member(key);
      if (this.next(CLOSE_BRACE)) return;
    }
  }

  /** `[ element, … ]`, each element read by `element`. */
  private array(element: () => void): void {
    this.expect(OPEN_BRACKET);
    this.space();
    if (this.peek() === CLOSE_BRACKET) return void this.pos++;
    for (;;) {
      this.space();
      element();
      if (this.next(CLOSE_BRACKET)) return;
    }
  }

  /** After a member or element: true at the closing `close`, false after a comma. */
  private next(close: number): boolean {
    this.space();
    const c = this.peek();
    this.pos++;
    if (c === close) return true;
    if (c !== COMMA) throw new GiveUp();
    return false;
  }

  private value(): unknown {
    const [start, end] = this.skip();
    return parse(this.window, start, end);
  }

  private expect(c: number): void {
    if (this.peek() !== c) throw new GiveUp();
    this.pos++;
  }

  /** The byte at the current position, or -1 at the end of the file. */
  private peek(): number {
    if (this.pos >= this.window.end && !this.window.more(this.pos)) return -1;
    return this.window.bytes[this.pos - this.window.base]!;
  }

  private space(): void {
    for (let c = this.peek(); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = this.peek()) this.pos++;
  }

  /**
   * The extent of the value at the current position, which it moves past. Only strings and nesting
   * are followed; `JSON.parse` of the extent checks the rest.
   */
  private skip(): [number, number] {
    const window = this.window;
    const start = this.pos;
    let depth = 0;
    let inString = false;
    // The file offset of the next byte to look at; the loops below index the window directly.
    let i = start;
    do {
      const b = window.bytes;
      const base = window.base;
      const n = window.end - base;
      let j = i - base;
      while (j < n) {
        if (inString) {
          // UTF-8 continuation bytes are ≥ 0x80: a quote or backslash byte is always that character.
          for (; j < n; j++) {
            const c = b[j]!;
            if (c === QUOTE) break;
            if (c === BACKSLASH) j++;
          }
          if (j >= n) break;
          inString = false;
          j++;
          if (depth === 0) return this.to(start, base + j);
          continue;
        }
        const c = b[j]!;
        // `c | 0x20` is `{` for `{` and `[`, `}` for `}` and `]`.
        if (c === QUOTE) inString = true;
        else if ((c | 0x20) === OPEN_BRACE) depth++;
        else if ((c | 0x20) === CLOSE_BRACE) {
          if (depth === 0) return this.to(start, base + j);
          if (--depth === 0) return this.to(start, base + j + 1);
        } else if (depth === 0 && (c === COMMA || c === COLON || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) return this.to(start, base + j);
        j++;
      }
      i = base + j;
    } while (window.more(start));
    if (depth > 0 || inString) throw new GiveUp();
    return this.to(start, i);
  }

  private to(start: number, end: number): [number, number] {
    if (end === start) throw new GiveUp();
    this.pos = end;
    return [start, end];
  }
}
