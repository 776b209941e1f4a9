/** Stable external ids: the same review item always hashes to the same id, so re-imports merge. */
import { hash } from 'node:crypto';

/** Lower-case, whitespace collapsed, markdown emphasis dropped: formatting noise does not change the id. */
export function normalizeItemText(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** `<prefix>:<16 hex>` from the given parts (one-shot hash: a 100,000-result import computes 100,000 of them). */
export function stableId(prefix: string, ...parts: (string | number | undefined)[]): string {
  let text = '';
  for (const part of parts) text += `${part ?? ''}\u0000`;
  return `${prefix}:${hash('sha256', text, 'hex').slice(0, 16)}`;
}
