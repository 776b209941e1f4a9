/**
 * Git LFS for the suites that need it: when `git lfs` is missing, it is apt-installed (as root or
 * through non-interactive sudo) with the same helper and lock as the VS Code host tools, so a fresh
 * CI machine gets it the first time an LFS suite runs. Returns false when it cannot be installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const TOOLS = join(__dirname, '..', 'host', 'tools.sh');

function lfsVersion(): boolean {
  return spawnSync('git', ['lfs', 'version'], { stdio: 'ignore' }).status === 0;
}

export function ensureGitLfs(): boolean {
  if (lfsVersion()) return true;
  const script = `source "${TOOLS}" && mkdir -p "$HOST_CACHE" && exec 9>"$HOST_CACHE/.apt-lock" && flock 9 && apt_install_missing git-lfs`;
  try {
    execFileSync('bash', ['-c', script], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    return false;
  }
  return lfsVersion();
}
