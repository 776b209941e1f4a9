/**
 * The previous round of the run, when it ran on another runner: the workflow downloads that run's
 * artifact (actions/download-artifact with `run-id`) into `$RUNNER_TEMP/revise-previous`, one folder
 * per artifact. Its agent session files go into this run's folder (`sessions/`), where the round
 * finds them and places them for the agent before it resumes the conversation (the engine's
 * `restoreImportedSession`).
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readRemoteRound } from '../engine';

/** The folder the workflow downloads the previous round's artifact into. */
export const PREVIOUS_ROUND_FOLDER = 'revise-previous';

/** What was found of the previous round. */
export interface PreviousRound {
  /** The session to resume, when the previous round of `runName` used the same agent preset. */
  sessionId?: string;
  /** Why nothing is resumed, for the job summary (undefined when there was nothing to look at). */
  note?: string;
}

/**
 * Look in `$RUNNER_TEMP/revise-previous` (the artifact itself, or a folder per artifact) for the
 * record of round `round - 1` of `runName`; copy its session files into `runDir/sessions`.
 */
export async function previousRoundSession(temp: string, runName: string | undefined, round: number | undefined, preset: string, runDir: string): Promise<PreviousRound> {
  const root = join(temp, PREVIOUS_ROUND_FOLDER);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return {};
  const folders = [root, ...entries.filter((e) => e.isDirectory()).map((e) => join(root, e.name))];
  for (const dir of folders) {
    const record = await readRemoteRound(dir).catch(() => undefined);
    if (!record) continue;
    if (record.runId !== runName || (round !== undefined && record.round !== round - 1)) return { note: `the downloaded round is round ${record.round} of run ${record.runId}, not the round before this one; the agent starts a fresh session` };
    const sessionId = record.agent?.sessionId;
    if (!sessionId || record.agent?.preset !== preset) return { note: `the previous round used ${record.agent?.preset ?? 'no agent'}${sessionId ? '' : ' and left no session'}; the agent starts a fresh session` };
    await mkdir(join(runDir, 'sessions'), { recursive: true });
    for (const file of record.files.sessions) await copyFile(join(dir, file), join(runDir, 'sessions', basename(file)));
    return { sessionId };
  }
  return { note: `${root} holds no Revise round; the agent starts a fresh session` };
}
