/**
 * SARIF 2.1.0 logs from any static analyser (ESLint, Biome, oxlint, stylelint, markdownlint,
 * CodeQL, Semgrep, the SARIF SDK's converters), read per result and per field: one odd field loses
 * that field with a warning, never the result or the log.
 *
 * - Not findings: results with an accepted `suppressions` entry, `baselineState: "absent"`, or a
 *   `kind` of `pass`, `notApplicable` or `informational` (counted in `skipped`).
 * - Severity: `level` (or the rule's `defaultConfiguration.level`; `none` when `kind` is not
 *   `fail`): `error` → blocking, `warning` → non-blocking, `note` / `none` → nit.
 * - Place: the first `physicalLocation` (see sarifLocations.ts), with columns; related locations,
 *   the first code flow and logical locations are summarised in the message.
 * - Identity (`source.externalId`): tool + rule + file + the result's `fingerprints` (else
 *   `partialFingerprints`, else `correlationGuid`). Without any, or when two results of one log share
 *   it at different places, the place and message are hashed in as well: a key never merges
 *   different files or different places; identical repeats are numbered, so every result of a log
 *   is one finding. `mergeImported` moves a finding whose key changed with its lines.
 */
import { InputError } from '../errors';
import type { Severity } from '../model';
import { stableId } from './externalId';
import { parseJsonText } from './parseJsonText';
import { asArray, asObject, asString, asStringMap, asText, FieldWarnings, type JsonObject } from './sarifFields';
import { checkoutRoots, locationList, physicalPlace, type LocationContext, type Place } from './sarifLocations';
import { RuleTable } from './sarifRules';
import { noSkips, type FindingDraft, type ImportScope, type ParseOptions, type ReviewImport, type ReviewSkips } from './types';

const levels: Record<string, Severity> = { error: 'blocking', warning: 'non-blocking', note: 'nit', none: 'nit' };
const notFindingKinds = new Set(['pass', 'notApplicable', 'informational']);
const RELATED_LIMIT = 10;
const FLOW_LIMIT = 12;

/** Parse a SARIF 2.1.0 log (text, or the parsed JSON) into drafts; see `readSarif`. */
export function parseSarif(json: unknown, opts: ParseOptions = {}): FindingDraft[] {
  return readSarif(json, opts).drafts;
}

/**
 * Read a SARIF 2.1.0 log. Throws `bad-file` when the file is not a SARIF 2.1.0 log at all (naming
 * the version, or the field that is missing); everything below the log level is read leniently.
 */
export function readSarif(json: unknown, opts: ParseOptions = {}): ReviewImport {
  const runs = sarifRuns(typeof json === 'string' ? parseJsonText(json, 'The SARIF file') : json);
  return readRuns(runs.map((run) => ({ run })), opts);
}

/** The `runs` of a SARIF 2.1.0 log; throws `bad-file` when the document is no such log. */
export function sarifRuns(json: unknown): unknown[] {
  const doc = asObject(json);
  if (!doc) throw new InputError('bad-file', 'Not a SARIF log: the file is JSON but not an object with "version" and "runs".', { details: { field: '(root)' } });
  const version = doc.version;
  if (version !== '2.1.0') {
    const old = typeof version === 'string' ? ` This is a SARIF ${version} log; convert it to 2.1.0 (SARIF Multitool: sarif transform --sarif-output-version Current).` : '';
    throw new InputError('bad-file', `Not a SARIF 2.1.0 log: version is ${JSON.stringify(version) ?? 'missing'}.${old}`, { details: { field: 'version' } });
  }
  const runs = asArray(doc.runs);
  if (!runs) throw new InputError('bad-file', 'Not a SARIF 2.1.0 log: runs is not an array.', { details: { field: 'runs' } });
  return runs;
}

/** A run of a log, and its results when they are read one at a time instead of from `run.results` (sarifStream.ts). */
export interface SarifRun {
  run: unknown;
  results?: Iterable<unknown>;
}

/** Read the runs of a SARIF 2.1.0 log (see `readSarif`). */
export function readRuns(runs: Iterable<SarifRun>, opts: ParseOptions): ReviewImport {
  const out: ReviewImport = { format: 'sarif', drafts: [], scopes: [], skipped: noSkips(), warnings: [] };
  const roots = checkoutRoots([opts.root, ...(opts.roots ?? [])]);
  let r = 0;
  for (const { run: rawRun, results } of runs) {
    const run = asObject(rawRun);
    if (!run) out.warnings.push(`SARIF runs[${r}] is not an object; it was skipped.`);
    else readRun(run, results, r, roots, opts, out);
    r++;
  }
  out.drafts = separateSharedKeys(out.drafts);
  return out;
}

interface RunContext extends LocationContext {
  tool: string;
  rules: RuleTable;
  opts: ParseOptions;
  skipped: ReviewSkips;
}

