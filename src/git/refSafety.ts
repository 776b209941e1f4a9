/**
 * Name safety: every branch, remote and ref name is checked here before it can reach a git
 * process. The rules are `git check-ref-format`'s plus the ones that make a name dangerous on a
 * command line (a leading `-` turns it into an option, e.g. `--upload-pack=…`). A refused name
 * never starts a process; `--end-of-options` at the call sites is the second wall.
 */
import { GitError } from '../core/errors';

/** Longest name accepted; real branch names are far shorter, and a huge one is a mistake or an attack. */
export const MAX_REF_NAME_LENGTH = 200;

export type RefNameKind = 'branch' | 'remote' | 'ref';

/** Whether `text` contains a C0 control character or DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Why `name` is unsafe, or `null` when it is safe. */
export function refNameProblem(name: string, what: RefNameKind): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_REF_NAME_LENGTH) return `it is longer than ${MAX_REF_NAME_LENGTH} characters`;
  if (name.startsWith('-')) return 'it starts with "-" and would be read as an option';
  if (name === '@') return 'it is "@", which git reads as HEAD';
  // Control characters (incl. DEL), space and the characters git reserves for revision syntax.
  if (hasControlCharacter(name) || /[ ~^:?*[\\]/.test(name)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.includes('//')) return 'it contains "//"';
  if (name.startsWith('/') || name.endsWith('/')) return 'it starts or ends with "/"';
  if (name.endsWith('.')) return 'it ends with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'a path component starts with "."';
    if (part.endsWith('.lock')) return 'a path component ends with ".lock"';
  }
  // A remote is a configured name, never a URL or a path (those are refused here on purpose).
  if (what === 'remote' && name.includes('/')) return 'a remote name cannot contain "/"';
  return null;
}

/**
 * Throw `unsafe-ref` unless `name` is a safe branch, remote or ref name. Runs no process.
 * @param what used in the message and for the remote-specific rule (no `/`).
 */
export function assertSafeRefName(name: string, what: RefNameKind): void {
  const problem = refNameProblem(name, what);
  if (problem === null) return;
  throw new GitError('unsafe-ref', `Refusing to use ${JSON.stringify(name)} as a ${what} name: ${problem}. Nothing was run.`, { details: { name, what } });
}

/** A run id is used inside ref and folder names: keep it to a conservative charset. */
export function assertSafeRunId(runId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(runId) || runId.includes('..') || runId.endsWith('.lock') || runId.endsWith('.')) {
    throw new GitError('unsafe-ref', `Refusing to use ${JSON.stringify(runId)} as a run id: use letters, digits, ".", "_" and "-" (at most 64). Nothing was run.`);
  }
}

/** A commit-ish given by the engine (a SHA or a safe ref name). */
export function assertSafeRev(rev: string): void {
  if (/^[0-9a-f]{4,64}$/i.test(rev)) return;
  assertSafeRefName(rev, 'ref');
}

/** A repository URL handed to git as a positional argument (a fork's clone URL): never option-shaped. */
export function assertSafeUrl(url: string): void {
  if (url.length === 0 || url.startsWith('-') || hasControlCharacter(url)) {
    throw new GitError('unsafe-ref', `Refusing to use ${JSON.stringify(url)}: not a usable repository URL. Nothing was run.`);
  }
}

/**
 * Where to push or fetch: a configured remote's name, or — for a pull request from a fork — the
 * fork's URL (`{ url }`). Either is checked before it reaches git; returns the argument to pass.
 */
export type RemoteTarget = string | { url: string };

export function remoteArgument(target: RemoteTarget): string {
  if (typeof target === 'string') {
    assertSafeRefName(target, 'remote');
    return target;
  }
  assertSafeUrl(target.url);
  return target.url;
}
