/**
 * A round that ran on a GitHub Actions runner, on both ends (docs/actions.md). The runner exports
 * its round into a folder the workflow uploads as an artifact (`exportRound`); the local run imports
 * that folder once the workflow finished (`importRemoteRound`): it fetches the candidate ref, moves
 * the worktree forward to it and fills its queued round, then raises the next decision as a local
 * round would. Anything missing or inconsistent is refused before the run is written, so the round
 * stays queued and can be dispatched again or run here.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { DecisionError, GitError, InputError } from '../core/errors';
import { candidateRef, REMOTE_ROUND_FILE, REMOTE_ROUND_VERSION, RemoteRoundRecord } from '../core/remoteRound';
import type { Run } from '../core/model';
import { changedLineRanges, fastForwardTo, fetchCandidate, resolveCommit } from '../git';
import type { EngineContext } from './engineContext';
import { raiseNextDecision } from './nextDecision';

/** Where the exported round came from. */
export interface ExportInput {
  /** The run name the candidate ref and record carry (the dispatching local run's id, or the runner's own run). */
  runName: string;
  /** The round number the record carries (the dispatching run's queued round). */
  round: number;
  pr: number;
  candidate: string | null;
  /** The agent's session files, copied into `sessions/` so a later round can resume the conversation. */
  sessionFiles: readonly string[];
  workflowRun?: { id: number; url?: string } | undefined;
}

