/**
 * Which GitHub repository a git remote URL names. Accepts the forms git itself accepts for GitHub
 * and GitHub Enterprise: `https://host/o/r(.git)`, `git@host:o/r(.git)`, `ssh://git@host[:port]/o/r`,
 * and `git://host/o/r`, with or without `.git` and a trailing slash.
 */

/** A GitHub repository: its web host (`github.com` or an enterprise host), owner and name. */
export interface GitHubRepoRef {
  host: string;
  owner: string;
  repo: string;
}

export interface ParseRemoteOptions {
  /** Enterprise hosts accepted besides `github.com` (e.g. `github.example.com`). */
  enterpriseHosts?: string[];
}

// GitHub's own rules: owners are alphanumerics and hyphens, repos also allow `.` and `_`.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
// scp-like syntax: `[user@]host:path`, with no scheme and no slash before the colon.
const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;

/**
 * Parse a remote URL into the GitHub repository it names, or `undefined` when it is not a
 * GitHub remote (another host, a local path, or a malformed owner/repo).
 */
export function parseGitHubRemote(url: string, opts: ParseRemoteOptions = {}): GitHubRepoRef | undefined {
  const hosts = new Set(['github.com', 'www.github.com', ...(opts.enterpriseHosts ?? []).map((h) => h.toLowerCase())]);
  const trimmed = url.trim();
  const located = locate(trimmed);
  if (!located) return undefined;
  const host = located.host.toLowerCase();
  if (!hosts.has(host)) return undefined;
  const segments = located.path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  if (segments.length !== 2) return undefined;
  const owner = segments[0] ?? '';
  const repo = (segments[1] ?? '').replace(/\.git$/, '');
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') return undefined;
  return { host: host === 'www.github.com' ? 'github.com' : host, owner, repo };
}

function locate(url: string): { host: string; path: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return undefined;
    return { host: parsed.hostname, path: decodeURIComponent(parsed.pathname) };
  }
  const scp = SCP_LIKE.exec(url);
  if (scp?.[1] && scp[2]) return { host: scp[1], path: scp[2] };
  return undefined;
}
