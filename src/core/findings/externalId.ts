/** Stable external ids: the same review item always hashes to the same id, so re-imports merge. */
import { createHash } from 'node:crypto';

/** Lower-case, whitespace collapsed, markdown emphasis dropped: formatting noise does not change the id. */
export function normalizeItemText(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** `<prefix>:<16 hex>` from the given parts. */
export function stableId(prefix: string, ...parts: (string | number | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part ?? ''}\u0000`);
  return `${prefix}:${hash.digest('hex').slice(0, 16)}`;
}
