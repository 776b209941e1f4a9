/**
 * Which importer a review file needs, from its name and, failing that, its content; and the
 * refusal of files that are no review at all (a script, XML, clang-tidy YAML, compiler JSON),
 * named by what they look like so the user knows which output to import instead.
 */
import { notAReview } from './reviewBytes';
import type { ReviewFormat } from './types';

/**
 * `.sarif` / `.sarif.json` (also `.gz`) → sarif; `.md` / `.markdown` / `.txt` → markdown; `.json`
 * and anything else is sniffed: a JSON object with `runs` (or a `version` of `2.1.0`) is SARIF,
 * another JSON object or a JSON array is Revise findings JSON, everything else is markdown.
 */
export function detectFormat(fileName: string, text: string): ReviewFormat {
  const named = formatByName(fileName);
  if (named) return named;
  const head = text.trimStart();
  if (head.startsWith('[') && text.trimEnd().endsWith(']')) return 'json';
  if (!head.startsWith('{')) return 'markdown';
  if (/"runs"\s*:/.test(text) || /"version"\s*:\s*"2\.1\.0"/.test(text) || /sarif/i.test(head.slice(0, 200))) return 'sarif';
  return 'json';
}

/** The format a file's name says (see `detectFormat`), or undefined when its content must tell. */
export function formatByName(fileName: string): ReviewFormat | undefined {
  const name = fileName.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.sarif') || name.endsWith('.sarif.json')) return 'sarif';
  if (/\.(md|markdown|txt)$/.test(name)) return 'markdown';
  return undefined;
}

/** Throw `bad-file` when the text is clearly not a review, whatever its name says. */
export function refuseNonReviewText(fileName: string, text: string): void {
  const head = text.trimStart().slice(0, 4096);
  if (head.startsWith('#!')) throw notAReview(fileName, `a script (${head.split('\n', 1)[0]!.slice(0, 60)})`);
  if (/^<\?xml\b/.test(head) || /^<(results|cppcheck|checkstyle|pmd|testsuites?|errors|report)\b/.test(head)) {
    const tool = /<cppcheck\b/.test(head) || /<results\b[^>]*\bversion="2"/.test(head) ? ' (cppcheck --xml)' : /<checkstyle\b/.test(head) ? ' (checkstyle)' : /<testsuites?\b/.test(head) ? ' (JUnit)' : '';
    throw notAReview(fileName, `XML${tool}; convert it to SARIF first (e.g. SARIF Multitool: sarif convert)`);
  }
  if (/^---\s*\n/.test(head) && /^\s*(MainSourceFile|Diagnostics)\s*:/m.test(head) && /DiagnosticName\s*:|MainSourceFile\s*:/.test(head)) {
    throw notAReview(fileName, 'a YAML file of clang-tidy fixes (--export-fixes); run clang-tidy through a SARIF converter instead');
  }
}

/** Throw `bad-file` when a JSON document is another tool's output rather than findings. */
export function refuseForeignJson(fileName: string, doc: unknown): void {
  if (!Array.isArray(doc)) return;
  const first = doc[0] as Record<string, unknown> | undefined;
  if (!first || typeof first !== 'object') return;
  if (typeof first.kind === 'string' && Array.isArray(first.locations) && ('caret' in ((first.locations[0] as object | undefined) ?? {}) || 'column-origin' in first)) {
    throw notAReview(fileName, 'GCC diagnostics (-fdiagnostics-format=json); use -fdiagnostics-format=sarif-file instead');
  }
  if (typeof first.filePath === 'string' && Array.isArray(first.messages)) {
    throw notAReview(fileName, "ESLint's JSON output; use the SARIF formatter (@microsoft/eslint-formatter-sarif) instead");
  }
}
