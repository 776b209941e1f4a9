/** The decision panel's state, derived from a run: what it shows and which buttons it enables, and why not. */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { roundErrorText } from '../errorHandler';
import { startsRound } from '../../core/decisions';
import { findingState } from '../../core/findingState';
import type { DecisionOption, Run } from '../../core/model';
import { listFindings, openBlockingFindings } from '../../core/openBlocking';
import { isSettled, lastRound } from '../../core/runFacts';
import type { PanelAction, PanelRoundChanges, PanelState } from '../../shared/webviewProtocol';
import { decisionTitle, findingLocation, optionLabel, roundDuration, roundLabel, runStatusLabel } from '../presentation';
import { isEditableComment } from '../../core/inlineComments';
import { autopilotPanel } from './autopilotPanel';

/** A lost session and the actions the agent was denied, for the round's summary. */
function roundNotes(round: Run['rounds'][number]): string[] | undefined {
  const notes: string[] = [];
  const fresh = round.agent?.freshSession;
  if (fresh) notes.push(vscode.l10n.t('Session {0} could not be resumed ({1}); the round ran in a fresh session.', fresh.lostSessionId, fresh.reason));
  for (const d of round.agent?.denied ?? []) notes.push(vscode.l10n.t('Denied: {0} {1}', d.tool, d.detail ?? ''));
  return notes.length > 0 ? notes : undefined;
}

/** The buttons always shown, in order; other offered options (extra round, retry…) are added after them. */
const mainOptions: readonly DecisionOption[] = ['approve', 'request-changes', 'abort'];

function whyDisabled(run: Run, option: DecisionOption, restricted: string | undefined): string | undefined {
  if (isSettled(run)) return vscode.l10n.t('The run is {0}.', run.status);
  if (run.status === 'running') return option === 'abort' ? undefined : vscode.l10n.t('A round is running; wait for it or cancel it.');
  if (run.rounds.some((r) => r.status === 'queued')) return option === 'abort' ? undefined : vscode.l10n.t('A round is queued; run it or abort.');
  const decision = run.pendingDecision;
  if (!decision) return vscode.l10n.t('No decision is pending.');
  if (!decision.options.includes(option)) {
    if (decision.kind === 'round-cap' && option === 'request-changes') return vscode.l10n.t('The round cap is reached; grant one more round to request changes.');
    return vscode.l10n.t('The pending decision ({0}) does not offer this.', decisionTitle(decision.kind));
  }
  // Options that run the agent are refused in an untrusted workspace.
  if (restricted && startsRound(option)) return restricted;
  return undefined;
}

/**
 * The options drawn as primary (blue) buttons. While blocking findings are open, approving would
 * ship them: the primary action is then the one that asks for another round, never Approve.
 */
function primaryOptions(offered: readonly DecisionOption[], blockingOpen: boolean): DecisionOption[] {
  const rounds: DecisionOption[] = ['extra-round', 'retry-round'];
  if (!blockingOpen) return ['approve', ...rounds];
  return offered.includes('request-changes') ? ['request-changes'] : rounds;
}

/**
 * The panel state of `run`; `restricted` is why nothing may execute here (untrusted), if so;
 * `changes` holds what rounds changed, by round index, as far as known.
 */
export function panelState(run: Run, restricted: string | undefined, changes: ReadonlyMap<number, PanelRoundChanges> = new Map()): PanelState {
  const offered = run.pendingDecision?.options ?? [];
  const options = [...mainOptions, ...offered.filter((o) => !mainOptions.includes(o))];
  const openBlocking = isSettled(run) ? [] : openBlockingFindings(run);
  const primary = primaryOptions(offered, openBlocking.length > 0);
  const actions: PanelAction[] = options.map((option) => {
    const why = whyDisabled(run, option, restricted);
    return { option, label: optionLabel(option), enabled: why === undefined, why, primary: primary.includes(option) };
  });
  const queued = run.rounds.find((r) => r.status === 'queued');
  let banner: string | undefined;
  if (isSettled(run)) banner = vscode.l10n.t('This run is {0}. Nothing more can be decided.', run.status);
  else if (run.status === 'running') banner = vscode.l10n.t('Round {0} is running. Its output streams to "Revise Round: {1}".', lastRound(run)?.index ?? '', run.id);
  else if (queued) banner = vscode.l10n.t('Round {0} is queued.', queued.index);
  return {
    runId: run.id,
    title: run.title,
    status: run.status,
    statusLabel: runStatusLabel(run),
    priorBranch: run.priorBranch,
    baseBranch: run.baseBranch,
    worktree: run.worktree,
    worktreeRemoved: !existsSync(run.worktree),
    pr: webPr(run),
    issue: run.issue ? { number: run.issue.number, title: run.issue.title, body: run.issue.body } : undefined,
    pushed: run.pushed ? { ...run.pushed, commitUrl: run.pushed.commitUrl && isWebUrl(run.pushed.commitUrl) ? run.pushed.commitUrl : undefined, pr: webPr(run) } : undefined,
    notPushed: run.status === 'approved' && !run.pushed ? (run.pushBlockedReason ? vscode.l10n.t('Approved without a push: {0}', run.pushBlockedReason) : vscode.l10n.t('No push is recorded for this run.')) : undefined,
    roundLabel: roundLabel(run),
    decision: run.pendingDecision && !isSettled(run) ? { id: run.pendingDecision.id, kind: run.pendingDecision.kind, title: decisionTitle(run.pendingDecision.kind), reason: run.pendingDecision.reason } : null,
    actions,
    caution: openBlocking.length > 0 && offered.includes('approve')
      ? vscode.l10n.t('{0} blocking finding(s) still open: {1}. Approve asks before it pushes.', openBlocking.length, listFindings(openBlocking))
      : undefined,
    restricted,
    cleanable: isSettled(run) && existsSync(run.worktree),
    banner,
    autopilot: autopilotPanel(run, restricted),
    rounds: run.rounds.map((round) => ({
      index: round.index,
      kind: round.kind,
      status: round.status,
      agent: round.agent?.preset,
      durationMs: round.index > 0 ? roundDuration(round) : undefined,
      exitCode: round.exitCode,
      costUsd: round.agent?.costUsd,
      headBefore: round.headBefore,
      headAfter: round.headAfter,
      hasLog: round.logPath !== null,
      verify: round.verify ? { command: round.verify.command.join(' '), exitCode: round.verify.exitCode } : undefined,
      error: round.error ? roundErrorText(round.error) : undefined,
      notes: roundNotes(round),
      changes: changes.get(round.index),
      incidents: round.incidents?.length ? round.incidents.map((i) => ({ kind: i.kind, message: i.message, items: i.items ?? [] })) : undefined,
      feedback: round.feedback?.trim() ? round.feedback : undefined,
    })),
    findings: run.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      title: f.title,
      message: f.message,
      location: findingLocation(f),
      status: f.status,
      state: findingState(f),
      include: f.include,
      sourceKind: f.source.kind,
      author: f.source.author,
      reason: f.reason,
      disposition: f.disposition ? { kind: f.disposition.kind, round: f.disposition.round, note: f.disposition.note } : undefined,
      touchedInRound: f.touchedInRound,
      editable: isEditableComment(run, f),
    })),
  };
}

/** The run's pull request, when its URL is a web address. */
function webPr(run: Run): PanelState['pr'] {
  return run.pr && isWebUrl(run.pr.url) ? { number: run.pr.number, url: run.pr.url } : undefined;
}

/**
 * Whether `url` is an http(s) address. The page makes the pull request number a link to it; a
 * `javascript:` or `data:` URL from a tampered run file must never become a link there.
 */
function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
