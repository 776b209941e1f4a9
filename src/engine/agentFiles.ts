/**
 * The files an agent reads and writes during a round — its prompt, the round's findings, the
 * previous round's log and its dispositions — live in `.revise/` inside the worktree: every CLI may
 * read and write there (Claude refuses anything under `.git/`; Codex's sandbox refuses writes outside
 * the workspace), while the run's own state (run.json, under `.git/revise/`) stays out of its reach.
 * The folder is excluded in the repository's `info/exclude`, so neither Revise's commit nor an agent's
 * own `git add --all` takes it into the round's commit, while every CLI may still read it (Gemini CLI
 * refuses files a `.gitignore` ignores). A marker file says the folder is Revise's. Dispositions are copied back into the run
 * folder after the round, then the folder is removed.
 */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DISPOSITIONS_FILE_LIMIT } from '../agent';
import { AgentError } from '../core/errors';
import { ensureExcluded } from '../git';

/** Name of the folder in the worktree. */
export const AGENT_DIR = '.revise';
/** The marker file that says a `.revise/` folder is Revise's own, and its content. */
const MARKER = '.revise-round';
const MARKER_TEXT = 'Revise: the running round\'s files for the agent; removed after the round, never committed.\n';
/** Most of the previous round's log the agent is given (its end). */
export const PREVIOUS_LOG_LIMIT = 1024 * 1024;

export interface AgentFiles {
  dir: string;
  promptFile: string;
  findingsFile: string;
  /** The previous round's log (its last megabyte). */
  previousLog: string;
  dispositionsFile: string;
}

/** Where a round's agent files are in `worktree` (the same every round). */
export function agentFilePaths(worktree: string): AgentFiles {
  const dir = join(worktree, AGENT_DIR);
  return {
    dir,
    promptFile: join(dir, 'prompt.md'),
    findingsFile: join(dir, 'findings.json'),
    previousLog: join(dir, 'previous-round.log'),
    dispositionsFile: join(dir, 'dispositions.json'),
  };
}

export interface AgentFilesInput {
  prompt: string;
  findingsJson: string;
  /** The previous round's log in the run folder, if it has one. */
  previousLogPath?: string | null | undefined;
}

/**
 * Write the round's files into `.revise/` of the worktree. Refuses (`bad-input`) when the worktree
 * has a `.revise` of its own: Revise never writes into, or later removes, a folder it did not make.
 */
export async function prepareAgentFiles(worktree: string, input: AgentFilesInput): Promise<AgentFiles> {
  const files = agentFilePaths(worktree);
  const existing = await lstat(files.dir).catch(() => undefined);
  if (existing && !(existing.isDirectory() && (await isOurs(files.dir)))) {
    throw new AgentError('bad-input', `The worktree ${worktree} has its own ${AGENT_DIR} (not made by Revise), where the agent's round files go. Rename or remove it on the run branch, then retry the round.`);
  }
  // Start from an empty folder: what a round that died left there (a symlink among it) is not written through.
  if (existing) await rm(files.dir, { recursive: true, force: true });
  await ensureExcluded(worktree, `/${AGENT_DIR}/`, 'Revise: the agent files of a running round in a run worktree, never committed');
  await mkdir(files.dir);
  await writeFile(join(files.dir, MARKER), MARKER_TEXT, { flag: 'wx' });
  await writeFile(files.promptFile, input.prompt, { flag: 'wx' });
  await writeFile(files.findingsFile, input.findingsJson, { flag: 'wx' });
  if (input.previousLogPath) await writeFile(files.previousLog, await logTail(input.previousLogPath), { flag: 'wx' });
  return files;
}

async function isOurs(dir: string): Promise<boolean> {
  return (await readFile(join(dir, MARKER), 'utf8').catch(() => '')) === MARKER_TEXT;
}

async function logTail(path: string): Promise<string> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return '(the previous round left no log)\n';
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - PREVIOUS_LOG_LIMIT);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    return start > 0 ? `(the first ${start} bytes of the log are left out)\n${text}` : text;
  } finally {
    await handle.close();
  }
}

/**
 * Copy the agent's dispositions into the run folder as `target`. Returns the copy's path, or a
 * warning when the agent left something that is not a small regular file (a symlink is not followed).
 */
export async function collectDispositions(files: AgentFiles, target: string): Promise<{ file?: string; warning?: string }> {
  const stat = await lstat(files.dispositionsFile).catch(() => undefined);
  if (!stat) return {};
  if (!stat.isFile()) return { warning: `${AGENT_DIR}/dispositions.json is not a regular file; ignored.` };
  if (stat.size > DISPOSITIONS_FILE_LIMIT) return { warning: `${AGENT_DIR}/dispositions.json is larger than 1 MB; ignored.` };
  await copyFile(files.dispositionsFile, target, constants.COPYFILE_FICLONE);
  return { file: target };
}

/** Remove the round's folder, if it is Revise's. */
export async function removeAgentFiles(files: AgentFiles): Promise<void> {
  if (await isOurs(files.dir)) await rm(files.dir, { recursive: true, force: true });
}
