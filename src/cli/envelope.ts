/**
 * The one JSON document every `revise` command prints with --json (docs/cli.md):
 *
 *   success  { "ok": true, "run"?: Run, "runs"?: Run[], "result"?: { … } }   (`ok` is false when the
 *            command ran but its outcome failed, e.g. a round that failed: exit 4, 6 or 7)
 *   failure  { "ok": false, "error": { "code": "<kebab-case>", "message": "…", "hint"?: "…" } }
 *
 * `run` is the run the command acted on (as stored after it), `runs` a listing, and `result` what
 * else the command has to report (a prompt, a finding, what was pushed where, …). A command builds
 * its answer with `report(document, text)`: `run` and `runs` stay where they are, every other key
 * of the document goes under `result`, and `text` is what a person reads without --json.
 */
import type { ExitCode, ReviseError } from '../core/errors';
import type { Run } from '../core/model';

/** A command's answer: the envelope's fields and, optionally, its lines for a person. */
export interface Report {
  run?: Run | undefined;
  runs?: Run[] | undefined;
  result?: Record<string, unknown> | undefined;
  /** Lines printed without --json; absent: a generic rendering of the document. */
  text?: string[] | undefined;
  /** The exit code when the command ran but its outcome is not a success (a round that failed: 4, timed out: 6, cancelled: 7). */
  exitCode?: ExitCode | undefined;
}

export type Envelope =
  | { ok: boolean; run?: Run; runs?: Run[]; result?: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string; hint?: string } };

/** A command's document as a Report: `run` and `runs` stay, every other key goes under `result`. */
export function report(document: { run?: Run | undefined; runs?: Run[] | undefined } & Record<string, unknown>, text?: string[]): Report {
  const { run, runs, ...rest } = document;
  return {
    ...(run ? { run } : {}),
    ...(runs ? { runs } : {}),
    ...(Object.keys(rest).length > 0 ? { result: rest } : {}),
    ...(text ? { text } : {}),
  };
}

/** The success envelope of a report. */
export function successEnvelope(r: Report): Envelope {
  return { ok: (r.exitCode ?? 0) === 0, ...(r.run ? { run: r.run } : {}), ...(r.runs ? { runs: r.runs } : {}), ...(r.result ? { result: r.result } : {}) };
}

/** The failure envelope of an error, with the CLI's next step when it has one. */
export function errorEnvelope(error: ReviseError, hint?: string): Envelope {
  return { ok: false, error: { ...error.toJSON(), ...(hint ? { hint } : {}) } };
}
