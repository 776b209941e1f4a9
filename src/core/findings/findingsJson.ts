/**
 * Revise's own findings JSON (`schemas/findings.schema.json`, generated from the zod schema below by
 * `findingsJsonSchema()`; a test keeps the two equal). A file is the object below, or just the
 * array of findings. Example:
 *
 * ```json
 * { "version": 1, "tool": "my-reviewer",
 *   "findings": [{ "id": "B1", "severity": "blocking", "title": "Lock released too early",
 *                  "message": "…", "file": "src/store.ts", "line": 10, "endLine": 14 }] }
 * ```
 *
 * `severity` takes Revise's three severities or any word of the table in severity.ts
 * (`error`, `warning`, `critical`, `nit`…). `externalId` makes re-imports merge instead of
 * duplicating; without it the id is a hash of the text and file.
 */
import { z } from 'zod';
import { InputError } from '../errors';
import { normalizeItemText, stableId } from './externalId';
import { formatPath, parseJsonText } from './parseJsonText';
import { mapSeverity } from './severity';
import type { FindingDraft, ParseOptions } from './types';

/** One finding in a findings JSON file. */
export const FindingsJsonEntry = z
  .object({
    id: z.string().regex(/^[A-Z][A-Za-z]*\d+$/).optional().describe('Id to keep when free in the run (B1, N2…).'),
    severity: z.string().refine((s) => mapSeverity(s) !== undefined, { message: 'unknown severity (use blocking, non-blocking or nit)' }),
    title: z.string().optional().describe('One line; defaults to the first line of the message.'),
    message: z.string().min(1),
    file: z.string().optional().describe('Path relative to the worktree root, with forward slashes.'),
    line: z.number().int().positive().optional().describe('1-based first line.'),
    endLine: z.number().int().positive().optional().describe('1-based last line, inclusive.'),
    column: z.number().int().positive().optional().describe('1-based column on the first line.'),
    endColumn: z.number().int().positive().optional().describe('1-based column after the last character, on the last line.'),
    externalId: z.string().optional().describe('Stable id in the producing tool; re-imports with the same id update instead of duplicating.'),
    url: z.string().optional(),
    author: z.string().optional(),
  })
  .strict();

/** A findings JSON file. */
export const FindingsJsonFile = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    tool: z.string().optional().describe('Name of the tool or person that produced the findings.'),
    findings: z.array(FindingsJsonEntry),
  })
  .strict();
export type FindingsJsonFile = z.infer<typeof FindingsJsonFile>;

/** What a findings JSON file may hold: the object above, or only its `findings` array. */
export const FindingsJsonDocument = z.union([FindingsJsonFile, z.array(FindingsJsonEntry)]);

/** The JSON Schema published as `schemas/findings.schema.json`. */
export function findingsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(FindingsJsonDocument, { target: 'draft-2020-12', reused: 'ref' }),
    $id: 'https://revise.dev/schemas/findings.schema.json',
    title: 'Revise findings',
    description: 'Findings to import into a Revise run: `revise findings import --run ID --from FILE --format json`.',
  };
}

/** Parse a findings JSON file (text or parsed). Throws `bad-file` naming the first bad field. */
export function parseFindingsJson(json: unknown, opts: ParseOptions = {}): FindingDraft[] {
  const doc = typeof json === 'string' ? parseJsonText(json, 'The findings file') : json;
  // A bare array is the `findings` of a file without a tool name.
  const parsed = Array.isArray(doc) ? z.array(FindingsJsonEntry).safeParse(doc) : FindingsJsonFile.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = formatPath(Array.isArray(doc) ? ['findings', ...issue.path] : issue.path);
    throw new InputError('bad-file', `Findings file: ${field}: ${issue.message}`, { details: { field } });
  }
  const { findings, tool } = Array.isArray(parsed.data) ? { findings: parsed.data, tool: undefined } : parsed.data;
  return findings.map((entry) => {
    const line = entry.line;
    const file = entry.file;
    return {
      ...(entry.id ? { suggestedId: entry.id } : {}),
      severity: mapSeverity(entry.severity)!,
      title: (entry.title ?? entry.message.split('\n')[0]!).slice(0, 200),
      message: entry.message,
      ...(file ? { file } : {}),
      ...(file && line ? { line, endLine: Math.max(line, entry.endLine ?? line), ...(entry.column ? { column: entry.column } : {}), ...(entry.endColumn ? { endColumn: entry.endColumn } : {}) } : {}),
      source: {
        kind: 'json',
        externalId: entry.externalId ? `json:${entry.externalId}` : stableId('json', normalizeItemText(`${entry.title ?? ''}\n${entry.message}`), file),
        ...(opts.origin ? { origin: opts.origin } : {}),
        ...(entry.url ? { url: entry.url } : {}),
        ...((entry.author ?? tool) ? { author: entry.author ?? tool } : {}),
      },
    } satisfies FindingDraft;
  });
}
