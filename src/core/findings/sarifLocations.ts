/**
 * Where a SARIF result points: artifact URIs resolved through `artifacts[index]` and chains of
 * `originalUriBaseIds`, absolute paths and `file://` URIs inside any checkout of the repository made
 * relative, and regions kept with their columns (or as a character offset to be turned into lines
 * from the file's content).
 */
import { posix } from 'node:path';
import { asArray, asInt, asObject, asString, asText, type FieldWarnings, type JsonObject } from './sarifFields';
import type { FindingDraft } from './types';

/** The part of a run that locations are resolved against. */
export interface LocationContext {
  artifacts: unknown[] | undefined;
  baseIds: JsonObject | undefined;
  /** Checkout roots without a trailing slash, longest first. */
  roots: readonly string[];
  /** Resolved paths by base id (`''` for none), then URI: the results of one file resolve its URI once. */
  resolved: Map<string, Map<string, string>>;
}

/** A resolved place: a path (relative, or absolute outside every checkout) and the region. */
export interface Place {
  file: string;
  line?: number;
  endLine?: number;
  column?: number;
  endColumn?: number;
  offset?: FindingDraft['offset'];
}

/** Checkout roots for `LocationContext`: slashes normalised, trailing slash dropped, longest first. */
export function checkoutRoots(roots: readonly (string | undefined)[]): string[] {
  const clean = roots.filter((r): r is string => !!r).map((r) => r.replace(/\\/g, '/').replace(/\/+$/, ''));
  return [...new Set(clean)].filter((r) => r.length > 0).sort((a, b) => b.length - a.length);
}

/** The place of a `physicalLocation`, or undefined (with a warning) when it names no usable file. */
export function physicalPlace(ctx: LocationContext, physical: JsonObject, warnings: FieldWarnings, field: string): Place | undefined {
  const file = artifactPath(ctx, physical.artifactLocation, warnings, `${field}.artifactLocation`);
  if (file === undefined) return undefined;
  const place: Place = { file };
  setRegion(place, physical.region, warnings, `${field}.region`);
  return place;
}

/** `path:line` for a place, for the related-locations and code-flow summaries. */
export function placeText(place: Place): string {
  return place.line !== undefined ? `${place.file}:${place.line}${place.column !== undefined ? `:${place.column}` : ''}` : place.file;
}

function artifactPath(ctx: LocationContext, raw: unknown, warnings: FieldWarnings, field: string): string | undefined {
  const location = asObject(raw);
  if (!location) return undefined;
  let uri = asText(location.uri);
  let baseId = asText(location.uriBaseId);
  const index = asInt(location.index, 0);
  if (uri === undefined && index !== undefined) {
    const artifact = asObject(asObject(ctx.artifacts?.[index])?.location);
    uri = asText(artifact?.uri);
    baseId ??= asText(artifact?.uriBaseId);
  }
  if (uri === undefined) {
    if (location.uri !== undefined) warnings.bad(`${field}.uri`, location.uri, 'a URI', 'the result is kept without a file');
    return undefined;
  }
  // Two maps rather than one joined key: a 100,000-result log would build and hash a joined URI per result.
  let byUri = ctx.resolved.get(baseId ?? '');
  if (!byUri) ctx.resolved.set(baseId ?? '', (byUri = new Map<string, string>()));
  const cached = byUri.get(uri);
  if (cached !== undefined) return cached;
  const path = resolvePath(ctx, uri, baseId, warnings, field);
  if (path !== undefined) byUri.set(uri, path);
  return path;
}

function resolvePath(ctx: LocationContext, uri: string, baseId: string | undefined, warnings: FieldWarnings, field: string): string | undefined {
  const { resolved, relative } = withBase(ctx, uri, baseId);
  let path: string;
  if (resolved.startsWith('file:')) {
    const local = fileUriPath(resolved);
    // file://build-host/work/src/x.c: another machine's checkout; below its base it is still the repository.
    if (local === undefined) {
      if (relative !== undefined) return safeDecode(relative);
      warnings.bad(`${field}.uri`, uri, 'a file on this machine', 'the result is kept without a file');
      return undefined;
    }
    path = local;
  } else if (/^[a-z][a-z0-9+.-]+:/i.test(resolved)) {
    warnings.bad(`${field}.uri`, uri, 'a file in the repository', 'the result is kept without a file');
    return undefined;
  } else path = safeDecode(resolved);
  const inCheckout = toRelative(ctx, path);
  // A base naming another machine's checkout (CI's %SRCROOT%): the path below the base is the repository path.
  return inCheckout === path && relative !== undefined && path.startsWith('/') ? safeDecode(relative) : inCheckout;
}

