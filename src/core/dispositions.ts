/**
 * The agent's answers to findings after a round (docs/prompt.md, *Dispositions*). Two ways to answer:
 *
 * 1. A JSON file (`$REVISE_DISPOSITIONS_FILE`), either an object keyed by finding id
 *    `{"B1": {"kind": "fixed", "note": "…", "commit": "…"}, "N3": {"kind": "deferred", "issue": "#123"}}`
 *    or an array `[{"id": "B1", "disposition": "fixed", "note": "…", "issue": "…", "commit": "…"}]`
 *    (also under a top-level `"dispositions"` key). `kind` and `disposition` are synonyms.
 * 2. Trailer lines at the end of the final reply: `B1: fixed — …`, `N2: disagree — …`,
 *    `N3: deferred #123 — …` (an en dash, `-` or `--` also separates the note).
 *
 * File entries win over trailer lines. Bad entries, garbage and unknown ids become warnings;
 * nothing here throws. Pure: the caller reads the file.
 *
 * Questions for a person (the agent cannot go on without an answer) come the same two ways: a
 * top-level `"questions": ["…"]` in the file, or `QUESTION: …` lines in the reply. The autopilot
 * stops on them (src/engine/autopilot/stopReasons.ts).
 */
import { z } from 'zod';
import { DispositionKind, type Disposition } from './model';

export interface ParseDispositionsInput {
  /** Text of the dispositions file, when it exists. */
  json?: string;
  /** The agent's final reply (its tail is enough). */
  finalText?: string;
  /** Findings this round answers; other ids are ignored with a warning. */
  findingIds: readonly string[];
  round: number;
}

export interface DispositionsResult {
  dispositions: Map<string, Disposition>;
  /** Questions the agent asked a person, in order, without repeats. */
  questions: string[];
  warnings: string[];
}

const Kind = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), DispositionKind);
const optionalText = z.preprocess((v) => (typeof v === 'number' ? `#${v}` : v), z.string().optional());

const Entry = z.object({
  kind: Kind.optional(),
  disposition: Kind.optional(),
  note: z.string().optional(),
  reason: z.string().optional(),
  commit: z.string().optional(),
  issue: optionalText,
});
type Entry = z.infer<typeof Entry>;

const ArrayEntry = Entry.extend({ id: z.string() });
const FileShape = z.union([
  z.array(z.unknown()),
  z.object({ dispositions: z.array(z.unknown()) }),
  z.record(z.string(), z.unknown()),
]);

/** Read dispositions from the file text and the reply's trailer lines. */
export function parseDispositions(input: ParseDispositionsInput): DispositionsResult {
  const known = new Set(input.findingIds);
  const dispositions = new Map<string, Disposition>();
  const warnings: string[] = [];
  const questions = new Set<string>();
  const accept = (id: string, d: Disposition, from: string) => {
    if (!known.has(id)) {
      warnings.push(`${from}: ${id} is not a finding of this round; ignored.`);
      return;
    }
    if (!dispositions.has(id)) dispositions.set(id, d);
  };

  if (input.json !== undefined) {
    for (const [id, d] of fromFile(input.json, input.round, warnings)) accept(id, d, 'dispositions file');
    for (const q of questionsInFile(input.json)) questions.add(q);
  }
  if (input.finalText) {
    // Later lines win: an agent may correct itself at the end of its reply.
    const fromReply = new Map<string, Disposition>();
    for (const [id, d] of fromTrailerLines(input.finalText, input.round)) fromReply.set(id, d);
    for (const [id, d] of fromReply) accept(id, d, 'final reply');
    for (const q of questionLines(input.finalText)) questions.add(q);
  }
  return { dispositions, questions: [...questions], warnings };
}

const Questions = z.object({ questions: z.array(z.string()) });

