/**
 * Failures whose cause is the machine, not the command: git missing from PATH, a repository git
 * refuses as owned by someone else (`safe.directory`), a full disk. Each becomes its own error code
 * with the next step, wherever in Revise git was called, so none is reported as "not a repository"
 * or blamed on the network.
 */
import { GitError } from '../core/errors';

/** The error for a git failure with a known machine cause, or `undefined`. */
export function machineCause(stderr: string, cwd: string): GitError | undefined {
  if (/spawn git ENOENT/.test(stderr)) {
    return new GitError('git-not-found', 'git was not found on PATH. Install git, or start VS Code / the revise CLI from a shell where `git --version` works.');
  }
  const dubious = /detected dubious ownership in repository at '([^']*)'/.exec(stderr);
  if (dubious) {
    const path = dubious[1] ?? cwd;
    return new GitError(
      'unsafe-repository',
      `git refuses to work in ${path}: it is owned by another user ("dubious ownership"). If you trust it, run \`git config --global --add safe.directory '${path}'\`, or work as the folder's owner.`,
      { details: { path } },
    );
  }
  if (/No space left on device|ENOSPC|Disk quota exceeded/i.test(stderr)) {
    return new GitError('disk-full', `The disk is full (git said: ${firstMatchingLine(stderr, /space|quota/i)}). Free some space and try again; nothing was pushed.`, { details: { cwd } });
  }
  return undefined;
}

function firstMatchingLine(text: string, pattern: RegExp): string {
  return (text.split('\n').find((line) => pattern.test(line)) ?? text).trim();
}
