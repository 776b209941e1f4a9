/**
 * Run the queued round of a run: compose the prompt, run the agent in the worktree with the
 * REVISE_* environment, commit leftover changes, run verify, read dispositions back, mark touched
 * findings and raise the next decision. Every outcome — success, failure, timeout, cancel — ends
 * with a written round and a pending decision; nothing is left `running`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentEnvironment, buildAgentArgv, readDispositions, runAgent, runVerify, thisProcess, usableCommandPrefix, type BuildAgentArgvOptions } from '../agent';
import { nextDecisionKind, raiseDecision } from '../core/decisions';
import { AgentError, DecisionError, toReviseError } from '../core/errors';
import { lastRound, roundLimit, type Round, type Run } from '../core/model';
import { mergeImported } from '../core/findings';
import { composePrompt, findingsForRound } from '../core/prompt/composePrompt';
import { changedLineRanges, commitAll, headSha, repairWorktree, restoreWorktreeLink, reviveRunCheckout } from '../git';
import type { RoundOptions } from './config';
import type { EngineContext } from './engine';
import { readExcerpts } from './excerpts';
import { pushRun } from './pushRun';
import { reviewRound } from './reviewRound';

/** Raise the decision that follows the latest round. */
export function raiseNextDecision(ctx: Pick<EngineContext, 'newId' | 'now'>, run: Run): Run {
  return raiseDecision(run, nextDecisionKind(run), { id: ctx.newId(), now: ctx.now() });
}

/** The next round's prompt, as `revise prompt` prints it (for the queued round, or a preview of the next one). */
export async function composeNextPrompt(ctx: EngineContext, run: Run, round?: Round): Promise<string> {
  const queued = round ?? run.rounds.find((r) => r.status === 'queued');
  const index = queued?.index ?? run.rounds.length;
  const previous = [...run.rounds].reverse().find((r) => r.index < index);
  const head = queued?.headBefore ?? previous?.headAfter ?? run.restoredSha;
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
    previous,
    issue: run.issue,
    dispositionsFile: dispositionsPath(ctx, run.id, index),
  });
}

function dispositionsPath(ctx: EngineContext, runId: string, index: number): string {
  return join(ctx.store.runDir(runId), `round-${index}.dispositions.json`);
}

/** Session id of the latest round that used the same agent preset, to resume its conversation. */
function previousSession(run: Run, preset: string): string | undefined {
  return [...run.rounds].reverse().find((r) => r.agent?.preset === preset && r.agent.sessionId)?.agent?.sessionId;
}

/**
 * What the agent may do beyond editing: `revise.agent.allowedCommands` when set, otherwise the
 * verify command (so the agent can run the check Revise will run after it).
 */
export function allowedCommands(options: RoundOptions): string[][] {
  if (options.agent.allowedCommands) return options.agent.allowedCommands;
  // A verify command that cannot be one permission rule (a script with line breaks) is not offered.
  return options.verifyCommand && usableCommandPrefix(options.verifyCommand) ? [options.verifyCommand] : [];
}

