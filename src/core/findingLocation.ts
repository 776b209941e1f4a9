/** Where a finding is, written one way everywhere: the prompt, the CLI, the extension, import warnings. */
import type { Finding } from './model';

/**
 * `path:line-endLine`, `path:line`, or `path`; with `column`, `path:line:column[-endLine]`.
 * Undefined for a finding without a file (each front end says that in its own words).
 */
export function findingLocation(f: Pick<Finding, 'file' | 'line' | 'endLine' | 'column'>, opts: { column?: boolean } = {}): string | undefined {
  if (!f.file) return undefined;
  if (f.line === undefined) return f.file;
  const column = opts.column && f.column !== undefined ? `:${f.column}` : '';
  const end = f.endLine !== undefined && f.endLine !== f.line ? `-${f.endLine}` : '';
  return `${f.file}:${f.line}${column}${end}`;
}
