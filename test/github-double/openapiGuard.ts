/**
 * Checks REST exchanges against GitHub's official OpenAPI description (`@octokit/openapi`,
 * api.github.com). The 13 MB document is read once per process; only the operations the double
 * serves and the `$ref`s they reach are kept, converted from OpenAPI 3.0 to JSON Schema, patched
 * with the errata of ERRATA.md, and compiled lazily (one validator per operation and status).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { applyErrata } from './errata';

type Json = Record<string, unknown>;

/** The operations the double serves. */
export const SERVED_OPERATIONS = [
  'pulls/list',
  'pulls/get',
  'pulls/list-reviews',
  'pulls/create-reply-for-review-comment',
  'pulls/create-review',
  'issues/get',
  'issues/create-comment',
  'checks/list-for-ref',
  'checks/list-annotations',
  'actions/create-workflow-dispatch',
  'actions/list-workflow-runs',
  'actions/get-workflow-run',
  'actions/list-jobs-for-workflow-run',
  'actions/download-job-logs-for-workflow-run',
  'actions/list-workflow-run-artifacts',
  'actions/download-artifact',
  'repos/get-collaborator-permission-level',
] as const;
export type OperationId = (typeof SERVED_OPERATIONS)[number];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Json;
}

interface Operation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: Json }> };
  responses: Record<string, Json>;
}

/** A request matched to a documented GitHub operation. */
export interface MatchedRoute {
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
}

interface Loaded {
  routes: Array<{ method: string; template: string; regex: RegExp; names: string[]; literalCount: number; operationId: string }>;
  operations: Map<string, Operation>;
  components: Record<string, Record<string, Json>>;
  examples: Record<string, Json>;
  ajv: Ajv;
  coercing: Ajv;
}

let loaded: Loaded | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): Loaded {
  if (loaded) return loaded;
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, Json>>; components: Record<string, Record<string, Json>> };
  const routes: Loaded['routes'] = [];
  const operations = new Map<string, Operation>();
  const wanted = new Set<string>(SERVED_OPERATIONS);
  for (const [template, item] of Object.entries(spec.paths)) {
    const names: string[] = [];
    const pattern = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const literalCount = template.split('/').filter((s) => s && !s.startsWith('{')).length;
    for (const [method, raw] of Object.entries(item)) {
      const operationId = raw.operationId;
      if (typeof operationId !== 'string') continue;
      routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${pattern}$`), names, literalCount, operationId });
      if (!wanted.has(operationId)) continue;
      const resolved = resolveParameters(spec, raw);
      operations.set(operationId, { ...(raw as unknown as Operation), operationId, method: method.toUpperCase(), template, parameters: resolved });
    }
  }
  // Literal segments win over templated ones, as on GitHub.
  routes.sort((a, b) => b.literalCount - a.literalCount);
  const components = trimComponents(spec, [...operations.values()]);
  applyErrata(components);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(toJsonSchema({ components }) as Json, 'gh');
  const coercing = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
  addFormats(coercing);
  coercing.addSchema(toJsonSchema({ components }) as Json, 'gh');
  loaded = { routes, operations, components, examples: spec.components.examples ?? {}, ajv, coercing };
  return loaded;
}

function resolveParameters(spec: { components: Record<string, Record<string, Json>> }, op: Json): Parameter[] {
  const params = (op.parameters ?? []) as Json[];
  return params.map((p) => {
    const ref = p.$ref;
    if (typeof ref === 'string') return spec.components.parameters?.[ref.split('/').pop() ?? ''] as unknown as Parameter;
    return p as unknown as Parameter;
  });
}

/** Keep only the components reachable from the served operations. */
function trimComponents(spec: { components: Record<string, Record<string, Json>> }, ops: Operation[]): Record<string, Record<string, Json>> {
  const out: Record<string, Record<string, Json>> = {};
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) {
        if (seen.has(v)) continue;
        seen.add(v);
        const [, , section = '', name = ''] = v.split('/');
        const target = spec.components[section]?.[name];
        if (target === undefined) continue;
        (out[section] ??= {})[name] = target;
        visit(target);
      } else if (k !== 'examples' && k !== 'example') visit(v);
    }
  };
  ops.forEach((op) => visit({ parameters: op.parameters, requestBody: op.requestBody, responses: op.responses }));
  return out;
}

/** OpenAPI 3.0 → JSON Schema: `nullable`, `discriminator`, and `$ref`s pointed at the `gh` document. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'nullable' || k === 'discriminator' || k === 'example' || k === 'examples') continue;
    out[k] = k === '$ref' && typeof v === 'string' ? `gh${v}` : toJsonSchema(v);
  }
  if (src.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function operation(operationId: string): Operation {
  const op = load().operations.get(operationId);
  if (!op) throw new Error(`The double does not serve ${operationId}`);
  return op;
}

function compiled(key: string, schema: () => Json, coerce = false): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    const l = load();
    v = (coerce ? l.coercing : l.ajv).compile(schema());
    validators.set(key, v);
  }
  return v;
}

function errorsOf(v: ValidateFunction, where: string): string[] {
  return (v.errors ?? []).map((e) => `${where}${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** The documented GitHub operation for a method and path, if any (also those the double does not serve). */
export function matchRoute(method: string, pathname: string): MatchedRoute | undefined {
  for (const r of load().routes) {
    if (r.method !== method) continue;
    const m = r.regex.exec(pathname);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    r.names.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1] ?? '')));
    return { operationId: r.operationId, template: r.template, pathParams };
  }
  return undefined;
}

