/**
 * A remote URL fit to show: the credentials a URL can carry (`https://user:token@host/…`, or a
 * token alone in the user slot) are removed, so a push target can be printed and put on screen.
 */

/**
 * `url` without credentials. For http(s) the whole user part goes (tokens are often written there
 * alone); for other schemes (`ssh://git@host/…`) the user name stays and only a password goes.
 * An scp-like address (`git@host:o/r`) and a local path carry no password and are returned as they
 * are; a URL that cannot be parsed is returned as the `[unparsable URL]` placeholder, never as is.
 */
export function urlWithoutCredentials(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[unparsable URL]';
  }
  const dropUser = /^https?:$/i.test(parsed.protocol) && parsed.username !== '';
  // Without credentials the URL is returned as written (URL would re-encode it, e.g. spaces in a file:// path).
  if (!dropUser && parsed.password === '') return url;
  if (dropUser) parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
