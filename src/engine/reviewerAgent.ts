/**
 * A reviewer agent: one of the agent presets run read-only on the round's diff, with the run's
 * findings as context, answering with a verdict (GO / NO-GO) and findings in the review schema
 * (src/agent/reviewerOutput.ts). Its findings enter the run's ledger like any import: each review
 * is its reviewer's complete report (`scopes`), so a finding it no longer reports is marked gone
 * (verified), and one it reports again is kept, not duplicated. An advisory reviewer's findings are
 * never blocking, so they never drive a round.
 *
 * Read-only is checked, not trusted: the worktree's fingerprint (HEAD and every file) is taken
 * before and after; a reviewer that changed anything is recorded as an incident on the run's last
 * round and its answer is not imported (`reviewer-edited-worktree`); its changes stay for the user.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReviewInvocation, parseReviewerOutput, reviewerOutputJsonSchema, runAgent, type ReviewerFinding, type ReviewerOutput } from '../agent';
import { AgentError, ReviseError } from '../core/errors';
import { normalizeItemText, stableId, type FindingDraft } from '../core/findings';
import type { RoundIncident } from '../core/incidents';
import type { Finding, Run, Usage } from '../core/model';
import { composeReviewPrompt } from '../core/prompt/reviewPrompt';
import { baseRef, diffSince, fingerprintChanges, forkPoint, worktreeFingerprint } from '../git';
import type { EngineContext } from './engineContext';
import { locateInWorktree, mergeDrafts } from './importReview';

export const DEFAULT_REVIEW_TIMEOUT_MS = 15 * 60 * 1000;

export interface ReviewerAgentOptions {
  /** The preset that reviews: claude, codex, gemini, qwen or opencode. */
  reviewer: string;
  /** Its executable, when it is not the preset's program on PATH. */
  executable?: string | undefined;
  /** Advisory: its findings are rated non-blocking at most and its verdict does not block. Default: blocking. */
  advisory?: boolean | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Added to the reviewer's environment. */
  env?: Record<string, string> | undefined;
}

export interface ReviewerAgentResult {
  runId: string;
  reviewer: string;
  advisory: boolean;
  /** As the reviewer answered; `blocking` says whether it counts. */
  verdict: ReviewerOutput['verdict'];
  /** Whether this verdict and these findings may drive rounds (a blocking reviewer's). */
  blocking: boolean;
  summary: string;
  /** The round whose diff was reviewed (0: the prior attempt as restored). */
  round: number;
  /** `from..to` of the reviewed diff. */
  range: string;
  /** Ids of every finding the reviewer reported, in its order. */
  reported: string[];
  added: string[];
  updated: string[];
  moved: string[];
  /** Its earlier findings it no longer reports (marked gone: verified by this review). */
  gone: string[];
  /** Findings of other sources it reported again (still present), left as they are but for a fixed claim. */
  confirmed: string[];
  costUsd?: number | undefined;
  usage?: Usage | undefined;
  durationMs: number;
  logPath: string;
  /** The review's record (this result, with the argv) in the run folder. */
  recordPath: string;
}