/**
 * The URI with its `uriBaseId` chain applied (cycles and unknown ids stop the chain: the rest stays
 * relative), and the relative part it had before the first absolute base.
 */
function withBase(ctx: LocationContext, uri: string, baseId: string | undefined): { resolved: string; relative: string | undefined } {
  let out = uri;
  let relative: string | undefined;
  const seen = new Set<string>();
  while (baseId !== undefined && !isAbsolute(out) && !seen.has(baseId)) {
    seen.add(baseId);
    const base = asObject(ctx.baseIds?.[baseId]);
    const baseUri = asString(base?.uri);
    if (baseUri) {
      const joined = joinUri(baseUri, out);
      if (isAbsolute(joined)) relative = out.replace(/^\.\//, '');
      out = joined;
    }
    baseId = asText(base?.uriBaseId);
  }
  return { resolved: out, relative };
}

function isAbsolute(uri: string): boolean {
  return uri.startsWith('/') || /^[a-z][a-z0-9+.-]+:/i.test(uri);
}

function joinUri(base: string, relative: string): string {
  const slashed = base.endsWith('/') ? base : `${base}/`;
  return slashed + relative.replace(/^\.\//, '');
}

/**
 * The path of a `file:` URI (`file:///a/b`, `file://localhost/a/b`, `file:/a/b`), percent-decoded;
 * undefined for a URI naming another host (`file://build-host/a/b`).
 */
function fileUriPath(uri: string): string | undefined {
  const host = /^file:\/\/([^/]*)/i.exec(uri)?.[1];
  if (host !== undefined && host !== '' && host.toLowerCase() !== 'localhost') return undefined;
  const path = safeDecode(uri.replace(/^file:(?:\/\/(?:localhost)?)?/i, ''));
  // file:///C:/x → C:/x (refused later as a Windows path, never read as /C:/x).
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

/** Relative to the first checkout that contains it; else as written (relative paths stay relative). */
function toRelative(ctx: LocationContext, path: string): string {
  if (!path.startsWith('/')) return path;
  const normalized = posix.normalize(path);
  for (const root of ctx.roots) {
    if (normalized.startsWith(`${root}/`)) return normalized.slice(root.length + 1);
  }
  return path;
}

/** The region's lines and columns (or offset) into `place`; plain assignments, not spreads: this runs per result. */
function setRegion(place: Place, raw: unknown, warnings: FieldWarnings, field: string): void {
  const region = asObject(raw);
  if (!region) return;
  const line = lineField(region, 'startLine', warnings, field);
  if (line === undefined) {
    const charOffset = asInt(region.charOffset, 0);
    const byteOffset = asInt(region.byteOffset, 0);
    if (charOffset !== undefined) place.offset = { unit: 'char', start: charOffset, ...lengthOf(region.charLength) };
    else if (byteOffset !== undefined) place.offset = { unit: 'byte', start: byteOffset, ...lengthOf(region.byteLength) };
    return;
  }
  place.line = line;
  place.endLine = Math.max(line, lineField(region, 'endLine', warnings, field) ?? line);
  const column = lineField(region, 'startColumn', warnings, field);
  const endColumn = lineField(region, 'endColumn', warnings, field);
  if (column !== undefined) place.column = column;
  if (endColumn !== undefined) place.endColumn = endColumn;
}

function lineField(region: JsonObject, name: string, warnings: FieldWarnings, field: string): number | undefined {
  const value = region[name];
  if (value === undefined) return undefined;
  const n = asInt(value, 1);
  if (n === undefined) warnings.bad(`${field}.${name}`, value, 'a positive integer', 'it is left out');
  return n;
}

function lengthOf(value: unknown): { length?: number } {
  const n = asInt(value, 0);
  return n === undefined ? {} : { length: n };
}

function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The locations of a `relatedLocations` or thread-flow list, as short lines. */
export function locationList(ctx: LocationContext, raw: unknown, limit: number, warnings: FieldWarnings, field: string): string[] {
  const list = asArray(raw) ?? [];
  const out: string[] = [];
  for (const [i, item] of list.entries()) {
    if (out.length === limit) {
      out.push(`… and ${list.length - i} more`);
      break;
    }
    const location = asObject(asObject(item)?.location) ?? asObject(item);
    if (!location) continue;
    const physical = asObject(location.physicalLocation);
    const place = physical ? physicalPlace(ctx, physical, warnings, `${field}[${i}].physicalLocation`) : undefined;
    const message = asText(asObject(location.message)?.text);
    const where = place ? placeText(place) : undefined;
    if (where || message) out.push([where, message].filter(Boolean).join(' — '));
  }
  return out;
}
