/** Adding, importing and triaging findings of a run. */
import { readFile } from 'node:fs/promises';
import { InputError, ReviseError } from '../core/errors';
import { checkWorktreePath, nextFindingId, severityPrefix } from '../core/findings';
import { findingState } from '../core/findingState';
import type { Finding, FindingStatus, Run, Severity } from '../core/model';
import { lastRound } from '../core/runFacts';
import type { EngineContext } from './engineContext';
import { nodeWorktreeFs } from './worktreeFs';

export interface NewFinding {
  file?: string | undefined;
  line?: number | undefined;
  endLine?: number | undefined;
  severity: Severity;
  message: string;
  title?: string | undefined;
  kind?: 'manual' | 'inline';
}

function checkLocation(input: NewFinding): void {
  for (const [name, value] of [['line', input.line], ['endLine', input.endLine]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new InputError('bad-input', `A finding's ${name} must be a line number ≥ 1 (got ${value}).`);
  }
  if (input.line !== undefined && input.endLine !== undefined && input.endLine < input.line) {
    throw new InputError('bad-input', `A finding's endLine (${input.endLine}) is before its line (${input.line}).`);
  }
  if (input.line !== undefined && input.file === undefined) throw new InputError('bad-input', 'A finding with a line needs a file.');
  if (!input.message.trim()) throw new InputError('bad-input', 'A finding needs a message.');
}

/** Add one finding (manual from the CLI, or an inline rework comment `C<n>` from the editor). */
export async function addFinding(ctx: EngineContext, runId: string, input: NewFinding): Promise<{ run: Run; finding: Finding }> {
  checkLocation(input);
  const file = input.file === undefined ? undefined : await insideWorktree(ctx, runId, input.file);
  let added: Finding | undefined;
  const anchorText = file?.exists && input.line !== undefined ? await readLines(file.full, input.line, input.endLine ?? input.line) : undefined;
  const run = await ctx.update(runId, (r) => {
    const prefix = input.kind === 'inline' ? 'C' : severityPrefix[input.severity];
    const head = lastRound(r)?.headAfter ?? r.restoredSha;
    const message = input.message.trim();
    added = {
      id: nextFindingId(r.findings.map((f) => f.id), prefix),
      severity: input.severity,
      title: input.title ?? message.split('\n')[0]!.slice(0, 120),
      message,
      ...(file !== undefined ? { file: file.path } : {}),
      ...(input.line !== undefined ? { line: input.line, endLine: input.endLine ?? input.line } : {}),
      ...(anchorText !== undefined && input.line !== undefined ? { anchor: { commit: head, line: input.line, endLine: input.endLine ?? input.line, text: anchorText } } : {}),
      source: { kind: input.kind ?? 'manual' },
      status: 'open',
      include: true,
      createdAt: ctx.now(),
    };
    r.findings.push(added);
  });
  return { run, finding: added! };
}

/**
 * The same path check as imported findings (absolute, `..` and symlinks out of the worktree are
 * refused); a file that does not exist yet is allowed (a finding may ask for a new file).
 */
async function insideWorktree(ctx: EngineContext, runId: string, raw: string): Promise<{ path: string; full: string; exists: boolean }> {
  const run = await ctx.read(runId);
  const checked = await checkWorktreePath(raw, nodeWorktreeFs(run.worktree));
  if (!checked.ok) throw new InputError('bad-input', `A finding's file must be a path inside the worktree (got ${raw}): ${checked.why}`);
  return checked;
}

async function readLines(full: string, start: number, end: number): Promise<string | undefined> {
  try {
    const lines = (await readFile(full, 'utf8')).split(/\r?\n/);
    return lines.slice(start - 1, end).join('\n');
  } catch {
    return undefined;
  }
}

function findFinding(run: Run, id: string): Finding {
  const finding = run.findings.find((f) => f.id === id);
  if (!finding) throw new ReviseError('finding-not-found', `Run ${run.id} has no finding ${id}.`, { details: { runId: run.id, findingId: id } });
  return finding;
}

/** Set a finding's status (dismissing needs a reason). */
export async function setFindingStatus(ctx: EngineContext, runId: string, id: string, status: FindingStatus, reason?: string): Promise<Run> {
  if (status === 'dismissed' && !reason?.trim()) throw new InputError('bad-input', `Dismissing ${id} needs a reason.`, { details: { findingId: id } });
  return ctx.update(runId, (r) => {
    const f = findFinding(r, id);
    f.status = status;
    if (reason?.trim()) f.reason = reason.trim();
    else delete f.reason;
  });
}

/** Include or leave out a finding from the next round. */
export async function setFindingIncluded(ctx: EngineContext, runId: string, id: string, include: boolean): Promise<Run> {
  return ctx.update(runId, (r) => {
    findFinding(r, id).include = include;
  });
}

/** Edit or remove an inline rework comment before its round starts. */
export async function editInlineFinding(ctx: EngineContext, runId: string, id: string, message: string | null): Promise<Run> {
  return ctx.update(runId, (r) => {
    const f = findFinding(r, id);
    if (f.source.kind !== 'inline') throw new InputError('bad-input', `${id} is not an inline rework comment; dismiss it instead.`);
    if (f.sentInRound !== undefined) {
      throw new InputError('bad-input', `${id} was already sent to round ${f.sentInRound}; add a new comment instead.`);
    }
    if (message === null) r.findings = r.findings.filter((x) => x.id !== id);
    else {
      f.message = message.trim();
      f.title = f.message.split('\n')[0]!.slice(0, 120);
    }
  });
}

/**
 * Accept the agent's claim (src/core/findingState.ts): a fix claimed, or any open finding the user
 * finds fixed, becomes verified; a disagreement or a deferral accepted is dismissed with the agent's
 * reason. Resolved and dismissed findings are refused: there is nothing to accept.
 */
export async function acceptFinding(ctx: EngineContext, runId: string, id: string): Promise<Run> {
  return ctx.update(runId, (r) => {
    const f = findFinding(r, id);
    if (f.status !== 'open') throw new InputError('bad-input', `${id} is already ${f.status}; reopen it first.`, { details: { runId: r.id, findingId: id, status: f.status, situation: 'finding-not-open' } });
    const d = f.disposition;
    if (d && d.kind !== 'fixed') {
      f.status = 'dismissed';
      f.reason = d.kind === 'deferred' ? `Deferred by the agent in round ${d.round}${d.issue ? ` to ${d.issue}` : ''}${d.note ? `: ${d.note}` : ''}` : `The agent disagreed in round ${d.round}${d.note ? `: ${d.note}` : ''}`;
      return;
    }
    f.verification = { outcome: 'accepted', by: 'user', at: ctx.now(), ...(d ? { round: d.round } : {}) };
  });
}

/**
 * Reopen a finding: the fix did not hold (still present, with the user's evidence), or a resolved
 * or dismissed finding comes back. It goes into the next round again. A finding that is plainly
 * open is refused.
 */
export async function reopenFinding(ctx: EngineContext, runId: string, id: string, evidence?: string): Promise<Run> {
  return ctx.update(runId, (r) => {
    const f = findFinding(r, id);
    const state = findingState(f);
    if (state.kind === 'open' || state.kind === 'still-present') throw new InputError('bad-input', `${id} is already ${state.kind === 'open' ? 'open' : 'reopened'}; nothing to reopen.`);
    f.status = 'open';
    delete f.reason;
    f.include = true;
    const note = evidence?.trim();
    f.verification = { outcome: 'still-present', by: 'user', at: ctx.now(), ...(f.disposition ? { round: f.disposition.round } : {}), evidence: note ? `reopened: ${note}` : 'reopened by the user' };
  });
}
