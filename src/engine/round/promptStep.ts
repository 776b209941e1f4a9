/**
 * The round's prompt: composed from the run (findings, excerpts, feedback, the previous round),
 * kept in the run's folder, and handed to the agent as files in its worktree (../agentFiles.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { roundLimit, type Round, type Run } from '../../core/model';
import { composePrompt, findingsForRound } from '../../core/prompt/composePrompt';
import { agentFilePaths, prepareAgentFiles, type AgentFiles } from '../agentFiles';
import { readExcerpts } from '../excerpts';
import type { RoundContext } from './roundContext';

/** The next round's prompt, as `revise prompt` prints it (for the queued round, or a preview of the next one). */
export async function composeNextPrompt(run: Run, round?: Round): Promise<string> {
  const queued = round ?? run.rounds.find((r) => r.status === 'queued');
  const index = queued?.index ?? run.rounds.length;
  const previous = [...run.rounds].reverse().find((r) => r.index < index);
  const head = queued?.headBefore ?? previous?.headAfter ?? run.restoredSha;
  const files = agentFilePaths(run.worktree);
  return composePrompt({
    round: index,
    maxRounds: Math.max(roundLimit(run), index),
    headSha: head,
    branch: run.localBranch,
    priorBranch: run.priorBranch,
    baseBranch: run.baseBranch,
    findings: run.findings,
    excerpts: await readExcerpts(run.worktree, run.findings),
    feedback: queued?.feedback,
    // The agent reads the previous log and writes its dispositions in the worktree (see agentFiles.ts).
    previous: previous?.logPath ? { ...previous, logPath: files.previousLog } : previous,
    issue: run.issue,
    dispositionsFile: files.dispositionsFile,
  });
}

/** Compose the prompt, keep it and the round's findings in the run's folder, and write the agent's files. */
export async function writeRoundPrompt(rc: RoundContext): Promise<{ prompt: string; files: AgentFiles }> {
  const { run, index } = rc;
  const prompt = await composeNextPrompt(run, rc.round);
  await writeFile(rc.round.promptPath!, prompt);
  const findingsJson = JSON.stringify(findingsForRound(run.findings), null, 2);
  await writeFile(join(rc.runDir, `round-${index}.findings.json`), findingsJson);
  const files = await prepareAgentFiles(run.worktree, { prompt, findingsJson, previousLogPath: run.rounds[index - 1]?.logPath });
  rc.files = files;
  return { prompt, files };
}
