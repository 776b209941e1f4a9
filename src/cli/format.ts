/** Human-readable output of the `revise` CLI (with --json, the command's document is printed instead). */
import type { Backup, Finding, Round, Run } from '../core/model';
import { roundLimit, revisionCount } from '../core/model';
import type { ImportSummary } from '../engine';
import { importSummaryLines, isImportSummary } from './importSummary';

function runLine(run: Run): string {
  const pending = run.pendingDecision ? `  pending: ${run.pendingDecision.kind} ${run.pendingDecision.id} [${run.pendingDecision.options.join(' | ')}]` : '';
  const local = run.pushBlockedReason ? `\n  not pushed: ${run.pushBlockedReason}` : '';
  const incidents = run.rounds.flatMap((r) => (r.incidents ?? []).map((i) => `\n  round ${r.index} ${i.kind}: ${i.message}${i.items?.length ? `\n    ${i.items.join('\n    ')}` : ''}`)).join('');
  return `${run.id}  ${run.status}  round ${revisionCount(run)}/${roundLimit(run)}  ${run.priorBranch} → ${run.baseBranch}${pending}\n  worktree: ${run.worktree}${local}${incidents}`;
}

function findingLine(f: Finding): string {
  const column = f.column !== undefined ? `:${f.column}` : '';
  const where = f.file ? `${f.file}${f.line !== undefined ? `:${f.line}${column}${f.endLine !== undefined && f.endLine !== f.line ? `-${f.endLine}` : ''}` : ''}` : '(no location)';
  const gone = f.goneSince ? '  (no longer reported)' : '';
  const disposition = f.disposition ? `  → ${f.disposition.kind}${f.disposition.note ? `: ${f.disposition.note}` : ''}` : '';
  return `${f.id.padEnd(4)} ${f.severity.padEnd(12)} ${f.status.padEnd(9)} ${where}  ${f.title}${disposition}${gone}`;
}

/** A finished round: its status and why it did not succeed, what the agent was allowed and what it was denied. */
export function roundLines(round: Round): string[] {
  const out = [`round ${round.index} ${round.status}${round.exitCode !== null ? ` (exit ${round.exitCode})` : ''}`];
  if (round.error) out.push(`  reason: ${round.error.message}`);
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

function backupLine(b: Backup): string {
  return `${b.ref}  ${b.sha.slice(0, 12)}  ${b.reason}  (${b.commits.length} commit${b.commits.length === 1 ? '' : 's'})`;
}

/** Render a command's result document for a person. */
export function printHuman(doc: unknown): string {
  const d = doc as Record<string, unknown>;
  const out: string[] = [];
  if (typeof d.prompt === 'string') return d.prompt;
  if (isImportSummary(d)) return importSummaryLines(d as unknown as ImportSummary).join('\n');
  if (Array.isArray(d.runs)) {
    const runs = d.runs as Run[];
    if (runs.length === 0) out.push('No runs. Start one with: revise start --branch <prior-branch>');
    for (const run of runs) out.push(runLine(run));
    for (const q of (d.quarantined as Array<{ file: string; reason: string }> | undefined) ?? []) out.push(`quarantined: ${q.file}: ${q.reason}`);
    for (const n of (d.newer as Array<{ runId: string; version: number }> | undefined) ?? []) out.push(`newer (read-only): ${n.runId} schema v${n.version}`);
    for (const n of (d.notices as Array<{ runId: string; kind: string; message: string }> | undefined) ?? []) out.push(`${n.kind}: ${n.runId}: ${n.message}`);
  } else if (Array.isArray(d.findings)) {
    const findings = d.findings as Finding[];
    if (findings.length === 0) out.push('No findings.');
    for (const f of findings) out.push(findingLine(f));
  } else if (Array.isArray(d.leftovers)) {
    const removed = (d.removed as Array<{ runId: string }> | undefined) ?? [];
    for (const l of d.leftovers as Array<{ runId: string; worktree?: string; refs: string[] }>) out.push(`${l.runId}  ${l.worktree ?? '(no worktree)'}  ${l.refs.join(' ')}`);
    for (const l of removed) out.push(`removed leftovers of ${l.runId}`);
    for (const b of (d.backups as Backup[] | undefined) ?? []) out.push(`backed up: ${backupLine(b)}`);
    if (out.length === 0) out.push('No leftovers.');
  } else if (Array.isArray(d.backups)) {
    const backups = d.backups as Backup[];
    if (backups.length === 0) out.push('No backups.');
    for (const b of backups) out.push(backupLine(b));
  } else if (d.finding) {
    out.push(findingLine(d.finding as Finding));
  } else if (d.run) {
    out.push(runLine(d.run as Run));
    if (d.round) out.push(...roundLines(d.round as Round));
    if (typeof d.pushed === 'string') out.push(`pushed ${d.pushed}`);
  } else if (d.restored) {
    const r = d.restored as { ref: string; branch: string };
    out.push(`restored ${r.ref} into branch ${r.branch}`);
  } else {
    out.push(JSON.stringify(doc, null, 2));
  }
  return out.join('\n');
}
