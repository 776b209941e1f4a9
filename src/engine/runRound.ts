/**
 * Run the queued round of a run: compose the prompt, run the agent in the worktree with the
 * REVISE_* environment, commit leftover changes, run verify, read dispositions back, mark touched
 * findings and raise the next decision. Every outcome — success, failure, timeout, cancel — ends
 * with a written round and a pending decision; nothing is left `running`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentEnvironment, buildAgentArgv, readDispositions, runAgentRound, runVerify, thisProcess } from '../agent';
import { nextDecisionKind, raiseDecision } from '../core/decisions';
import { AgentError, DecisionError, toReviseError } from '../core/errors';
import { lastRound, roundLimit, type Round, type Run } from '../core/model';
import { mergeImported } from '../core/findings';
import { composePrompt, findingsForRound } from '../core/prompt/composePrompt';
import { changedLineRanges, repairWorktree, restoreWorktreeLink, reviveRunCheckout } from '../git';
import { agentFilePaths, collectDispositions, prepareAgentFiles, removeAgentFiles, type AgentFiles } from './agentFiles';
import { agentArgvOptions, previousSession, roundError } from './agentOptions';
import type { RoundOptions } from './config';
import type { EngineContext } from './engine';
import { readExcerpts } from './excerpts';
import { clearOutcomeNote, reserveOutcomeNote } from '../store/unsavedOutcome';
import { DEFAULT_LOG_CAP_BYTES } from '../agent/cappedLog';
import { noteUnsavedRound } from './unsavedRound';
import { watchRound } from './watchRound';
import { pushRun } from './pushRun';
import { reviewRound } from './reviewRound';
import { guardBeforeRound, settleAfterRound } from './guardRoundHead';

/** Raise the decision that follows the latest round. */
export function raiseNextDecision(ctx: Pick<EngineContext, 'newId' | 'now'>, run: Run): Run {
  return raiseDecision(run, nextDecisionKind(run), { id: ctx.newId(), now: ctx.now() });
}

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