/** The file's top-level `questions` (anything else there is not a question; the file's own checks warn about it). */
function questionsInFile(text: string): string[] {
  try {
    const parsed = Questions.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.questions.map((q) => q.trim()).filter((q) => q !== '') : [];
  } catch {
    return [];
  }
}

// `QUESTION: …`, `- **Question**: …`
const QUESTION = /^\s*(?:[-*+]\s+)?[*_`]*question[*_`]*\s*:\s*(.+)$/i;

function questionLines(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const q = QUESTION.exec(line)?.[1]?.trim();
    return q ? [q] : [];
  });
}

function fromFile(text: string, round: number, warnings: string[]): Array<[string, Disposition]> {
  if (text.trim() === '') {
    warnings.push('dispositions file is empty; ignored.');
    return [];
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    warnings.push(`dispositions file is not valid JSON (${error instanceof Error ? error.message : String(error)}); ignored.`);
    return [];
  }
  const shape = FileShape.safeParse(value);
  if (!shape.success) {
    warnings.push('dispositions file is neither an object keyed by finding id nor an array of {id, disposition}; ignored.');
    return [];
  }
  const data = shape.data;
  const list = Array.isArray(data) ? data : Array.isArray(data.dispositions) ? data.dispositions : undefined;
  const out: Array<[string, Disposition]> = [];
  const take = (id: string, raw: unknown, where: string) => {
    const parsed = (list ? ArrayEntry : Entry).safeParse(raw);
    const kind = parsed.success ? (parsed.data.kind ?? parsed.data.disposition) : undefined;
    if (!parsed.success || !kind) {
      warnings.push(`dispositions file: ${where} has no valid kind (fixed, disagree or deferred); ignored.`);
      return;
    }
    out.push([id, toDisposition(kind, parsed.data, round)]);
  };
  if (list) {
    list.forEach((raw, i) => {
      const id = z.object({ id: z.string() }).safeParse(raw).data?.id;
      if (!id) warnings.push(`dispositions file: entry ${i} has no id; ignored.`);
      else take(id, raw, `entry ${i} (${id})`);
    });
  } else {
    for (const [id, raw] of Object.entries(data)) if (id !== 'questions') take(id, raw, id);
  }
  return out;
}

function toDisposition(kind: DispositionKind, entry: Entry, round: number): Disposition {
  const d: Disposition = { kind, round };
  const note = entry.note ?? entry.reason;
  if (note) d.note = note;
  if (entry.commit) d.commit = entry.commit;
  if (entry.issue) d.issue = entry.issue;
  return d;
}

// `- **B1**: fixed — note`, `` `N2`: Disagree -- note ``, `N3: deferred #123 - note`, `N3: deferred to https://… — note`
const TRAILER = /^\s*(?:[-*+]\s+)?[*_`]*([A-Z][A-Za-z]*\d+)[*_`]*\s*:\s*(fixed|disagree|deferred)\b(.*)$/i;
// The note separator: an em or en dash, or `-` / `--` between spaces, or a colon.
const SEPARATOR = /\s*[—–:]\s*|\s+--?\s+/;
const ISSUE = /#\d+|https?:\/\/\S+/;

function fromTrailerLines(text: string, round: number): Array<[string, Disposition]> {
  const out: Array<[string, Disposition]> = [];
  for (const line of text.split(/\r?\n/)) {
    const m = TRAILER.exec(line);
    if (!m) continue;
    const kind = m[2]!.toLowerCase() as DispositionKind;
    const rest = m[3]!;
    const sep = SEPARATOR.exec(rest);
    const head = sep ? rest.slice(0, sep.index) : rest;
    const d: Disposition = { kind, round };
    const issue = kind === 'deferred' ? ISSUE.exec(head)?.[0] : undefined;
    if (issue) d.issue = issue;
    const note = (sep ? rest.slice(sep.index + sep[0].length) : issue ? '' : head).trim();
    if (note) d.note = note;
    out.push([m[1]!, d]);
  }
  return out;
}
