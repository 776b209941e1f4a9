/**
 * What the `revise` CLI prints for a person (with --json, the envelope is printed instead). Each
 * command says what happened and, where there is one, the next command to run.
 */
import { existsSync } from 'node:fs';
import type { DecisionEffect } from '../core/decisions';
import type { Backup, DecisionOption, Finding, Round, Run } from '../core/model';
import { lastRound, revisionCount, roundLimit } from '../core/runFacts';
import { countFindingStates, describeCounts, describeState, findingState, STATE_WORDS } from '../core/findingState';
import { openBlockingFindings } from '../core/openBlocking';
import { findingLocation } from '../core/findingLocation';
import { analyserLine } from '../engine';
import { hintFor } from './hints';
import { errorFromRecord } from '../core/errors';

/** Where an approve or `revise push` put the run: remote, its URL, branch and commit. */
export interface PushedTo {
  remote: string;
  url?: string | undefined;
  branch: string;
  commit: string;
  pr?: string | undefined;
}

/** Where the run's branch was pushed: the push the run recorded (its URL without credentials), else read from the run. */
export function pushedTo(run: Run): PushedTo {
  const recorded = run.pushed;
  return {
    remote: recorded?.remote ?? (run.pushUrl ? 'fork' : run.remote),
    url: recorded ? recorded.url : (run.pushUrl ?? run.remoteUrl),
    branch: recorded?.branch ?? run.priorBranch,
    commit: recorded?.sha ?? run.leaseSha ?? run.restoredSha,
    ...(run.pr ? { pr: run.pr.url } : {}),
  };
}

/** `ID  status  round k/N  prior → base`, the pending decision, the worktree (or that it is gone), a next step. */
export function runText(run: Run): string[] {
  const lines = [`${run.id}  ${run.status}  round ${revisionCount(run)}/${roundLimit(run)}  ${run.priorBranch} → ${run.baseBranch}  ${run.title}`];
  const queued = run.rounds.find((r) => r.status === 'queued');
  if (queued) lines.push(`  round ${queued.index} is queued: run it with \`revise round --run ${run.id}\``);
  else if (run.status === 'running') lines.push(`  round ${lastRound(run)?.index ?? ''} is running`);
  if (run.pendingDecision && !queued) lines.push(`  pending: ${run.pendingDecision.kind} ${run.pendingDecision.id} [${run.pendingDecision.options.join(' | ')}]${run.pendingDecision.reason ? ` — ${run.pendingDecision.reason}` : ''}`);
  if (run.findings.length > 0) lines.push(`  findings: ${run.findings.length} (${describeCounts(countFindingStates(run.findings))}; ${openBlockingFindings(run).length} blocking not settled)`);
  lines.push(existsSync(run.worktree) ? `  worktree: ${run.worktree}` : `  worktree: removed${run.status === 'approved' || run.status === 'aborted' ? '' : ' (the next round re-creates it)'}`);
  if (run.pushBlockedReason) lines.push(`  not pushed: ${run.pushBlockedReason}`);
  for (const r of run.rounds) for (const i of r.incidents ?? []) lines.push(`  round ${r.index} ${i.kind}: ${i.message}`, ...(i.items ?? []).map((item) => `    ${item}`));
  return lines;
}

export function findingText(f: Finding): string {
  const where = findingLocation(f, { column: true }) ?? '(no location)';
  const state = findingState(f);
  const note = state.claim?.note ? `  (${state.claim.kind}: ${state.claim.note})` : '';
  const detail = state.kind === 'open' ? '' : `  → ${describeState(state)}${note}`;
  return `${f.id.padEnd(4)} ${f.severity.padEnd(12)} ${STATE_WORDS[state.kind].padEnd(13)} ${where}  ${f.title}${detail}`;
}