function agentArgvOptions(options: RoundOptions, where: Pick<BuildAgentArgvOptions, 'promptFile' | 'worktree' | 'round' | 'runDir'> & { sessionId: string | undefined }): BuildAgentArgvOptions {
  const { sessionId, ...rest } = where;
  return {
    preset: options.agent.preset,
    ...(options.agent.command ? { template: options.agent.command } : {}),
    ...(options.agent.executable ? { executable: options.agent.executable } : {}),
    ...rest,
    ...(sessionId ? { sessionId } : {}),
    permissions: { allowedCommands: allowedCommands(options) },
    limits: {
      ...(options.agent.maxTurns !== undefined ? { maxTurns: options.agent.maxTurns } : {}),
      ...(options.agent.maxBudgetUsd !== undefined ? { maxBudgetUsd: options.agent.maxBudgetUsd } : {}),
    },
  };
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
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  ctx.running.set(runId, controller);
  try {
    // A worktree folder or run branch deleted by hand since the last round is put back at the run's last head.
    const lastHead = round.headBefore ?? run.restoredSha;
    const revived = await reviveRunCheckout(ctx.topLevel, run.worktree, run.localBranch, lastHead);
    if (revived.length > 0) ctx.output({ runId, round: index, stream: 'info', text: `The run's ${revived.join(' and ')} had been deleted; re-created at ${lastHead.slice(0, 12)}.\n` });
    const prompt = await composeNextPrompt(ctx, run, round);
    await writeFile(round.promptPath!, prompt);
    const findingsFile = join(runDir, `round-${index}.findings.json`);
    await writeFile(findingsFile, JSON.stringify(findingsForRound(run.findings), null, 2));
    const dispositionsFile = dispositionsPath(ctx, runId, index);
    const previous = run.rounds[index - 1];
    const sessionId = previousSession(run, options.agent.preset);
    const built = buildAgentArgv(agentArgvOptions(options, { promptFile: round.promptPath!, worktree: run.worktree, round: index, runDir, sessionId }));
    for (const note of built.policy.notes) ctx.output({ runId, round: index, stream: 'info', text: `${note}\n` });
    const env = agentEnvironment({
      runId,
      round: index,
      maxRounds: roundLimit(run),
      promptFile: round.promptPath!,
      findingsFile,
      previousLog: previous?.logPath ?? '',
      dispositionsFile,
      baseRef: `${run.remote}/${run.baseBranch}`,
      worktree: run.worktree,
    });
    ctx.output({ runId, round: index, stream: 'info', text: `$ ${built.argv.join(' ')}\n` });
    const result = await runAgent({
      argv: built.argv,
      parser: built.parser,
      ...(built.stdin === 'prompt' ? { stdin: prompt } : {}),
      cwd: run.worktree,
      env: { ...env, ...built.env },
      logPath: round.logPath!,
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

    // The agent may have broken the worktree's link to the repository; mend it before committing.
    if (await restoreWorktreeLink(ctx.commonDir, run.worktree)) await repairWorktree(ctx.topLevel, run.worktree);
    const settled = (await ctx.store.get(runId)).status === 'aborted';
    let headAfter = await headSha(run.worktree);
    if (!settled) {
      const committed = await commitAll(run.worktree, `revise: round ${index}`);
      if (committed) headAfter = committed;
    }
    const verify = !settled && result.status === 'succeeded' && options.verifyCommand && options.verifyCommand.length > 0
      ? await runVerify({ argv: options.verifyCommand, cwd: run.worktree, env, logPath: join(runDir, `round-${index}.verify.log`), timeoutMs: options.verifyTimeoutMs ?? options.agent.timeoutMs, signal: controller.signal })
      : undefined;
    const ids = findingsForRound(run.findings).map((f) => f.id);
    const dispositions = readDispositions({ file: dispositionsFile, ...(result.finalText ? { finalText: result.finalText } : {}), findingIds: ids, round: index });
    for (const warning of dispositions.warnings) ctx.output({ runId, round: index, stream: 'info', text: `dispositions: ${warning}\n` });
    const touched = round.headBefore && headAfter ? await changedLineRanges(run.worktree, round.headBefore, headAfter) : new Map<string, Array<[number, number]>>();
    const review = !settled && result.status === 'succeeded' && options.reviewerCommand && options.reviewerCommand.length > 0
      ? await reviewRound({ ...run, rounds: run.rounds.map((r) => (r.index === index ? { ...r, headAfter } : r)) }, index, options.reviewerCommand, env, runDir, options.verifyTimeoutMs ?? options.agent.timeoutMs, controller.signal)
      : undefined;
    if (review?.record.warning) ctx.output({ runId, round: index, stream: 'info', text: `reviewer: ${review.record.warning}\n` });

    run = await ctx.update(runId, (r) => {
      const current = r.rounds[index]!;
      current.status = result.status;
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
        ...(result.denials?.length ? { denied: result.denials } : {}),
      };
      if (result.status === 'succeeded' && result.isError) current.status = 'failed';
      if (current.status === 'failed' && result.failure) current.error = { code: 'agent-failed', message: result.failure };
      if (verify) current.verify = { command: options.verifyCommand!, exitCode: verify.exitCode, logPath: verify.logPath, durationMs: verify.durationMs };
      if (review) {
        const merged = mergeImported(r.findings, review.drafts, { now: ctx.now(), origin: `reviewer: ${review.record.command.join(' ')}` });
        r.findings = merged.findings;
        current.reviewer = { ...review.record, added: merged.added };
      }
      for (const f of r.findings) {
        const disposition = dispositions.dispositions.get(f.id);
        if (disposition) f.disposition = disposition;
        if (f.file && f.line !== undefined && overlaps(touched.get(f.file), f.line, f.endLine ?? f.line)) f.touchedInRound = index;
      }
      if (r.status === 'running') raiseNextDecision(ctx, r);
    });
    if (options.pushAfterRound && run.rounds[index]?.status === 'succeeded' && !run.pushBlockedReason && run.status === 'awaiting-decision') {
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
    });
    ctx.output({ runId, round: index, stream: 'info', text: `round ${index} failed: ${failure.message}\n` });
    throw failure;
  } finally {
    options.signal?.removeEventListener('abort', forward);
    ctx.running.delete(runId);
  }
}

function overlaps(ranges: Array<[number, number]> | undefined, start: number, end: number): boolean {
  return ranges?.some(([a, b]) => a <= end && b >= start) ?? false;
}
