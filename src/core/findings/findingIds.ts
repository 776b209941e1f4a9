/** Finding ids: a letter prefix and a number (`B1`, `N2`, `C3`). A new finding never reuses a number. */

/** One past the highest number in use with `prefix` among `ids` (`C3` after `C1`, `C2`). */
export function nextFindingId(ids: Iterable<string>, prefix: string): string {
  let highest = 0;
  for (const id of ids) {
    if (!id.startsWith(prefix)) continue;
    const digits = id.slice(prefix.length);
    if (/^\d+$/.test(digits)) highest = Math.max(highest, Number(digits));
  }
  return `${prefix}${highest + 1}`;
}