/** A finished round: its status and why it did not succeed, what the agent was allowed and what it was denied. */
export function roundLines(round: Round, runId?: string): string[] {
  const out = [`round ${round.index} ${round.status}${round.exitCode !== null ? ` (exit ${round.exitCode})` : ''}`];
  if (round.error) {
    out.push(`  reason: ${round.error.message}`);
    const next = hintFor(errorFromRecord(round.error), runId);
    if (next) out.push(`  next: ${next}`);
  }
  for (const a of round.analysers ?? []) out.push(`  ${analyserLine(a)}`);
  const agent = round.agent;
  if (!agent) return out;
  if (agent.freshSession) out.push(`  session ${agent.freshSession.lostSessionId} could not be resumed (${agent.freshSession.reason}); ran in a fresh session`);
  if (agent.policy) {
    const allowed = agent.policy.allowedCommands.length > 0 ? agent.policy.allowedCommands.join(', ') : 'no commands';
    const limits = Object.entries(agent.policy.limits).map(([k, v]) => `${k} ${v}`);
    out.push(`  allowed: ${allowed}${agent.policy.sandbox ? `; sandbox ${agent.policy.sandbox}` : ''}${limits.length > 0 ? `; limits: ${limits.join(', ')}` : ''}`);
  }
  for (const d of agent.denied ?? []) out.push(`  denied: ${d.tool}${d.detail ? ` ${d.detail}` : ''}`);
  return out;
}

export function backupText(b: Backup): string {
  return `${b.ref}  ${b.sha.slice(0, 12)}  ${b.reason}  (${b.commits.length} commit${b.commits.length === 1 ? '' : 's'})`;
}

/** `revise start`: the run id, its worktree and branch, what it restored, its findings and the next steps. */
export function startText(run: Run): string[] {
  const blocking = openBlockingFindings(run).length;
  return [
    `Started run ${run.id}: ${run.title}`,
    `  restored ${run.priorBranch} at ${run.restoredSha.slice(0, 12)} from ${run.remote} (${run.strategy}); base ${run.baseBranch}`,
    `  worktree: ${run.worktree} (branch ${run.localBranch})`,
    `  findings: ${run.findings.length}${run.findings.length > 0 ? ` (${blocking} blocking)` : ''}`,
    ...(run.pendingDecision ? [`  pending: ${run.pendingDecision.kind} ${run.pendingDecision.id} [${run.pendingDecision.options.join(' | ')}]`] : []),
    `Next: import a review with \`revise findings import --run ${run.id} --from review.md\`, then \`revise decide --run ${run.id} --decision ${run.pendingDecision?.id ?? '<id>'} request-changes\`.`,
  ];
}

/** `revise status`: every run, then what could not be read. */
export function statusText(listing: { runs: Run[]; quarantined: Array<{ file: string; reason: string }>; newer: Array<{ runId: string; version: number }>; notices?: Array<{ runId: string; kind: string; message: string }> }, removed: string[]): string[] {
  const out: string[] = [];
  if (listing.runs.length === 0) out.push('No runs. Start one with: revise start --branch <prior-branch>');
  for (const run of listing.runs) out.push(...runText(run));
  for (const q of listing.quarantined) out.push(`quarantined: ${q.file}: ${q.reason}`);
  for (const n of listing.newer) out.push(`newer (read-only): ${n.runId} schema v${n.version}`);
  for (const n of listing.notices ?? []) out.push(`${n.kind}: ${n.runId}: ${n.message}`);
  const settledWithWorktree = listing.runs.filter((r) => (r.status === 'approved' || r.status === 'aborted') && !removed.includes(r.id));
  if (settledWithWorktree.length > 0) out.push(`Finished runs with a worktree left: ${settledWithWorktree.map((r) => r.id).join(', ')} — remove each with \`revise clean --run <id>\`.`);
  return out;
}

