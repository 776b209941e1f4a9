/**
 * A run as the store validates and writes it, without a whole second copy of a large run: the
 * findings are validated a few hundred at a time (each replaced by its validated copy as it goes), and
 * run.json's text is produced in pieces of 64 findings. A run of 100,000 findings is
 * about 80 MB of text; `JSON.stringify` of it, and zod's copy of all its findings at once, were
 * most of what a large import held in memory.
 */
import { z } from 'zod';
import { Finding, Run } from '../core/model';

/** The run with its findings left as they are (checked a batch at a time below). */
const RunShell = Run.extend({ findings: z.array(z.unknown()) });
const Findings = z.array(Finding);
/** Findings validated per call: few enough that the copies of a batch die young, many enough to spare zod's per-call cost. */
const VALIDATION_BATCH = 512;

type Validated = { success: true; data: Run } | { success: false; error: z.ZodError };

/**
 * `Run.safeParse`, with the same result: the same data (keys in schema order, defaults filled,
 * unknown keys dropped) or, when anything is invalid, the same error as validating the whole run.
 * `owned`: the caller hands the run over (parsed for this load or update alone), so a finding
 * that is already exactly what validation makes of it is kept rather than copied — zod's copy of a
 * 100,000-finding run would otherwise be made on every load and every write.
 */
export function validateRun(run: unknown, owned = false): Validated {
  const shell = RunShell.safeParse(run);
  if (!shell.success) return Run.safeParse(run);
  const findings = shell.data.findings;
  for (let start = 0; start < findings.length; start += VALIDATION_BATCH) {
    const batch = Findings.safeParse(findings.slice(start, start + VALIDATION_BATCH));
    // The first issue the whole run would report (in schema order) is found by validating it whole.
    if (!batch.success) return Run.safeParse(run);
    batch.data.forEach((finding, j) => {
      if (!owned || !sameJson(findings[start + j], finding)) findings[start + j] = finding;
    });
  }
  return { success: true, data: shell.data as Run };
}

/** Whether two JSON values are equal, keys in the same order (so they stringify alike). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== other[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Array elements per piece: 64 findings, about 50 kB of text. A string under V8's large-object
 * size (128 kB) dies young, collected by the cheap scavenges; larger ones pile up until a full collection.
 */
const ELEMENTS_PER_PIECE = 64;
const ARRAY_HEAD = '[\n  [';
const ARRAY_TAIL = '\n  ]\n]';

/**
 * The text of `JSON.stringify(doc, null, 2)` in pieces, each top-level property whole except the
 * elements of a long array, which come 64 at a time. Only the outer object is walked
 * here; everything inside it is `JSON.stringify`'s own output, so the joined pieces are that text.
 */
export function* jsonPieces(doc: object): Generator<string> {
  let separator = '';
  for (const [key, value] of Object.entries(doc) as Array<[string, unknown]>) {
    if (Array.isArray(value) && value.length > ELEMENTS_PER_PIECE) {
      yield `${separator || '{'}\n  ${JSON.stringify(key)}: [`;
      for (let i = 0; i < value.length; i += ELEMENTS_PER_PIECE) {
        // Nested one level deeper, the elements are indented as they are in the document.
        const nested = JSON.stringify([value.slice(i, i + ELEMENTS_PER_PIECE)], null, 2);
        yield `${i > 0 ? ',' : ''}${nested.slice(ARRAY_HEAD.length, -ARRAY_TAIL.length)}`;
      }
      yield '\n  ]';
    } else {
      // `{}` when the value is one JSON.stringify leaves out (undefined, a function).
      const entry = JSON.stringify({ [key]: value }, null, 2);
      if (entry === '{}') continue;
      yield `${separator || '{'}${entry.slice(1, -2)}`;
    }
    separator = ',';
  }
  yield separator ? '\n}' : '{}';
}

/** run.json's text in pieces: the run pretty-printed, and a newline. */
export function* runTextPieces(run: Run): Generator<string> {
  yield* jsonPieces(run);
  yield '\n';
}

/** Whether `text` is exactly `pieces` joined (compared piece by piece, without building that text). */
export function isTextOf(text: string, pieces: Iterable<string>): boolean {
  let at = 0;
  for (const piece of pieces) {
    if (!text.startsWith(piece, at)) return false;
    at += piece.length;
  }
  return at === text.length;
}
