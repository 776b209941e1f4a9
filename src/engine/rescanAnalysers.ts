/**
 * Verification by re-running the analyser a finding came from. `revise.analysers` (or the CLI's
 * `--analyser NAME=ARGV`) maps a SARIF tool name, as imported findings carry it in
 * `source.author`, to a command that prints that tool's SARIF on stdout, or writes it to the file
 * named by a `{sarifFile}` argument. After a round (and on `revise findings rescan`), each source
 * with open, claimed or still-present findings is scanned again in the run's worktree and its SARIF
 * is imported with the same identity as the first import (src/core/findings/mergeImported.ts): what
 * it no longer reports is verified, what it still reports stays, with the tool named as evidence
 * against a claimed fix. An analyser that fails, times out or prints no SARIF of its source changes
 * no finding; the error is recorded on the round (`Round.analysers`).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runReviewer } from '../agent';
import { AgentError, DecisionError, toReviseError } from '../core/errors';
import { readReview } from '../core/findings';
import { findingState, isUnsettled } from '../core/findingState';
import type { AnalyserRescan, Finding, Run } from '../core/model';
import { listCheckouts } from '../git';
import type { RoundOptions } from './config';
import type { EngineContext } from './engineContext';
import { locateInWorktree, mergeDrafts } from './importReview';

/** Argument replaced by the path of a file the analyser writes its SARIF to (instead of stdout). */
export const SARIF_FILE_PLACEHOLDER = '{sarifFile}';

/** Analyser commands by SARIF tool name (argv arrays, no shell). */
export type AnalyserCommands = Readonly<Record<string, readonly string[]>>;

