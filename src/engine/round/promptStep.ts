/**
 * The round's prompt: composed from the run (its findings where they are now, excerpts, feedback,
 * the previous round), kept in the run's folder, and handed to the agent as files in its worktree
 * (../agentFiles.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, Round, Run } from '../../core/model';
import { roundLimit } from '../../core/runFacts';
import { composePrompt, findingsForRound } from '../../core/prompt/composePrompt';
import { agentFilePaths, prepareAgentFiles, type AgentFiles } from '../agentFiles';
import { readExcerpts } from '../excerpts';
import { placeFindings } from '../placeFindings';
import type { RoundContext } from './roundContext';

/** The next round's prompt, as `revise prompt` prints it (for the queued round, or a preview of the next one). */
export async function composeNextPrompt(run: Run, round?: Round): Promise<string> {
  return composeWith(run, round, await placeFindings(run.worktree, run.findings));
}

/** The prompt with `findings` placed where they are now (../placeFindings.ts). */
async function composeWith(run: Run, round: Round | undefined, findings: Finding[]): Promise<string> {
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
    findings,
    excerpts: await readExcerpts(run.worktree, findings),
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
  const findings = await placeFindings(run.worktree, run.findings);
  const prompt = await composeWith(run, rc.round, findings);
  await writeFile(rc.round.promptPath!, prompt);
  const findingsJson = JSON.stringify(findingsForRound(findings), null, 2);
  await writeFile(join(rc.runDir, `round-${index}.findings.json`), findingsJson);
  const files = await prepareAgentFiles(run.worktree, { prompt, findingsJson, previousLogPath: run.rounds[index - 1]?.logPath });
  rc.files = files;
  return { prompt, files };
}
