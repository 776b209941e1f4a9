/**
 * Known errors in GitHub's published OpenAPI description, patched before compiling (each one is
 * listed with its evidence in ERRATA.md). Keep this list short: every entry is a place where the
 * double trusts a report of GitHub's behaviour over the published contract.
 */
type Components = Record<string, Record<string, Record<string, unknown>>>;

/** Fields that GitHub sends as `null` although the description says they are always present. */
const NULLABLE_FIELDS: Array<{ schema: string; fields: string[]; why: string }> = [
  {
    schema: 'pull-request-review-comment',
    fields: ['line', 'original_line', 'position', 'start_side', 'side'],
    why: 'outdated and file-level review comments (github/rest-api-description#1901, #5568)',
  },
];

/** Patch the trimmed components in place. */
export function applyErrata(components: Components): void {
  for (const entry of NULLABLE_FIELDS) {
    const props = components.schemas?.[entry.schema]?.properties as Record<string, Record<string, unknown>> | undefined;
    if (!props) continue;
    for (const field of entry.fields) {
      const prop = props[field];
      if (prop) prop.nullable = true;
    }
  }
}
