/** JSON parsing that reports where a malformed file breaks, as a `bad-file` error. */
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError } from '../errors';

/** Parse `text` as strict JSON or throw `bad-file` naming the line and column of the first syntax error. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // JSON.parse does not always say where; the tolerant parser reports the offset of the first error.
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (!first) throw new InputError('bad-file', `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    const before = text.slice(0, first.offset);
    const line = before.split('\n').length;
    const column = first.offset - before.lastIndexOf('\n');
    throw new InputError('bad-file', `${what} is not valid JSON at line ${line}, column ${column}: ${printParseErrorCode(first.error)}.`, { details: { line, column } });
  }
}

/** `a.b[2].c` from a zod-style issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(root)';
}