/** Run one review of `runId`'s current state; see the module comment. */
export async function runReviewerAgent(ctx: EngineContext, runId: string, options: ReviewerAgentOptions): Promise<ReviewerAgentResult> {
  const run = await ctx.read(runId);
  // A queued round leaves the worktree alone; a running one edits it under the reviewer.
  if (run.rounds.some((r) => r.status === 'running') || ctx.running.has(runId)) {
    throw new ReviseError('run-busy', `Run ${runId} has a round running; review it once the round has finished.`);
  }
  const advisory = options.advisory === true;
  const dir = join(ctx.store.runDir(runId), 'reviews');
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, `${ctx.now().replace(/[:.]/g, '-')}-${options.reviewer}`);
  const schemaJson = JSON.stringify(reviewerOutputJsonSchema());
  writeFileSync(`${stem}.schema.json`, `${schemaJson}\n`);
  const invocation = buildReviewInvocation({ preset: options.reviewer, executable: options.executable, worktree: run.worktree, schemaJson, schemaFile: `${stem}.schema.json` });

  const { from, round } = await reviewedRange(run);
  const prompt = composeReviewPrompt({
    title: run.title,
    range: `${from.slice(0, 12)}..worktree, round ${round}`,
    diff: await diffSince(run.worktree, from),
    findings: run.findings.filter((f) => f.status === 'open'),
    ...(invocation.enforcesSchema ? {} : { schemaJson: JSON.stringify(reviewerOutputJsonSchema(), null, 2) }),
  });
  writeFileSync(`${stem}.prompt.md`, prompt);

  const logPath = `${stem}.log`;
  const before = await worktreeFingerprint(run.worktree);
  const result = await runAgent({
    argv: invocation.argv,
    stdin: prompt,
    cwd: run.worktree,
    env: { ...(options.env ?? {}), ...(invocation.env ?? {}) },
    logPath,
    timeoutMs: options.timeoutMs ?? DEFAULT_REVIEW_TIMEOUT_MS,
    parser: invocation.parser,
    ...(options.signal ? { signal: options.signal } : {}),
  }).catch((error: unknown) => {
    // The program is the reviewer's, set apart from the round's agent: its option is the reviewer's executable.
    if (error instanceof ReviseError && error.code === 'agent-not-found' && error.details?.field === 'agent.executable') {
      throw new AgentError('agent-not-found', error.message, { cause: error, details: { ...error.details, field: 'reviewerAgent.executable' } });
    }
    throw error;
  });
  const changed = await fingerprintChanges(run.worktree, before, await worktreeFingerprint(run.worktree));
  if (changed.length > 0) await refuseEdits(ctx, run, options.reviewer, changed, logPath);
  if (result.status !== 'succeeded') throw reviewerFailed(options.reviewer, result.status, result.failure, logPath);

  const output = parseReviewerOutput(result.finalText, logPath);
  const author = options.reviewer;
  const origin = `reviewer agent ${author}${advisory ? ' (advisory)' : ''}`;
  const { drafts, confirmed, order } = toDrafts(run.findings, output.findings, { author, advisory, origin });
  const summary = await mergeDrafts(ctx, runId, await locateInWorktree(run, drafts), { origin, scopes: [{ kind: 'reviewer-agent', author }] });
  const after = await markConfirmed(ctx, runId, confirmed, author);
  const reported = order.map((o) => (typeof o === 'string' ? o : (after.findings.find((f) => f.source.kind === 'reviewer-agent' && f.source.externalId === o.externalId)?.id ?? '')));

  const review: ReviewerAgentResult = {
    runId,
    reviewer: author,
    advisory,
    verdict: output.verdict,
    blocking: !advisory,
    summary: output.summary,
    round,
    range: `${from}..${before.head}`,
    reported: reported.filter(Boolean),
    added: summary.added,
    updated: summary.updated,
    moved: summary.moved,
    gone: summary.gone,
    confirmed,
    ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
    ...(result.usage ? { usage: result.usage } : {}),
    durationMs: result.durationMs,
    logPath,
    recordPath: `${stem}.json`,
  };
  writeFileSync(review.recordPath, `${JSON.stringify({ ...review, argv: invocation.argv, readOnly: invocation.readOnly, at: ctx.now() }, null, 2)}\n`);
  return review;
}

/** The diff reviewed: since the last round's start, or since the fork from the base (or the restored commit) before any round. */
async function reviewedRange(run: Run): Promise<{ from: string; round: number }> {
  const last = [...run.rounds].reverse().find((r) => r.headBefore && r.headAfter && r.kind !== 'import');
  if (last?.headBefore) return { from: last.headBefore, round: last.index };
  return { from: (await forkPoint(run.worktree, baseRef(run.id))) ?? run.restoredSha, round: 0 };
}

interface DraftContext {
  author: string;
  advisory: boolean;
  origin: string;
}

