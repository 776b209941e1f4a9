/**
 * Whether a remote is configured, read from the repository's own config file without starting git.
 * Only a sure "yes" counts: a `[remote "<name>"]` section of `<common dir>/config` that sets a `url`.
 * Anything else (no such section, a remote from the user's global config, an include, a file that
 * cannot be read or has an unusual layout) answers "don't know", and the caller asks git.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SECTION = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;
const REMOTE_SECTION = /^\s*remote\s+"((?:[^"\\]|\\.)*)"\s*$/i;
const URL_KEY = /^\s*url\s*=\s*\S/i;

/** `true` when `<commonDir>/config` itself configures `remote` with a URL; `false` means "ask git". */
export function remoteInRepoConfig(commonDir: string, remote: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(commonDir, 'config'), 'utf8');
  } catch {
    return false;
  }
  let inRemote = false;
  for (const line of text.split(/\r?\n/)) {
    const section = SECTION.exec(line);
    if (section) {
      const name = REMOTE_SECTION.exec(section[1] ?? '')?.[1];
      inRemote = name !== undefined && name.replace(/\\(.)/g, '$1') === remote;
    } else if (inRemote && URL_KEY.test(line)) {
      return true;
    }
  }
  return false;
}
