/**
 * What an agent could change outside its worktree, captured before and after a round so a change
 * is seen: the user's own checkout (HEAD, branch, and every changed or untracked file with a hash
 * of its content), the repository's config (keys, with hashed values: a remote URL may carry a
 * token), its hooks (the hooks folder and `core.hooksPath`), and the remote-tracking refs with the
 * reflog message that moved them.
 *
 * Pushes are read from the local remote-tracking refs and their reflogs ("update by push"), not
 * from the remote: no network, no credential prompt, nothing to wait for. It sees a push through
 * a configured remote (`git push origin …`, the usual case); a push to a bare URL, from another
 * clone, or followed by deleting the reflog is not seen.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { git } from './exec';

export interface RepoSnapshot {
  /** `branch-or-detached sha` of the user's checkout; undefined when it could not be read. */
  checkoutHead?: string;
  /** Path → status code and content hash, for every changed or untracked file of the user's checkout. */
  checkoutFiles: Map<string, string>;
  /** Config key (`file: key`) → hash of its values. */
  config: Map<string, string>;
  /** Hook file path → hash of its mode and content. */
  hooks: Map<string, string>;
  /** Remote-tracking ref → sha. */
  remoteRefs: Map<string, string>;
}

/** One ref changed by a push during the round. */
export interface PushedRef {
  ref: string;
  from: string | null;
  to: string | null;
}

export interface RepoChanges {
  checkoutHead?: { from: string; to: string };
  checkoutFiles: string[];
  configKeys: string[];
  hooks: string[];
  pushed: PushedRef[];
}

const hash = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

function fileDigest(path: string): string {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return stat.isDirectory() ? 'dir' : 'other';
    // A huge file is compared by size and time, not read.
    return stat.size > 8 * 1024 * 1024 ? `${stat.size}:${stat.mtimeMs}` : hash(readFileSync(path));
  } catch {
    return 'missing';
  }
}

/** git's output, or undefined when it failed (a missing checkout, no such key). */
async function quiet(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch {
    return undefined;
  }
}

async function checkoutState(checkout: string): Promise<Pick<RepoSnapshot, 'checkoutHead' | 'checkoutFiles'>> {
  const files = new Map<string, string>();
  // --no-optional-locks: reading the user's checkout must not rewrite its index.
  const status = await quiet(checkout, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all']);
  if (status === undefined) return { checkoutFiles: files };
  const entries = status.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const path = entry.slice(3);
    files.set(path, `${code}:${fileDigest(join(checkout, path))}`);
    if (code.includes('R') || code.includes('C')) i++; // the rename's source follows
  }
  const [head, branch] = (await Promise.all([quiet(checkout, ['rev-parse', '--verify', '--quiet', 'HEAD']), quiet(checkout, ['symbolic-ref', '--quiet', 'HEAD'])])).map((out) => out?.trim());
  return { checkoutHead: `${branch ?? '(detached)'} ${head ?? '(no commit)'}`, checkoutFiles: files };
}

async function configKeys(commonDir: string): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const name of ['config', 'config.worktree']) {
    const text = await quiet(commonDir, ['config', '--file', join(commonDir, name), '--list', '-z']);
    if (text === undefined) continue;
    const values = new Map<string, string[]>();
    for (const item of text.split('\0').filter(Boolean)) {
      const at = item.indexOf('\n');
      const key = at === -1 ? item : item.slice(0, at);
      values.set(key, [...(values.get(key) ?? []), at === -1 ? '' : item.slice(at + 1)]);
    }
    for (const [key, all] of values) keys.set(`${name}: ${key}`, hash(all.join('\0')));
  }
  return keys;
}

function hookFiles(dirs: string[]): Map<string, string> {
  const hooks = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      let mode = '';
      try {
        mode = statSync(path).mode.toString(8);
      } catch {
        // Vanished since the listing.
      }
      hooks.set(path, `${mode}:${fileDigest(path)}`);
    }
  }
  return hooks;
}

async function remoteRefs(commonDir: string): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  const text = await quiet(commonDir, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/remotes/']);
  for (const line of (text ?? '').split('\n').filter(Boolean)) {
    const [ref, sha] = line.split(' ');
    if (ref && sha) refs.set(ref, sha);
  }
  return refs;
}

/** Capture the state an agent must not change. `checkout` is the user's own (main) checkout. */
export async function snapshotRepo(commonDir: string, checkout: string): Promise<RepoSnapshot> {
  // Independent git calls, run side by side: this is on every round's path.
  const [hooksPath, state, config, refs] = await Promise.all([quiet(checkout, ['config', '--get', 'core.hooksPath']), checkoutState(checkout), configKeys(commonDir), remoteRefs(commonDir)]);
  const relative = hooksPath?.trim();
  const hookDirs = [join(commonDir, 'hooks'), ...(relative ? [isAbsolute(relative) ? relative : join(checkout, relative)] : [])];
  return { ...state, config, hooks: hookFiles(hookDirs), remoteRefs: refs };
}

function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/** What differs between two snapshots; a changed remote-tracking ref counts when its reflog says a push moved it (or it was deleted). */
export async function compareSnapshots(commonDir: string, before: RepoSnapshot, after: RepoSnapshot): Promise<RepoChanges> {
  const pushed: PushedRef[] = [];
  for (const ref of changedKeys(before.remoteRefs, after.remoteRefs)) {
    const to = after.remoteRefs.get(ref) ?? null;
    const reason = to === null ? 'deleted' : (await quiet(commonDir, ['reflog', 'show', '--format=%gs', '-n', '1', ref, '--']))?.trim();
    if (reason === 'deleted' || /^update by push/.test(reason ?? '')) pushed.push({ ref, from: before.remoteRefs.get(ref) ?? null, to });
  }
  return {
    ...(before.checkoutHead !== undefined && after.checkoutHead !== undefined && before.checkoutHead !== after.checkoutHead ? { checkoutHead: { from: before.checkoutHead, to: after.checkoutHead } } : {}),
    checkoutFiles: changedKeys(before.checkoutFiles, after.checkoutFiles),
    configKeys: changedKeys(before.config, after.config),
    hooks: changedKeys(before.hooks, after.hooks),
    pushed,
  };
}