export async function runQueuedRound(ctx: EngineContext, runId: string, options: RoundOptions): Promise<Run> {
  const runDir = ctx.store.runDir(runId);
  let index = -1;
  const owner = thisProcess();
  // Refuse bad agent settings (an unknown preset, a bad template, a session id that is not a plain
  // id) before anything is written: the run stays exactly as it was.
  const before = await ctx.store.get(runId);
  const waiting = before.rounds.find((x) => x.status === 'queued');
  if (waiting) {
    const where = { promptFile: join(runDir, `round-${waiting.index}.prompt.md`), worktree: before.worktree, round: waiting.index, runDir };
    buildAgentArgv(agentArgvOptions(options, { ...where, sessionId: previousSession(before, options.agent.preset) }));
  }
  // Claim the queued round in one locked write, so two processes cannot run it twice.
  let run = await ctx.update(runId, (r) => {
    const queued = r.rounds.find((x) => x.status === 'queued');
    if (!queued) {
      if (r.status === 'running') throw new DecisionError('run-busy', `Round ${lastRound(r)?.index ?? '?'} of run ${runId} is already running.`);
      throw new DecisionError('no-queued-round', `Run ${runId} has no queued round. Decide \`request-changes\` (or \`extra-round\` / \`retry-round\`) first.`);
    }
    index = queued.index;
    queued.status = 'running';
    queued.startedAt = ctx.now();
    queued.ownerPid = owner.pid;
    if (owner.startTime) queued.ownerStartTime = owner.startTime;
    queued.logPath = join(runDir, `round-${index}.log`);
    queued.promptPath = join(runDir, `round-${index}.prompt.md`);
    for (const f of findingsForRound(r.findings)) f.sentInRound ??= index;
  });
  const round = run.rounds[index]!;
  const controller = new AbortController();
  let files: AgentFiles | undefined;
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  ctx.running.set(runId, controller);
  try {
    // Room for a note saying why the round's result was not saved, should the disk fill up during it.
    reserveOutcomeNote(runDir, index);
    // A worktree folder or run branch deleted by hand since the last round is put back at the run's last head.
    const lastHead = round.headBefore ?? run.restoredSha;
    const revived = await reviveRunCheckout(ctx.topLevel, run.worktree, run.localBranch, lastHead);
    if (revived.length > 0) ctx.output({ runId, round: index, stream: 'info', text: `The run's ${revived.join(' and ')} had been deleted; re-created at ${lastHead.slice(0, 12)}.\n` });
    const guard = await guardBeforeRound(ctx, run, index, lastHead);
    const prompt = await composeNextPrompt(run, round);
    await writeFile(round.promptPath!, prompt);
    const findingsJson = JSON.stringify(findingsForRound(run.findings), null, 2);
    await writeFile(join(runDir, `round-${index}.findings.json`), findingsJson);
    const previous = run.rounds[index - 1];
    files = await prepareAgentFiles(run.worktree, { prompt, findingsJson, previousLogPath: previous?.logPath });
    const sessionId = previousSession(run, options.agent.preset);
    const env = agentEnvironment({
      runId,
      round: index,
      maxRounds: roundLimit(run),
      promptFile: files.promptFile,
      findingsFile: files.findingsFile,
      previousLog: previous?.logPath ? files.previousLog : '',
      dispositionsFile: files.dispositionsFile,
      baseRef: `${run.remote}/${run.baseBranch}`,
      worktree: run.worktree,
    });
    const watch = await watchRound(ctx, run, index);
    const agentRound = await runAgentRound({
      build: agentArgvOptions(options, { promptFile: files.promptFile, worktree: run.worktree, round: index, runDir, sessionId }),
      prompt,
      onInfo: (text) => ctx.output({ runId, round: index, stream: 'info', text }),
      cwd: run.worktree,
      env,
      logPath: round.logPath!,
      logCapBytes: options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES,
      timeoutMs: options.agent.timeoutMs,
      signal: controller.signal,
      onOutput: (text, stream) => ctx.output({ runId, round: index, stream, text }),
      onSpawn: (info) => {
        void ctx.update(runId, (r) => {
          const current = r.rounds[index];
          if (current) {
            current.pid = info.pid;
            current.pidStartTime = info.startTime;
          }
        }).catch(() => undefined);
      },
    });
    await watch.afterAgent();
    const { result, invocation: built } = agentRound;
    const status = result.status === 'succeeded' && result.isError ? 'failed' : result.status;

    // The agent may have broken the worktree's link to the repository; mend it before committing.
    if (await restoreWorktreeLink(ctx.commonDir, run.worktree)) await repairWorktree(ctx.topLevel, run.worktree);
    const settled = (await ctx.store.get(runId)).status === 'aborted';
    const outcome = await settleAfterRound(ctx, run, index, guard, !settled);
    const headAfter = outcome.headAfter;
    const verify = !settled && status === 'succeeded' && options.verifyCommand && options.verifyCommand.length > 0
      ? await runVerify({ argv: options.verifyCommand, cwd: run.worktree, env, logPath: join(runDir, `round-${index}.verify.log`), timeoutMs: options.verifyTimeoutMs ?? options.agent.timeoutMs, signal: controller.signal })
      : undefined;
    const ids = findingsForRound(run.findings).map((f) => f.id);
    const collected = await collectDispositions(files, join(runDir, `round-${index}.dispositions.json`));
    const dispositions = readDispositions({ ...(collected.file ? { file: collected.file } : {}), ...(result.finalText ? { finalText: result.finalText } : {}), findingIds: ids, round: index });
    if (collected.warning) dispositions.warnings.unshift(collected.warning);
    for (const warning of dispositions.warnings) ctx.output({ runId, round: index, stream: 'info', text: `dispositions: ${warning}\n` });
    const touched = headAfter ? await changedLineRanges(run.worktree, guard.headBefore, headAfter) : new Map<string, Array<[number, number]>>();
    const review = !settled && status === 'succeeded' && options.reviewerCommand && options.reviewerCommand.length > 0
      ? await reviewRound({ ...run, rounds: run.rounds.map((r) => (r.index === index ? { ...r, headAfter } : r)) }, index, options.reviewerCommand, env, runDir, options.verifyTimeoutMs ?? options.agent.timeoutMs, controller.signal)
      : undefined;
    if (review?.record.warning) ctx.output({ runId, round: index, stream: 'info', text: `reviewer: ${review.record.warning}\n` });
    const incidents = await watch.incidents(result.logCut);

    const error = roundError(status, agentRound.failure, options.agent.timeoutMs);
    run = await ctx.update(runId, (r) => {
      const current = r.rounds[index]!;
      current.status = status;
      if (error) current.error = error;
      current.exitCode = result.exitCode;
      current.headAfter = headAfter;
      current.endedAt = ctx.now();
      current.agent = {
        preset: options.agent.preset,
        argv: built.argv,
        ...(result.sessionId ? { sessionId: result.sessionId } : {}),
        ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
        ...(result.usage ? { usage: result.usage } : {}),
        ...(result.isError !== undefined ? { isError: result.isError } : {}),
        policy: built.policy,
        ...(result.denials ? { denied: result.denials } : {}),
        ...(agentRound.freshSession ? { freshSession: agentRound.freshSession } : {}),
      };
      if (incidents.length > 0) current.incidents = incidents;
      if (dispositions.questions.length > 0) current.questions = dispositions.questions;
      if (verify) current.verify = { command: options.verifyCommand!, exitCode: verify.exitCode, logPath: verify.logPath, durationMs: verify.durationMs };
      // The agent's claims first: the reviewer's re-scan ran after them, so it checks them (src/core/findingState.ts).
      for (const f of r.findings) {
        const disposition = dispositions.dispositions.get(f.id);
        if (disposition) f.disposition = disposition;
      }
      if (review) {
        const merged = mergeImported(r.findings, review.drafts, { now: ctx.now(), origin: `reviewer: ${review.record.command.join(' ')}`, scopes: review.scopes });
        r.findings = merged.findings;
        current.reviewer = { ...review.record, added: merged.added };
      }
      for (const f of r.findings) {
        if (f.file && f.line !== undefined && overlaps(touched.get(f.file), f.line, f.endLine ?? f.line)) f.touchedInRound = index;
      }
      r.backups.push(...outcome.backups);
      if (r.status === 'running' && outcome.rewritten) raiseDecision(r, 'history-rewritten', { id: ctx.newId(), now: ctx.now() }, outcome.rewritten);
      else if (r.status === 'running') raiseNextDecision(ctx, r);
    });
    clearOutcomeNote(runDir, index);
    if (error) ctx.output({ runId, round: index, stream: 'info', text: `round ${index} ${status}: ${error.message}\n` });
    for (const d of result.denials ?? []) ctx.output({ runId, round: index, stream: 'info', text: `denied: ${d.tool}${d.detail ? ` ${d.detail}` : ''}\n` });
    if (options.pushAfterRound && run.rounds[index]?.status === 'succeeded' && !run.pushBlockedReason && run.status === 'awaiting-decision' && !outcome.rewritten) {
      run = await pushRun(ctx, run).catch((error: unknown) => {
        // A refused lease has raised its own decision; report it in the round's log view and carry on.
        ctx.output({ runId, round: index, stream: 'info', text: `push after round ${index} failed: ${toReviseError(error).message}\n` });
        return ctx.store.get(runId);
      });
    }
    return run;
  } catch (error) {
    const failure = toReviseError(error, 'agent-failed');
    await ctx.update(runId, (r) => {
      const current = r.rounds[index];
      if (current && (current.status === 'running' || current.status === 'queued')) {
        current.status = failure instanceof AgentError && failure.code === 'agent-cancelled' ? 'cancelled' : 'failed';
        current.error = failure.toJSON();
        current.endedAt = ctx.now();
      }
      if (r.status === 'running') raiseNextDecision(ctx, r);
    }).catch((saveError: unknown) => {
      // The run cannot be written (disk full, read-only): a note lets the round be reported with this cause later.
      throw noteUnsavedRound(ctx, { runId, runDir, index, ownerPid: owner.pid }, failure, saveError);
    });
    clearOutcomeNote(runDir, index);
    ctx.output({ runId, round: index, stream: 'info', text: `round ${index} failed: ${failure.message}\n` });
    throw failure;
  } finally {
    if (files) await removeAgentFiles(files).catch(() => undefined);
    options.signal?.removeEventListener('abort', forward);
    ctx.running.delete(runId);
  }
}

function overlaps(ranges: Array<[number, number]> | undefined, start: number, end: number): boolean {
  return ranges?.some(([a, b]) => a <= end && b >= start) ?? false;
}
