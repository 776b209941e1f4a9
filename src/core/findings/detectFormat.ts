/** Which importer a review file needs, from its name and, failing that, its content. */
import type { ReviewFormat } from './types';

/**
 * `.sarif` / `.sarif.json` → sarif; `.md` / `.markdown` / `.txt` → markdown; `.json` and anything
 * else is sniffed: a JSON object with `runs` (or a `version` of `2.1.0`) is SARIF, another JSON
 * object is Revise findings JSON, everything else is markdown.
 */
export function detectFormat(fileName: string, text: string): ReviewFormat {
  const name = fileName.toLowerCase();
  if (name.endsWith('.sarif') || name.endsWith('.sarif.json')) return 'sarif';
  if (/\.(md|markdown|txt)$/.test(name)) return 'markdown';
  const head = text.trimStart();
  if (!head.startsWith('{')) return 'markdown';
  if (/"runs"\s*:/.test(text) || /"version"\s*:\s*"2\.1\.0"/.test(text) || /sarif/i.test(head.slice(0, 200))) return 'sarif';
  return 'json';
}