/** Validate path and query parameters (coerced to their types) and the JSON body of a request. */
export function validateRequest(operationId: string, pathParams: Record<string, string>, query: Record<string, string>, body: unknown): string[] {
  const op = operation(operationId);
  const errors: string[] = [];
  for (const where of ['path', 'query'] as const) {
    const values: Json = { ...(where === 'path' ? pathParams : query) };
    const params = op.parameters.filter((p) => p.in === where);
    for (const key of Object.keys(values)) if (!params.some((p) => p.name === key)) errors.push(`${where} parameter "${key}" is not defined by ${operationId}`);
    const schema = () => ({
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, toJsonSchema(p.schema)])),
      required: params.filter((p) => p.required).map((p) => p.name),
    });
    const v = compiled(`${operationId} ${where}`, schema, true);
    if (!v(values)) errors.push(...errorsOf(v, `${where}`));
  }
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  if (bodySchema) {
    if (body === undefined && op.requestBody?.required) errors.push(`body is required by ${operationId}`);
    const v = compiled(`${operationId} body`, () => toJsonSchema(bodySchema) as Json);
    if (body !== undefined && !v(body)) errors.push(...errorsOf(v, 'body'));
  } else if (body !== undefined) errors.push(`${operationId} takes no request body`);
  return errors;
}

/**
 * Validate a response: the status must be documented (or one GitHub may send on any operation,
 * see ERRATA.md), the body must match its schema, and documented headers their schema.
 */
export function validateResponse(operationId: string, status: number, body: unknown, headers: Record<string, string>): string[] {
  const op = operation(operationId);
  const documented = op.responses[String(status)];
  const anyOperation = [401, 403, 404, 429, 500, 502, 503].includes(status);
  if (!documented && !anyOperation) return [`status ${status} is not documented for ${operationId}`];
  const response = documented ? derefResponse(documented) : { content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } } };
  const schema = (response.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
  const errors: string[] = [];
  if (schema) {
    const v = compiled(`${operationId} ${status} ${documented ? 'body' : 'error'}`, () => toJsonSchema(schema) as Json);
    if (!v(body)) errors.push(...errorsOf(v, `response ${status}`));
  }
  for (const [name, spec] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
    const value = headers[name.toLowerCase()];
    if (value === undefined) continue;
    const headerSchema = (spec.$ref ? derefComponent(spec.$ref as string) : spec).schema as Json | undefined;
    if (!headerSchema) continue;
    const v = compiled(`${operationId} ${status} header ${name}`, () => toJsonSchema(headerSchema) as Json);
    if (!v(value)) errors.push(...errorsOf(v, `header ${name}`));
  }
  return errors;
}

function derefResponse(r: Json): Json {
  return typeof r.$ref === 'string' ? derefComponent(r.$ref) : r;
}

function derefComponent(ref: string): Json {
  const [, , section = '', name = ''] = ref.split('/');
  return load().components[section]?.[name] ?? {};
}

/**
 * A deep copy of an official example (`components/examples/<name>`), following a `$ref` inside
 * `value` as GitHub's tooling does. Factories start from these and override what matters.
 */
export function officialExample(name: string): unknown {
  const examples = load().examples;
  let value = examples[name]?.value;
  while (typeof value === 'object' && value !== null && typeof (value as Json).$ref === 'string') {
    value = examples[((value as Json).$ref as string).split('/').pop() ?? '']?.value;
  }
  if (value === undefined) throw new Error(`No official example named ${name}`);
  return structuredClone(value);
}
