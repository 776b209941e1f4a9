/** Small readers shared by the JSON-lines output parsers: one line to an object, typed field access. */

/** The line as a JSON object, or undefined when it is not one (ordinary output). Throws on broken JSON that starts with `{`. */
export function parseObject(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  const value: unknown = JSON.parse(trimmed);
  return isRecord(value) ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** A finite number, or undefined. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The last `limit` characters of `text`. */
export function keepLast(text: string, limit: number): string {
  return text.length > limit ? text.slice(text.length - limit) : text;
}

/** Longest failure message or denial detail kept. */
const MESSAGE_LIMIT = 2000;

/** `text` cut to the message limit. */
export function clip(text: string): string {
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;
}

/** The shell command of a refused call, or its parameters as JSON (cut short). */
export function commandOf(parameters: unknown): string | undefined {
  if (isRecord(parameters) && typeof parameters.command === 'string') return clip(parameters.command);
  if (parameters === undefined) return undefined;
  const json = JSON.stringify(parameters);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}
