/**
 * Messages between the extension host and the decision panel webview. The host is the source of
 * truth: it sends the whole panel state; the page renders it and sends intents back. Every intent
 * carries the run id, and every decision intent the decision id the page was showing, so a stale
 * page can never act on a newer decision (the engine refuses it with `stale-decision`).
 */
import type { FindingState, FindingStateKind } from '../core/findingState';
import type { DecisionKind, DecisionOption, DispositionKind, FindingSourceKind, FindingStatus, RoundKind, RoundStatus, RunStatus, Severity } from '../core/model';

/** The webview panel type, used by the serializer that restores panels after a reload. */
export const DECISION_PANEL_VIEW_TYPE = 'revise.decisionPanel';

/** A finding as the panel shows it. */
export interface PanelFinding {
  id: string;
  severity: Severity;
  title: string;
  message: string;
  /** `path:line-line`, or undefined when the finding has no location. */
  location?: string | undefined;
  status: FindingStatus;
  /** The lifecycle state (src/core/findingState.ts): what the panel shows and counts. */
  state: FindingState;
  include: boolean;
  sourceKind: FindingSourceKind;
  author?: string | undefined;
  reason?: string | undefined;
  disposition?: { kind: DispositionKind; round: number; note?: string | undefined } | undefined;
  touchedInRound?: number | undefined;
  /** An inline rework comment that no round has used yet: it can still be edited or removed. */
  editable: boolean;
}

/** What a round changed: its commits (newest first) and files with lines added and deleted. */
export interface PanelRoundChanges {
  commits: { sha: string; subject: string; author: string; date: string }[];
  files: { file: string; added: number; deleted: number; binary: boolean }[];
  added: number;
  deleted: number;
}

/** A round as the panel summarises it. */
export interface PanelRound {
  index: number;
  kind: RoundKind;
  status: RoundStatus;
  agent?: string | undefined;
  durationMs?: number | undefined;
  exitCode: number | null;
  costUsd?: number | undefined;
  headBefore: string | null;
  headAfter: string | null;
  hasLog: boolean;
  verify?: { command: string; exitCode: number | null } | undefined;
  error?: string | undefined;
  /** What the agent was denied, and a session that could not be resumed, said in the host's words. */
  notes?: string[] | undefined;
  /** Commits and files of the round, once read from git (absent while unknown or unchanged). */
  changes?: PanelRoundChanges | undefined;
  /** What the agent did outside its worktree, or had done to it (leftover processes stopped, a capped log). */
  incidents?: { kind: string; message: string; items: string[] }[] | undefined;
  /** The feedback the user typed when asking for this round. */
  feedback?: string | undefined;
}

/** Where the run's last push went: remote name and URL (no credentials), branch, commit, and web links. */
export interface PanelPush {
  remote: string;
  url?: string | undefined;
  branch: string;
  sha: string;
  forced: boolean;
  /** ISO time of the push. */
  at: string;
  /** The commit's web page (http(s) only). */
  commitUrl?: string | undefined;
  /** The pull request the run came from (http(s) only). */
  pr?: { number: number; url: string } | undefined;
}

/** One button of the decision bar: offered or not, and why not. */
export interface PanelAction {
  option: DecisionOption;
  label: string;
  enabled: boolean;
  /** Why the button is disabled (shown as its tooltip and under the bar). */
  why?: string | undefined;
  primary: boolean;
}

/** The autopilot's progress and controls (docs/autopilot.md); the host writes every line. */
export interface PanelAutopilot {
  /** A process runs it now. */
  active: boolean;
  /** `Round 2 of at most 3 · $0.04 of $1.00 · 9360 tokens · 1.2 min`. */
  progress?: string | undefined;
  /** What the re-checks after each round said, newest last. */
  checks: string[];
  /** Why it stopped, when it did. */
  stop?: string | undefined;
  /** The questions the agent asked, when it stopped on them. */
  questions?: string[] | undefined;
  /** `Start Autopilot` or `Resume Autopilot`; undefined while it runs. */
  startLabel?: string | undefined;
  /** Why it cannot start now (a round runs, the run is settled, untrusted), if so. */
  startWhy?: string | undefined;
  stopLabel: string;
}

/** Everything the panel renders. */
export interface PanelState {
  runId: string;
  title: string;
  status: RunStatus;
  statusLabel: string;
  priorBranch: string;
  baseBranch: string;
  worktree: string;
  /** The worktree folder is gone (the run was aborted or cleaned up): show no path. */
  worktreeRemoved: boolean;
  pr?: { number: number; url: string } | undefined;
  /** The task the run works on: the issue given at start or linked to its pull request. */
  issue?: { number?: number | undefined; title: string; body: string } | undefined;
  /** The run's last push (approve, `revise push`, push after a round). */
  pushed?: PanelPush | undefined;
  /** The run was approved and nothing was pushed: why, in words. */
  notPushed?: string | undefined;
  /** `round k of N`. */
  roundLabel: string;
  decision: { id: string; kind: DecisionKind; title: string; reason?: string | undefined } | null;
  actions: PanelAction[];
  /** What an approve would leave behind (open blocking findings), shown beside the buttons. */
  caution?: string | undefined;
  /** The run is finished and its worktree is still on disk: offer Clean Up Run. */
  cleanable?: boolean | undefined;
  /** Why nothing here can execute an agent (untrusted workspace), if so. */
  restricted?: string | undefined;
  rounds: PanelRound[];
  findings: PanelFinding[];
  /** Text shown when the run is settled or busy. */
  banner?: string | undefined;
  autopilot: PanelAutopilot;
}

