/**
 * SARIF 2.1.0 logs from any static analyser (CodeQL, semgrep, ESLint's SARIF formatter):
 * `level` (or the rule's default level) → severity, the first `physicalLocation` → file and
 * region, `ruleId` + message → text. A result without a usable location is kept file-less with
 * its raw JSON in the message; a result is never dropped.
 *
 * External id (for idempotent re-imports): the result's `partialFingerprints` or `fingerprints`
 * when present (first key in sorted order), else a hash of rule id, file, start line and message.
 */
import { z } from 'zod';
import { InputError } from '../errors';
import type { Severity } from '../model';
import { stableId } from './externalId';
import { formatPath, parseJsonText } from './parseJsonText';
import type { FindingDraft, ParseOptions } from './types';

const ArtifactLocation = z.looseObject({ uri: z.string().optional(), uriBaseId: z.string().optional(), index: z.number().int().optional() });
const Region = z.looseObject({ startLine: z.number().int().optional(), endLine: z.number().int().optional() });
const Message = z.looseObject({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional() });
const Level = z.enum(['none', 'note', 'warning', 'error']);
const Rule = z.looseObject({
  id: z.string().optional(),
  shortDescription: Message.optional(),
  defaultConfiguration: z.looseObject({ level: Level.optional() }).optional(),
  messageStrings: z.record(z.string(), Message).optional(),
  helpUri: z.string().optional(),
});
const Result = z.looseObject({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().optional(),
  level: Level.optional(),
  message: Message.optional(),
  locations: z
    .array(z.looseObject({ physicalLocation: z.looseObject({ artifactLocation: ArtifactLocation.optional(), region: Region.optional() }).optional() }))
    .optional(),
  fingerprints: z.record(z.string(), z.string()).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  hostedViewerUri: z.string().optional(),
});
const SarifLog = z.looseObject({
  version: z.literal('2.1.0'),
  runs: z.array(
    z.looseObject({
      tool: z.looseObject({ driver: z.looseObject({ name: z.string(), rules: z.array(Rule).optional() }) }),
      results: z.array(z.unknown()).optional(),
      artifacts: z.array(z.looseObject({ location: ArtifactLocation.optional() })).optional(),
    }),
  ),
});
type SarifRun = z.infer<typeof SarifLog>['runs'][number];
type SarifResult = z.infer<typeof Result>;

const levels: Record<z.infer<typeof Level>, Severity> = { error: 'blocking', warning: 'non-blocking', note: 'nit', none: 'nit' };

/**
 * Parse a SARIF 2.1.0 log (text, or the already-parsed JSON value). Throws `bad-file` naming the field when
 * the log itself is not SARIF 2.1.0; individual odd results are kept, with a warning.
 */
export function parseSarif(json: unknown, opts: ParseOptions = {}): FindingDraft[] {
  const doc = typeof json === 'string' ? parseJsonText(json, 'The SARIF file') : json;
  const parsed = SarifLog.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError('bad-file', `Not a SARIF 2.1.0 log: ${formatPath(issue.path)}: ${issue.message}`, { details: { field: formatPath(issue.path) } });
  }
  const drafts: FindingDraft[] = [];
  for (const run of parsed.data.runs) {
    for (const [index, raw] of (run.results ?? []).entries()) drafts.push(resultToDraft(run, raw, index, opts));
  }
  return drafts;
}

function resultToDraft(run: SarifRun, raw: unknown, index: number, opts: ParseOptions): FindingDraft {
  const tool = run.tool.driver.name;
  const checked = Result.safeParse(raw);
  if (!checked.success) {
    const text = JSON.stringify(raw);
    return {
      severity: 'non-blocking',
      title: `${tool} result ${index + 1} (unreadable)`,
      message: text,
      source: { kind: 'sarif', externalId: stableId('sarif', tool, text), author: tool, ...(opts.origin ? { origin: opts.origin } : {}) },
      warnings: [`SARIF result ${index + 1} does not follow the schema (${formatPath(checked.error.issues[0]!.path)}); kept with its raw JSON.`],
    };
  }
  const result = checked.data;
  const rule = findRule(run, result);
  const ruleId = result.ruleId ?? rule?.id;
  const severity = levels[result.level ?? rule?.defaultConfiguration?.level ?? 'warning'];
  const text = messageText(result, rule) ?? JSON.stringify(raw);
  const physical = result.locations?.[0]?.physicalLocation;
  const file = physical?.artifactLocation ? artifactPath(run, physical.artifactLocation, opts) : undefined;
  const start = physical?.region?.startLine;
  const warnings: string[] = [];
  if (!file) warnings.push('The result has no file location; it is kept without one.');
  const fingerprint = firstValue(result.partialFingerprints) ?? firstValue(result.fingerprints);
  return {
    severity,
    title: `${ruleId ? `${ruleId}: ` : ''}${text.split('\n')[0]!}`.slice(0, 200),
    message: ruleId ? `${text}\n\n(${tool} ${ruleId})` : `${text}\n\n(${tool})`,
    ...(file ? { file } : {}),
    ...(file && start ? { line: start, endLine: Math.max(start, physical?.region?.endLine ?? start) } : {}),
    source: {
      kind: 'sarif',
      externalId: fingerprint ? stableId('sarif', tool, ruleId, fingerprint) : stableId('sarif', tool, ruleId, file, start, text),
      author: tool,
      ...(opts.origin ? { origin: opts.origin } : {}),
      ...(result.hostedViewerUri ? { url: result.hostedViewerUri } : rule?.helpUri ? { url: rule.helpUri } : {}),
    },
    ...(warnings.length ? { warnings } : {}),
  };
}

function findRule(run: SarifRun, result: SarifResult): z.infer<typeof Rule> | undefined {
  const rules = run.tool.driver.rules ?? [];
  if (result.ruleIndex !== undefined) return rules[result.ruleIndex];
  return result.ruleId ? rules.find((r) => r.id === result.ruleId) : undefined;
}

function messageText(result: SarifResult, rule: z.infer<typeof Rule> | undefined): string | undefined {
  const direct = result.message?.text ?? result.message?.markdown;
  if (direct) return direct;
  const id = result.message?.id;
  return (id ? rule?.messageStrings?.[id]?.text : undefined) ?? rule?.shortDescription?.text;
}

/** A worktree-relative path from an artifact location, or the absolute path as written. */
function artifactPath(run: SarifRun, location: z.infer<typeof ArtifactLocation>, opts: ParseOptions): string | undefined {
  const uri = location.uri ?? (location.index !== undefined ? run.artifacts?.[location.index]?.location?.uri : undefined);
  if (!uri) return undefined;
  const path = uri.startsWith('file://') ? safeDecode(uri.replace(/^file:\/\/(?:localhost)?/, '')) : safeDecode(uri);
  // A relative URI (with or without a uriBaseId such as %SRCROOT%) is relative to the analysed
  // checkout, which for an import is the worktree: keep it relative.
  if (path.startsWith('/') && opts.root) {
    const root = opts.root.replace(/\/+$/, '') + '/';
    if (path.startsWith(root)) return path.slice(root.length);
  }
  return path;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function firstValue(record: Record<string, string> | undefined): string | undefined {
  if (!record) return undefined;
  const key = Object.keys(record).sort()[0];
  return key === undefined ? undefined : record[key];
}