function readRun(run: JsonObject, streamed: Iterable<unknown> | undefined, r: number, roots: readonly string[], opts: ParseOptions, out: ReviewImport): void {
  const tool = asObject(run.tool);
  const name = asText(asObject(tool?.driver)?.name);
  if (name === undefined) out.warnings.push(`SARIF runs[${r}].tool.driver.name is missing; its findings are attributed to "unknown tool", and a later scan cannot mark them gone.`);
  else if (!out.scopes.some((s) => s.author === name)) out.scopes.push({ kind: 'sarif', author: name } satisfies ImportScope);
  const ctx: RunContext = { tool: name ?? 'unknown tool', rules: new RuleTable(tool), artifacts: asArray(run.artifacts), baseIds: asObject(run.originalUriBaseIds), roots, resolved: new Map(), opts, skipped: out.skipped };
  if (!streamed && run.results !== undefined && !Array.isArray(run.results)) out.warnings.push(`SARIF runs[${r}].results is not an array; the run was skipped.`);
  let i = 0;
  for (const result of streamed ?? asArray(run.results) ?? []) {
    const draft = readResult(ctx, result, `runs[${r}].results[${i++}]`);
    if (draft) out.drafts.push(draft);
  }
}

/** One result as a draft, or undefined when it is not a finding (counted in `skipped`). */
function readResult(ctx: RunContext, raw: unknown, where: string): FindingDraft | undefined {
  const warnings = new FieldWarnings();
  const result = asObject(raw) ?? {};
  if (!asObject(raw)) warnings.bad('result', raw, 'an object', 'it is kept as an unreadable result');
  if (isSuppressed(result.suppressions)) return void ctx.skipped.suppressed++;
  if (result.baselineState === 'absent') return void ctx.skipped.absent++;
  const kind = asString(result.kind) ?? 'fail';
  if (notFindingKinds.has(kind)) return void ctx.skipped.notFindings++;

  const { rule, component } = ctx.rules.ruleOf(result);
  const ruleId = asText(result.ruleId) ?? asText(asObject(result.rule)?.id) ?? asText(rule?.id);
  const severity = severityOf(result, rule, kind, warnings);
  const text = ctx.rules.messageOf(result, rule, component, warnings) ?? ruleId ?? (asObject(raw) ? `${ctx.tool} result` : `Unreadable ${ctx.tool} result: ${(JSON.stringify(raw) ?? typeof raw).slice(0, 2000)}`);

  const locations = asArray(result.locations) ?? [];
  const first = asObject(locations[0]);
  const physical = asObject(first?.physicalLocation);
  const place = physical ? physicalPlace(ctx, physical, warnings, 'locations[0].physicalLocation') : undefined;
  if (!place) warnings.list.push('The result has no file location; it is kept without one.');

  // Only what the result has is summarised: most results have none of these, and this runs per result.
  const details = first?.logicalLocations !== undefined ? logicalNames(first) : [];
  if (result.relatedLocations !== undefined) details.push(...section('Related locations', locationList(ctx, result.relatedLocations, RELATED_LIMIT, warnings, 'relatedLocations')));
  if (result.codeFlows !== undefined) details.push(...section('Code flow', codeFlow(ctx, result.codeFlows, warnings)));
  if (locations.length > 1) details.push(...section('Also at', locationList(ctx, locations.slice(1), RELATED_LIMIT, warnings, 'locations')));
  const lineEnd = text.indexOf('\n');
  const firstLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const body = details.length ? [text, ...details].join('\n\n') : text;
  const fingerprint = fingerprintOf(result);
  const url = asText(result.hostedViewerUri) ?? asText(rule?.helpUri);
  // Plain assignments, not spreads: object spread costs ~10× more per result at 100,000 results.
  // In the schema's key order, so the store keeps the object instead of a validated copy.
  const source: FindingDraft['source'] = {
    kind: 'sarif',
    externalId: fingerprint !== undefined ? stableId('sarif', ctx.tool, ruleId, place?.file, fingerprint) : placeKey(ctx.tool, ruleId, place, text),
  };
  if (ctx.opts.origin) source.origin = ctx.opts.origin;
  if (url !== undefined) source.url = url;
  source.author = ctx.tool;
  const draft: FindingDraft = {
    severity,
    title: `${ruleId !== undefined && ruleId !== firstLine ? `${ruleId}: ` : ''}${firstLine}`.slice(0, 200),
    message: `${body}\n\n(${ctx.tool}${ruleId !== undefined ? ` ${ruleId}` : ''})`,
    source,
  };
  setPlace(draft, place);
  if (warnings.list.length) draft.warnings = warnings.list.map((w) => (w.startsWith('SARIF ') ? `${w} (${where})` : w));
  return draft;
}

/** Suppressed when a suppression is accepted (or has no status) and none was rejected (SARIF `suppression.status`). */
function isSuppressed(raw: unknown): boolean {
  const list = asArray(raw);
  if (!list || list.length === 0) return false;
  return list.some((s) => {
    const status = asObject(s)?.status;
    return status === undefined || status === 'accepted';
  }) && !list.some((s) => asObject(s)?.status === 'rejected');
}