/**
 * The panel's own text, translated by the host through `vscode.l10n.t` and given to the page in the
 * `data-labels` attribute (JSON) of `#app`, so the page holds no user-facing English of its own.
 * `{0}`, `{1}`… mark arguments, filled in by the page.
 */
export interface PanelLabels {
  decision: string;
  /** The autopilot section's heading. */
  autopilot: string;
  feedback: string;
  feedbackAria: string;
  feedbackPlaceholder: string;
  noDecision: string;
  openWorktree: string;
  worktreeRemoved: string;
  rounds: string;
  /** `Round {0}`. */
  round: string;
  roundPrior: string;
  columns: { round: string; status: string; agent: string; duration: string; exit: string; cost: string; verify: string; include: string; id: string; finding: string; disposition: string };
  log: string;
  diff: string;
  openRoundDiff: string;
  openRoundLog: string;
  /** `verify {0}` with {0} = passed / failed (…). */
  verify: string;
  verifyPassed: string;
  /** `failed ({0})` with {0} = the exit code or `killed`. */
  verifyFailed: string;
  killed: string;
  /** `Round {0}: {1} commit(s), {2} file(s) changed,` (followed by +added −deleted). */
  roundChanges: string;
  /** `Round {0}: noticed outside its worktree` (heads a round's incidents). */
  roundIncidents: string;
  binary: string;
  cancelRound: string;
  runQueuedRound: string;
  cleanUp: string;
  /** Heading of the run's task (its issue). */
  task: string;
  /** `Issue #{0}: {1}` (number, title). */
  issueNumbered: string;
  /** `Issue: {0}` (title), for an issue given without a number. */
  issue: string;
  /** `Your feedback for round {0}`. */
  roundFeedback: string;
  /** Heading of what the last push did. */
  pushed: string;
  pushedRemote: string;
  pushedBranch: string;
  pushedCommit: string;
  pushedAt: string;
  pullRequest: string;
  /** Said of a push that replaced the remote's commits. */
  pushedForced: string;
  /** `Open commit {0} on the web` (the commit link's accessible name). */
  openCommit: string;
  findings: string;
  /** `Findings ({0})`, {0} being the counts by state (`2 open, 1 claimed`). */
  findingsHeading: string;
  noFindings: string;
  /** `Include {0} in the next round`. */
  includeFinding: string;
  reasonPlaceholder: string;
  /** `Reason to dismiss {0}`. */
  reasonAria: string;
  dismiss: string;
  reopen: string;
  remove: string;
  /** `{0} (round {1})`: a disposition and its round. */
  dispositionInRound: string;
  /** `touched in round {0}`. */
  touchedInRound: string;
  comments: string;
  /** `Pending inline rework comments ({0})`. */
  commentsHeading: string;
  roundStatus: Record<RoundStatus, string>;
  findingState: Record<FindingStateKind, string>;
  /** `accepted`, `no longer reported`: who verified a finding. */
  verifiedBy: Record<'user' | 'rescan', string>;
  /** `Accept fix` (a fix claimed), `Accept` (a disagreement or deferral: dismissed with the agent's reason). */
  acceptFix: string;
  accept: string;
  /** `Type a reason to dismiss {0}.`, shown when Dismiss is clicked with no reason. */
  reasonRequired: string;
  disposition: Record<DispositionKind, string>;
}

/** A draft the user has not submitted: it survives tab switches, close/reopen and reloads. */
export interface PanelDraft {
  feedback: string;
  /** Dismiss reasons being typed, by finding id. */
  reasons: Record<string, string>;
}

/** What the webview keeps with `vscode.setState` (and the serializer gets back after a reload). */
export interface PanelWebviewState {
  runId: string;
  draft: PanelDraft;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'state'; state: PanelState; draft: PanelDraft }
  | { type: 'error'; runId: string; code: string; message: string }
  | { type: 'busy'; runId: string; busy: boolean }
  /** The feedback was sent with an accepted request: empty the text box. */
  | { type: 'clearFeedback'; runId: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready'; runId: string }
  | { type: 'decide'; runId: string; decisionId: string; option: DecisionOption; feedback: string }
  | { type: 'setInclude'; runId: string; findingId: string; include: boolean }
  | { type: 'dismiss'; runId: string; findingId: string; reason: string }
  | { type: 'reopen'; runId: string; findingId: string }
  | { type: 'accept'; runId: string; findingId: string }
  | { type: 'editComment'; runId: string; findingId: string; text: string | null }
  | { type: 'openFinding'; runId: string; findingId: string }
  | { type: 'openLog'; runId: string; round: number }
  | { type: 'openRoundDiff'; runId: string; round: number }
  | { type: 'openWorktree'; runId: string }
  | { type: 'runQueuedRound'; runId: string }
  | { type: 'cancelRound'; runId: string }
  /** Start (or resume) the run's autopilot, or stop it. */
  | { type: 'autopilot'; runId: string; action: 'start' | 'stop' }
  /** Remove the finished run's worktree and branch (offered once the run is approved or aborted). */
  | { type: 'cleanUp'; runId: string }
  | { type: 'draft'; runId: string; draft: PanelDraft };

/** An empty draft. */
export function emptyDraft(): PanelDraft {
  return { feedback: '', reasons: {} };
}

/** Narrow an unknown posted value to a webview message (the page is trusted code, but checked). */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { runId?: unknown }).runId === 'string';
}