/** `revise decide`: what the decision did — the round it queued, where an approve pushed, what an abort kept. */
export function decideText(run: Run, option: DecisionOption, effect: DecisionEffect['kind'], pushed: PushedTo | undefined, noPush: boolean): string[] {
  switch (effect) {
    case 'approve': {
      const lines = [`Approved run ${run.id}.`];
      if (pushed) lines.push(`  pushed ${pushed.commit.slice(0, 12)} to branch ${pushed.branch} on ${pushed.remote}${pushed.url ? ` (${pushed.url})` : ''} with a lease`);
      else lines.push(`  not pushed: ${run.pushBlockedReason ?? (noPush ? '--no-push was given' : 'push skipped')}; the run branch ${run.localBranch} holds it`);
      if (pushed?.pr) lines.push(`  pull request: ${pushed.pr}`);
      const posted = Object.keys(run.posted).length;
      if (posted > 0) lines.push(`  replies posted to the pull request: ${posted}`);
      lines.push(`Clean up its worktree and branch with \`revise clean --run ${run.id}\`.`);
      return lines;
    }
    case 'abort': {
      const lines = [`Aborted run ${run.id}: the worktree was removed.`];
      for (const b of run.backups) lines.push(`  backup: ${backupText(b)}`);
      lines.push(`Restore a backup with \`revise backups --run ${run.id} --restore <ref> --branch <name>\`.`);
      return lines;
    }
    case 'start-round': {
      const round = lastRound(run)!;
      return [`Round ${round.index} (${round.kind}) is queued for run ${run.id} (${option}).`, `Run it with \`revise round --run ${run.id}\`.`];
    }
    case 'continue-without-update':
    case 'refetch-and-update':
    case 'keep-rewrite':
    case 'restore-previous-head':
    case 'none':
      return [`${option}: done.`, ...runText(run)];
  }
}

/** `revise clean`: what was removed, what was kept, and the backups that remain. */
export function cleanText(run: Run, c: { removedWorktree: string | null; removedBranch: string | null; keptBranch: string | null; backups: Backup[] }): string[] {
  const lines = [c.removedWorktree || c.removedBranch ? `Cleaned up run ${run.id}:` : `Run ${run.id} had nothing left to remove.`];
  if (c.removedWorktree) lines.push(`  removed the worktree ${c.removedWorktree}`);
  if (c.removedBranch) lines.push(`  deleted the branch ${c.removedBranch}`);
  if (c.keptBranch) lines.push(`  kept the branch ${c.keptBranch}: some of its commits are on no remote and in no backup`);
  lines.push(c.backups.length === 0 ? '  no backup refs' : `  kept ${c.backups.length} backup ref${c.backups.length === 1 ? '' : 's'}:`);
  for (const b of c.backups) lines.push(`    ${backupText(b)}`);
  if (c.backups.length > 0) lines.push(`Restore one with \`revise backups --run ${run.id} --restore <ref> --branch <name>\`.`);
  return lines;
}

/** A generic rendering, for a report that brings no text of its own (`round`). */
export function printHuman(doc: { run?: Run | undefined; result?: Record<string, unknown> | undefined }): string {
  const out: string[] = [];
  const result = doc.result ?? {};
  if (doc.run) out.push(...runText(doc.run));
  if (result.round) out.push(...roundLines(result.round as Round, doc.run?.id));
  return out.join('\n');
}

/** `revise leftovers`: git state of runs that do not exist, and what `--remove` removed and backed up. */
export function leftoversText(leftovers: Array<{ runId: string; worktree?: string | undefined; refs: string[] }>, removed: Array<{ runId: string }>, backups: Backup[]): string[] {
  const out: string[] = [];
  for (const l of leftovers) out.push(`${l.runId}  ${l.worktree ?? '(no worktree)'}  ${l.refs.join(' ')}`);
  for (const l of removed) out.push(`removed leftovers of ${l.runId}`);
  for (const b of backups) out.push(`backed up: ${backupText(b)}`);
  if (out.length === 0) out.push('No leftovers.');
  return out;
}
