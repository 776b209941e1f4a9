/**
 * Lenient field readers for SARIF: each returns the value when it has the expected type and
 * `undefined` otherwise, so one odd field (`"message": null`, `"startLine": -3`) loses that field,
 * never the result or the log. Plain type checks instead of a schema per result: a 100,000-result
 * log is read in one pass without allocating validation issues.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An integer ≥ `min`. */
export function asInt(value: unknown, min: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : undefined;
}

/** A string → string map (fingerprints); entries of another type are left out. */
export function asStringMap(value: unknown): Array<[string, string]> {
  const record = asObject(value);
  if (!record) return [];
  return Object.entries(record)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Collects the warnings of one result: each names the field that was dropped and what was there,
 * e.g. `SARIF level: "Error" is not a SARIF level (error, warning, note, none); read as "error"`.
 */
export class FieldWarnings {
  readonly list: string[] = [];
  /** `field` held `value`, which is not `expected`; what happens instead is `then`. */
  bad(field: string, value: unknown, expected: string, then: string): void {
    this.list.push(`SARIF ${field}: ${describe(value)} is not ${expected}; ${then}.`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