export interface RescanOptions {
  analysers: AnalyserCommands;
  /** Only these sources (tool names); default: every source with unsettled findings. */
  sources?: readonly string[] | undefined;
  /** Per analyser (default 10 minutes). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface RescanSummary {
  runId: string;
  /** The round the results were recorded on (the run's latest). */
  round: number;
  results: AnalyserRescan[];
  /** Sources with unsettled findings (or asked for) that have no analyser configured. */
  unconfigured: string[];
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** The SARIF tool names of findings that still ask for a check, in order of first appearance. */
export function sourcesToRescan(findings: readonly Finding[]): string[] {
  const names = new Set<string>();
  for (const f of findings) if (f.source.kind === 'sarif' && f.source.author && isUnsettled(findingState(f).kind)) names.add(f.source.author);
  return [...names];
}

/** The configured analyser for `source`: its exact name, else one differing only in case. */
export function analyserFor(analysers: AnalyserCommands, source: string): readonly string[] | undefined {
  const exact = analysers[source];
  if (exact) return exact;
  const key = Object.keys(analysers).find((k) => k.toLowerCase() === source.toLowerCase());
  return key === undefined ? undefined : analysers[key];
}

/**
 * Re-run the configured analyser of each source in the run's worktree and import what it reports
 * (see the module comment). Refuses a run whose round is running or whose worktree is gone; an
 * analyser's own failure is a result (`error` on its entry), not a throw.
 */
export async function rescanAnalysers(ctx: EngineContext, runId: string, options: RescanOptions): Promise<RescanSummary> {
  const run = await ctx.read(runId);
  if (run.status === 'running') throw new DecisionError('run-busy', `A round of run ${runId} is running; re-scan after it ended.`);
  if (!existsSync(run.worktree)) throw new DecisionError('run-settled', `The worktree of run ${runId} (${run.worktree}) no longer exists, so there is nothing to scan.`);
  const round = run.rounds[run.rounds.length - 1]?.index ?? 0;
  const sources = options.sources ? [...options.sources] : sourcesToRescan(run.findings);
  const unconfigured = sources.filter((s) => !analyserFor(options.analysers, s));
  const results: AnalyserRescan[] = [];
  const earlier = run.rounds[run.rounds.length - 1]?.analysers?.length ?? 0;
  for (const source of sources) {
    const argv = analyserFor(options.analysers, source);
    if (!argv) continue;
    const files = analyserFiles(ctx.store.runDir(runId), round, earlier + results.length, source);
    results.push(await rescanOne(ctx, runId, source, [...argv], files, options));
  }
  if (results.length > 0) {
    await ctx.update(runId, (r) => {
      const latest = r.rounds.find((x) => x.index === round);
      if (latest) latest.analysers = [...(latest.analysers ?? []), ...results];
    });
  }
  return { runId, round, results, unconfigured };
}

/**
 * The analysers step of a round (runRound.ts): re-scan after a succeeded round when analysers are
 * configured. Never fails the round: what went wrong is recorded and printed to the round's output.
 */
export async function rescanAfterRound(ctx: EngineContext, run: Run, index: number, options: RoundOptions, signal: AbortSignal): Promise<Run> {
  const analysers = options.analysers ?? {};
  if (Object.keys(analysers).length === 0 || run.rounds[index]?.status !== 'succeeded' || run.status === 'aborted') return run;
  const say = (text: string) => ctx.output({ runId: run.id, round: index, stream: 'info', text: `${text}\n` });
  try {
    const summary = await rescanAnalysers(ctx, run.id, { analysers, timeoutMs: options.verifyTimeoutMs ?? options.agent.timeoutMs, signal });
    for (const line of describeRescan(summary)) say(line);
  } catch (error) {
    say(`analysers: the re-scan did not run: ${toReviseError(error, 'analyser-failed').message}`);
  }
  return ctx.read(run.id);
}

/** What one analyser re-run did: what it verified, what it still reports, or why it changed nothing. */
export function analyserLine(r: AnalyserRescan): string {
  const ids = (list: readonly string[]) => (list.length > 0 ? ` (${list.join(', ')})` : '');
  return r.error
    ? `analyser ${r.source}: ${r.error.message} [${r.error.code}]; no finding was changed. Log: ${r.logPath}`
    : `analyser ${r.source}: ${r.verified.length} verified${ids(r.verified)}, ${r.stillPresent.length} still reported${ids(r.stillPresent)}, ${r.added.length} new${ids(r.added)}.`;
}

/** One line per analyser (`analyserLine`), and the sources no analyser is configured for. */
export function describeRescan(summary: RescanSummary): string[] {
  const lines = summary.results.map(analyserLine);
  if (summary.unconfigured.length > 0) lines.push(`No analyser is configured for ${summary.unconfigured.join(', ')}; their findings were not re-checked.`);
  return lines;
}

interface AnalyserFiles {
  logPath: string;
  sarifPath: string;
}

function analyserFiles(runDir: string, round: number, n: number, source: string): AnalyserFiles {
  const slug = source.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'tool';
  const base = join(runDir, `round-${round}.analyser-${n + 1}-${slug}`);
  return { logPath: `${base}.log`, sarifPath: `${base}.sarif` };
}

async function rescanOne(ctx: EngineContext, runId: string, source: string, template: string[], files: AnalyserFiles, options: RescanOptions): Promise<AnalyserRescan> {
  const toFile = template.includes(SARIF_FILE_PLACEHOLDER);
  const argv = template.map((a) => (a === SARIF_FILE_PLACEHOLDER ? files.sarifPath : a));
  const run = await ctx.read(runId);
  const who = `The ${source} analyser`;
  const record: AnalyserRescan = { source, command: template, exitCode: null, logPath: files.logPath, durationMs: 0, at: ctx.now(), verified: [], stillPresent: [], added: [] };
  try {
    const outcome = await runReviewer({ argv, cwd: run.worktree, env: { REVISE_RUN_ID: runId, REVISE_WORKTREE: run.worktree }, logPath: files.logPath, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, field: 'analysers', ...(options.signal ? { signal: options.signal } : {}) });
    Object.assign(record, { exitCode: outcome.exitCode, durationMs: outcome.durationMs });
    if (outcome.status !== 'succeeded' && outcome.status !== 'failed') throw new AgentError('analyser-failed', `${who} ${outcome.status === 'timed-out' ? 'timed out' : 'was cancelled'}.`);
    if (!toFile && outcome.truncated) throw new AgentError('analyser-failed', `${who} printed more than 5 MB on stdout, and a cut report cannot tell what is fixed; let it write to a {sarifFile} argument instead.`);
    const text = toFile ? await readFile(files.sarifPath, 'utf8').catch(() => '') : outcome.stdout;
    if (!text.trim()) throw new AgentError('analyser-failed', `${who} ${toFile ? `wrote no SARIF to ${files.sarifPath}` : 'printed nothing on stdout'} (exit ${outcome.exitCode ?? 'none'}); its log says why.`);
    const roots = [ctx.topLevel, ...(await listCheckouts(run.worktree))];
    const review = readSarifOf(who, text, { fileName: 'analyser.sarif', format: 'sarif', origin: `analyser: ${template.join(' ')}`, root: run.worktree, roots });
    if (!review.scopes.some((s) => s.author === source)) {
      const names = review.scopes.map((s) => `"${s.author}"`).join(', ') || 'no tool name';
      throw new AgentError('analyser-failed', `${who} reported no run of the tool "${source}" (its SARIF names ${names}); configure it under the tool name the findings carry.`);
    }
    const before = unsettledIds(run.findings, source);
    const located = await locateInWorktree(run, review.drafts.filter((d) => d.source.author === source));
    const summary = await mergeDrafts(ctx, runId, located, { origin: `analyser: ${template.join(' ')}`, scopes: [{ kind: 'sarif', author: source }] });
    const after = new Map((await ctx.read(runId)).findings.map((f) => [f.id, f]));
    for (const id of before) {
      const f = after.get(id);
      if (f && findingState(f).kind === 'verified') record.verified.push(id);
      else if (f) record.stillPresent.push(id);
    }
    record.added = summary.added;
  } catch (error) {
    const failure = toReviseError(error, 'analyser-failed');
    // A command that cannot start is the analyser's failure too (runVerify calls it verify-failed).
    record.error = { code: failure.code === 'verify-failed' ? 'analyser-failed' : failure.code, message: failure.message };
  }
  return record;
}

/** The SARIF log `text`, or `analyser-failed` saying that the analyser printed something else. */
function readSarifOf(who: string, text: string, opts: Parameters<typeof readReview>[1]): ReturnType<typeof readReview> {
  try {
    return readReview(text, opts);
  } catch (error) {
    throw new AgentError('analyser-failed', `${who} printed no readable SARIF: ${toReviseError(error).message}`, { cause: error });
  }
}

function unsettledIds(findings: readonly Finding[], source: string): string[] {
  return findings.filter((f) => f.source.kind === 'sarif' && f.source.author === source && isUnsettled(findingState(f).kind)).map((f) => f.id);
}
