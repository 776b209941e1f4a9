/**
 * The agent's dispositions of the round's findings: read back from the file it wrote in the
 * worktree (kept in the run's folder), else from its final message; what could not be read is said
 * in the round's log view.
 */
import { join } from 'node:path';
import { readDispositions, type DispositionsResult } from '../../agent';
import { findingsForRound } from '../../core/prompt/composePrompt';
import { collectDispositions, type AgentFiles } from '../agentFiles';
import { say, type RoundContext } from './roundContext';

export async function readRoundDispositions(rc: RoundContext, files: AgentFiles, finalText: string | undefined): Promise<DispositionsResult> {
  const ids = findingsForRound(rc.run.findings).map((f) => f.id);
  const collected = await collectDispositions(files, join(rc.runDir, `round-${rc.index}.dispositions.json`));
  const dispositions = readDispositions({ ...(collected.file ? { file: collected.file } : {}), ...(finalText ? { finalText } : {}), findingIds: ids, round: rc.index });
  if (collected.warning) dispositions.warnings.unshift(collected.warning);
  for (const warning of dispositions.warnings) say(rc, `dispositions: ${warning}\n`);
  return dispositions;
}