/**
 * The reviewer's findings as drafts. One that names a finding of this reviewer keeps its identity;
 * one that names a finding of another source confirms it (no duplicate); anything else is keyed by
 * its file and title, so the same problem reported again merges.
 */
function toDrafts(existing: readonly Finding[], findings: readonly ReviewerFinding[], c: DraftContext): { drafts: FindingDraft[]; confirmed: string[]; order: Array<string | { externalId: string }> } {
  const byId = new Map(existing.map((f) => [f.id, f]));
  const drafts: FindingDraft[] = [];
  const confirmed: string[] = [];
  const order: Array<string | { externalId: string }> = [];
  for (const f of findings) {
    const known = f.id ? byId.get(f.id) : undefined;
    if (known && !(known.source.kind === 'reviewer-agent' && known.source.author === c.author)) {
      if (!confirmed.includes(known.id)) confirmed.push(known.id);
      order.push(known.id);
      continue;
    }
    const externalId = known?.source.externalId ?? stableId('reviewer', c.author, f.file ?? '', normalizeItemText(f.title));
    const lowered = c.advisory && f.severity === 'blocking';
    drafts.push({
      severity: lowered ? 'non-blocking' : f.severity,
      title: f.title.trim(),
      message: lowered ? `${f.message}\n\n(Rated blocking by the advisory reviewer ${c.author}; advisory findings never block.)` : f.message,
      ...(f.file ? { file: f.file } : {}),
      ...(f.file && f.line !== null ? { line: f.line } : {}),
      ...(f.file && f.line !== null && f.endLine !== null && f.endLine >= f.line ? { endLine: f.endLine } : {}),
      source: { kind: 'reviewer-agent', author: c.author, externalId, origin: c.origin },
    });
    order.push({ externalId });
  }
  return { drafts, confirmed, order };
}

/** A finding of another source the reviewer still reports: evidence against the agent's claim to have fixed it. */
async function markConfirmed(ctx: EngineContext, runId: string, ids: readonly string[], author: string): Promise<Run> {
  if (ids.length === 0) return ctx.read(runId);
  return ctx.update(runId, (r) => {
    for (const f of r.findings) {
      const d = f.disposition;
      if (!ids.includes(f.id) || d?.kind !== 'fixed' || (f.verification?.round !== undefined && f.verification.round >= d.round)) continue;
      f.verification = { outcome: 'still-present', by: 'rescan', at: ctx.now(), round: d.round, evidence: `the reviewer agent ${author} still reports it after the fix claimed in round ${d.round}` };
    }
  });
}

/** Record the reviewer's edits as an incident on the run's last round, then refuse its answer. */
async function refuseEdits(ctx: EngineContext, run: Run, reviewer: string, changed: string[], logPath: string): Promise<never> {
  const incident: RoundIncident = {
    kind: 'reviewer-edited-worktree',
    message: `The reviewer agent ${reviewer} changed the worktree although it ran read-only; its review was not imported and its changes were left in place. Inspect them with \`git -C "${run.worktree}" status\` and undo what you do not want.`,
    items: changed.slice(0, 50),
  };
  await ctx.update(run.id, (r) => {
    const last = r.rounds[r.rounds.length - 1];
    if (last) last.incidents = [...(last.incidents ?? []), incident];
  });
  throw new AgentError('reviewer-edited-worktree', `${incident.message} Changed: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ` and ${changed.length - 5} more` : ''}. Its log is ${logPath}.`, { details: { changed, logPath } });
}

function reviewerFailed(reviewer: string, status: string, failure: string | undefined, logPath: string): AgentError {
  switch (status) {
    case 'timed-out':
      return new AgentError('agent-timeout', `The reviewer agent ${reviewer} ran past its timeout and was stopped; nothing was imported. Its log is ${logPath}.`);
    case 'cancelled':
      return new AgentError('agent-cancelled', `The review by ${reviewer} was cancelled; nothing was imported.`);
    default:
      return new AgentError('agent-failed', `The reviewer agent ${reviewer} failed${failure ? `: ${failure}` : ''}; nothing was imported. Its log is ${logPath}.`, { details: { logPath } });
  }
}