function severityOf(result: JsonObject, rule: JsonObject | undefined, kind: string, warnings: FieldWarnings): Severity {
  const raw = result.level;
  if (typeof raw === 'string' && levels[raw]) return levels[raw];
  const fallback = asString(asObject(rule?.defaultConfiguration)?.level) ?? (kind === 'fail' ? 'warning' : 'none');
  if (raw !== undefined) {
    const lower = typeof raw === 'string' ? raw.toLowerCase() : undefined;
    if (lower !== undefined && levels[lower]) {
      warnings.bad('level', raw, 'a SARIF level (error, warning, note, none: lower case)', `read as "${lower}"`);
      return levels[lower];
    }
    warnings.bad('level', raw, 'a SARIF level (error, warning, note, none)', `the rule's default "${levels[fallback] ? fallback : 'warning'}" is used`);
  }
  return levels[fallback] ?? 'non-blocking';
}

function fingerprintOf(result: JsonObject): string | undefined {
  for (const map of [result.fingerprints, result.partialFingerprints]) {
    const entries = asStringMap(map);
    if (entries.length > 0) return entries.map(([k, v]) => `${k}=${v}`).join('\u0000');
  }
  return asText(result.correlationGuid);
}

function placeKey(tool: string, ruleId: string | undefined, place: Place | undefined, text: string, fingerprint?: string): string {
  const offset = place?.offset;
  return stableId('sarif', tool, ruleId, place?.file, place?.line, place?.column, place?.endLine, place?.endColumn, offset?.start, offset?.length, text, fingerprint);
}

function setPlace(draft: FindingDraft, place: Place | undefined): void {
  if (!place) return;
  draft.file = place.file;
  if (place.line !== undefined) {
    draft.line = place.line;
    draft.endLine = place.endLine ?? place.line;
    if (place.column !== undefined) draft.column = place.column;
    if (place.endColumn !== undefined) draft.endColumn = place.endColumn;
  } else if (place.offset) {
    draft.offset = place.offset;
  }
}

function logicalNames(location: JsonObject | undefined): string[] {
  const names = (asArray(location?.logicalLocations) ?? [])
    .map((l) => asText(asObject(l)?.fullyQualifiedName) ?? asText(asObject(l)?.name))
    .filter((n): n is string => n !== undefined);
  return names.length ? [`In ${names.join(', ')}`] : [];
}

function section(title: string, lines: string[]): string[] {
  return lines.length ? [`${title}:\n${lines.map((l) => `- ${l}`).join('\n')}`] : [];
}

/** The steps of the first thread flow of the first code flow. */
function codeFlow(ctx: RunContext, raw: unknown, warnings: FieldWarnings): string[] {
  const flow = asObject(asArray(raw)?.[0]);
  const thread = asObject(asArray(flow?.threadFlows)?.[0]);
  return locationList(ctx, thread?.locations, FLOW_LIMIT, warnings, 'codeFlows[0].threadFlows[0].locations');
}

/**
 * Every result of a log is its own finding. Two results with the same fingerprint key at different
 * places (identical-line hashes, Semgrep's `"requires login"`) get their place hashed into the key;
 * results identical in every field we read (FxCop reports one call per line, however many there
 * are) are numbered in order of appearance, which a re-scan repeats.
 */
function separateSharedKeys(drafts: FindingDraft[]): FindingDraft[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const d of drafts) {
    const key = d.source.externalId!;
    if (seen.has(key)) repeated.add(key);
    else seen.add(key);
  }
  if (repeated.size === 0) return drafts;
  const groups = new Map<string, FindingDraft[]>();
  for (const d of drafts) {
    const key = d.source.externalId!;
    if (!repeated.has(key)) continue;
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  const spread = new Set<string>();
  for (const [key, list] of groups) if (list.some((d) => !samePlace(list[0]!, d))) spread.add(key);
  const occurrences = new Map<string, number>();
  return drafts.map((d) => {
    const key = d.source.externalId!;
    if (!repeated.has(key)) return d;
    const base = spread.has(key) ? placeKey(d.source.author ?? '', d.title, placeOf(d), d.message, key) : key;
    const n = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, n);
    const externalId = n === 1 ? base : stableId('sarif', base, n);
    return externalId === key ? d : { ...d, source: { ...d.source, externalId } };
  });
}

function placeOf(d: FindingDraft): Place | undefined {
  if (d.file === undefined) return undefined;
  const place: Place = { file: d.file };
  if (d.line !== undefined) {
    place.line = d.line;
    if (d.endLine !== undefined) place.endLine = d.endLine;
    if (d.column !== undefined) place.column = d.column;
    if (d.endColumn !== undefined) place.endColumn = d.endColumn;
  }
  if (d.offset) place.offset = d.offset;
  return place;
}

function samePlace(a: FindingDraft, b: FindingDraft): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn && a.offset?.start === b.offset?.start && a.message === b.message;
}
