/** What a round changed: its commits and its files with +/− (for the decision panel and the tree). */
import { InputError } from '../core/errors';
import type { Run } from '../core/model';
import { commitsBetween, numstatBetween, showFileAtCommit, type CommitInfo, type NumstatEntry } from '../git';

export interface RoundChanges {
  round: number;
  from: string;
  to: string;
  commits: CommitInfo[];
  files: NumstatEntry[];
  added: number;
  deleted: number;
}

/** Changes between a round's head before and after (round 0: from the base the attempt forked from is not known, so from the restored SHA). */
export async function roundChanges(run: Run, index: number): Promise<RoundChanges> {
  const round = run.rounds.find((r) => r.index === index);
  if (!round) throw new InputError('bad-input', `Run ${run.id} has no round ${index}.`);
  const from = round.headBefore ?? run.restoredSha;
  const to = round.headAfter;
  if (!to || from === to) return { round: index, from, to: to ?? from, commits: [], files: [], added: 0, deleted: 0 };
  const [commits, files] = await Promise.all([commitsBetween(run.repo, from, to), numstatBetween(run.repo, from, to)]);
  return { round: index, from, to, commits, files, added: files.reduce((n, f) => n + f.added, 0), deleted: files.reduce((n, f) => n + f.deleted, 0) };
}

/** A file's content at a commit of the run (for diffs between rounds); undefined when it did not exist there. */
export function fileAtCommit(run: Run, commit: string, path: string): Promise<string | undefined> {
  return showFileAtCommit(run.repo, commit, path);
}