/** Write round `index` of `run` (as it ended on this machine) into `dir`; returns the record. */
export async function exportRound(run: Run, index: number, dir: string, input: ExportInput): Promise<RemoteRoundRecord> {
  const round = run.rounds[index];
  if (!round) throw new InputError('bad-input', `Run ${run.id} has no round ${index}.`);
  await mkdir(join(dir, 'sessions'), { recursive: true });
  const copy = async (from: string | null | undefined, name: string): Promise<string | undefined> => {
    if (!from) return undefined;
    return copyFile(from, join(dir, name)).then(() => name, () => undefined);
  };
  const sessions: string[] = [];
  for (const file of input.sessionFiles) {
    const name = `sessions/${basename(file)}`;
    if (await copy(file, name)) sessions.push(name);
  }
  const record: RemoteRoundRecord = {
    version: REMOTE_ROUND_VERSION,
    runId: input.runName,
    round: input.round,
    pr: input.pr,
    status: round.status,
    ...(round.error ? { error: round.error } : {}),
    headBefore: round.headBefore ?? run.restoredSha,
    headAfter: input.candidate ? round.headAfter : null,
    candidateRef: input.candidate,
    exitCode: round.exitCode,
    agent: round.agent,
    ...(round.verify ? { verify: { command: round.verify.command, exitCode: round.verify.exitCode, durationMs: round.verify.durationMs } } : {}),
    dispositions: run.findings.flatMap((f) => (f.disposition?.round === index ? [{ id: f.id, ...(f.source.externalId ? { externalId: f.source.externalId } : {}), disposition: f.disposition }] : [])),
    files: {
      ...optional('log', await copy(round.logPath, 'round.log')),
      ...optional('prompt', await copy(round.promptPath, 'prompt.md')),
      ...optional('verifyLog', await copy(round.verify?.logPath, 'verify.log')),
      sessions,
    },
    ...(input.workflowRun ? { workflowRun: input.workflowRun } : {}),
    startedAt: round.startedAt,
    endedAt: round.endedAt ?? new Date().toISOString(),
  };
  await writeFile(join(dir, REMOTE_ROUND_FILE), JSON.stringify(record, null, 2) + '\n');
  return record;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Read and check the record of an unpacked artifact (`actions-record-invalid` otherwise). */
export async function readRemoteRound(dir: string): Promise<RemoteRoundRecord> {
  let text: string;
  try {
    text = await readFile(join(dir, REMOTE_ROUND_FILE), 'utf8');
  } catch {
    throw new InputError('actions-record-invalid', `The artifact has no ${REMOTE_ROUND_FILE}; it was not written by the Revise action.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError('actions-record-invalid', `${REMOTE_ROUND_FILE} of the artifact is not JSON: ${(error as Error).message}`);
  }
  const parsed = RemoteRoundRecord.safeParse(raw);
  if (!parsed.success) throw new InputError('actions-record-invalid', `${REMOTE_ROUND_FILE} of the artifact does not match this version of Revise: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * Import the round of an unpacked artifact `dir` into the run's queued round: fetch its candidate
 * ref, fast-forward the worktree to it, copy its log, prompt and session files into the run folder,
 * record what the agent did and raise the next decision.
 */
export async function importRemoteRound(ctx: EngineContext, runId: string, dir: string): Promise<Run> {
  const record = await readRemoteRound(dir);
  const before = await ctx.read(runId);
  const queued = before.rounds.find((r) => r.status === 'queued');
  if (!queued) throw new DecisionError('no-queued-round', `Run ${runId} has no queued round to import the remote round into; nothing was changed.`);
  if (record.runId !== runId || record.round !== queued.index) {
    throw new InputError('actions-record-invalid', `The artifact holds round ${record.round} of run ${record.runId}, not the queued round ${queued.index} of run ${runId}; nothing was changed.`);
  }
  const head = await resolveCommit(before.worktree, 'HEAD');
  let headAfter = head;
  if (record.headAfter) {
    const ref = candidateRef(runId, queued.index);
    const fetched = await fetchCandidate(ctx.topLevel, before.remote, ref);
    if (!fetched) throw new GitError('actions-candidate-missing', `The remote "${before.remote}" has no ${ref}, which the workflow run said it pushed; round ${queued.index} stays queued and nothing was changed.`);
    if (fetched !== record.headAfter) throw new GitError('actions-candidate-missing', `${ref} points at ${fetched.slice(0, 12)}, not at the round's head ${record.headAfter.slice(0, 12)} (pushed again since?); round ${queued.index} stays queued and nothing was changed.`);
    if (!(await fastForwardTo(before.worktree, fetched))) {
      throw new GitError('branch-moved', `The remote round was built on ${record.headBefore.slice(0, 12)}, but the run's worktree is at ${head?.slice(0, 12) ?? 'no commit'} and ${fetched.slice(0, 12)} does not descend from it; round ${queued.index} stays queued and nothing was changed.`);
    }
    headAfter = fetched;
  }
  const runDir = ctx.store.runDir(runId);
  const bring = async (name: string | undefined, to: string): Promise<string | null> => (name ? copyFile(join(dir, name), join(runDir, to)).then(() => join(runDir, to)) : null);
  const logPath = await bring(record.files.log, `round-${queued.index}.log`);
  const promptPath = await bring(record.files.prompt, `round-${queued.index}.prompt.md`);
  const verifyLog = await bring(record.files.verifyLog, `round-${queued.index}.verify.log`);
  if (record.files.sessions.length > 0) await mkdir(join(runDir, 'sessions'), { recursive: true });
  for (const session of record.files.sessions) await bring(session, join('sessions', basename(session)));
  const touched = head && headAfter && head !== headAfter ? await changedLineRanges(before.worktree, head, headAfter) : new Map<string, Array<[number, number]>>();
  return ctx.update(runId, (r) => {
    const round = r.rounds[queued.index];
    if (round?.status !== 'queued') throw new DecisionError('run-busy', `Round ${queued.index} of run ${runId} is no longer queued (it ran elsewhere meanwhile); nothing was imported.`);
    round.status = record.status;
    if (record.error) round.error = record.error;
    round.headBefore = head;
    round.headAfter = headAfter;
    round.exitCode = record.exitCode;
    round.logPath = logPath;
    round.promptPath = promptPath;
    round.startedAt = record.startedAt;
    round.endedAt = record.endedAt;
    if (record.agent) round.agent = record.agent;
    if (record.verify && verifyLog) round.verify = { ...record.verify, logPath: verifyLog };
    for (const answer of record.dispositions) {
      const finding = r.findings.find((f) => (answer.externalId ? f.source.externalId === answer.externalId : f.id === answer.id));
      if (finding) finding.disposition = { ...answer.disposition, round: queued.index };
    }
    for (const f of r.findings) {
      if (f.file && f.line !== undefined && touched.get(f.file)?.some(([a, b]) => a <= (f.endLine ?? f.line!) && b >= f.line!)) f.touchedInRound = queued.index;
    }
    if (r.status === 'running') raiseNextDecision(ctx, r);
  });
}

/**
 * Before a round resumes a session that ran elsewhere (on a runner, or on another runner before
 * this one): put the imported session file where the agent looks for it, so the conversation
 * continues here. Claude Code keeps a session under its config folder's `projects/`, in a folder
 * named after the working directory with every character other than a letter or digit as `-`;
 * Codex keeps `rollout-<time>-<thread id>.jsonl` under `$CODEX_HOME/sessions/YYYY/MM/DD/` and finds
 * a thread by its id anywhere there. True when a file was placed; an existing one is kept.
 */
export async function restoreImportedSession(runDir: string, preset: string, sessionId: string, worktree: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!/^[A-Za-z0-9-]+$/.test(sessionId)) return false;
  const home = env.HOME ?? homedir();
  const place = preset === 'claude' ? claudeSessionPlace(runDir, sessionId, worktree, env.CLAUDE_CONFIG_DIR ?? join(home, '.claude')) : preset === 'codex' ? await codexSessionPlace(runDir, sessionId, env.CODEX_HOME ?? join(home, '.codex')) : undefined;
  if (!place || !existsSync(place.from) || existsSync(place.to)) return false;
  await mkdir(dirname(place.to), { recursive: true });
  await copyFile(place.from, place.to);
  return true;
}

function claudeSessionPlace(runDir: string, sessionId: string, worktree: string, configDir: string): { from: string; to: string } {
  return { from: join(runDir, 'sessions', `${sessionId}.jsonl`), to: join(configDir, 'projects', worktree.replace(/[^a-zA-Z0-9]/g, '-'), `${sessionId}.jsonl`) };
}

async function codexSessionPlace(runDir: string, sessionId: string, codexHome: string): Promise<{ from: string; to: string } | undefined> {
  const name = (await readdir(join(runDir, 'sessions')).catch(() => [] as string[])).find((n) => n.startsWith('rollout-') && n.endsWith(`-${sessionId}.jsonl`));
  if (!name) return undefined;
  // The day folder Codex itself would have written it to (its name starts with the session's start time).
  const day = /^rollout-(\d{4})-(\d{2})-(\d{2})T/.exec(name);
  const folder = day ? join(codexHome, 'sessions', day[1]!, day[2]!, day[3]!) : join(codexHome, 'sessions');
  return { from: join(runDir, 'sessions', name), to: join(folder, name) };
}
