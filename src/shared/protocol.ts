/**
 * The extension ↔ language server protocol, declared once. Each message is a declaration with its
 * `method`, its parameter (and result) types, and a comment saying who sends it and when. Command
 * ids and their arguments (the commands CodeLens and code actions carry, which the extension
 * registers) are declared here too.
 *
 * Why declarations rather than `NotificationType` objects: the client (vscode-languageclient 11)
 * and the server (vscode-languageserver 10) depend on different majors of vscode-jsonrpc, whose
 * classes are not assignable to each other. Each side turns a declaration into its own typed object
 * with a one-line helper (`notificationType(SetFindings)`), so the method name and the parameter
 * types still live only here — and this module needs no import at all.
 */
import type { Finding } from '../core/model';

/** A notification: its method, and its parameter type (carried in the type only). */
export interface NotificationDecl<P> {
  readonly method: string;
  readonly direction: 'clientToServer' | 'serverToClient';
  /** Never set: it only carries the parameter type. */
  readonly params?: P;
}

/** A request: its method, parameter and result types (carried in the type only). */
export interface RequestDecl<P, R> {
  readonly method: string;
  readonly direction: 'clientToServer' | 'serverToClient';
  /** Never set: they only carry the types. */
  readonly params?: P;
  readonly result?: R;
}

/** The findings of one run, as the server shows them. */
export interface RunFindings {
  runId: string;
  /** The run's current round (shown in hovers). */
  round: number;
  /** All findings of the run; the server hides resolved and dismissed ones. Paths are relative to the worktree. */
  findings: Finding[];
}

/** Parameters of `SetFindings`. */
export interface SetFindingsParams {
  /** `file://` URI of the worktree the findings' paths are relative to. */
  rootUri: string;
  /** Every run whose worktree is `rootUri` (normally one). An empty list clears the root. */
  runs: RunFindings[];
}

/**
 * Extension → server, notification. Replaces everything the server shows for one worktree root.
 * Sent when the client starts (once per open run), and whenever a run's findings change: import,
 * triage (dismiss/resolve/include), a round that ended, a run that was aborted (with `runs: []`).
 */
export const SetFindings: NotificationDecl<SetFindingsParams> = { method: 'revise/setFindings', direction: 'clientToServer' };

/** One finding's position as the server currently shows it. */
export interface FindingRange {
  findingId: string;
  uri: string;
  /** 1-based, inclusive. */
  line: number;
  endLine: number;
  /** Its anchored text is gone; it is shown at its best position. */
  outdated: boolean;
}

export interface FindingRangesParams {
  runId: string;
}
export interface FindingRangesResult {
  ranges: FindingRange[];
}

/**
 * Extension → server, request. The current (re-anchored, edit-shifted) positions of a run's located
 * findings, e.g. to reveal a finding from the tree at the line it has moved to. They are not written
 * back: the engine places the findings by the same rule when it composes a prompt
 * (core/findings/placeAnchored.ts), so for saved files the editor and the prompt agree.
 */
export const FindingRanges: RequestDecl<FindingRangesParams, FindingRangesResult> = { method: 'revise/findingRanges', direction: 'clientToServer' };

/** `initializationOptions` the extension passes when it starts the server. */
export interface InitializationOptions {
  /**
   * `true`: the client sends findings with `SetFindings` (the VS Code extension). Absent or false:
   * standalone mode — the server reads the open runs from the run store of the workspace's
   * repository, read-only, and reloads when it changes (other editors).
   */
  findingsFromClient?: boolean;
}

/** Arguments of every finding command. */
export interface FindingCommandArgs {
  runId: string;
  findingId: string;
}

/**
 * Command ids carried by CodeLens and code actions, with `FindingCommandArgs` as their only
 * argument. The extension registers them; in standalone mode the server answers them itself with a
 * message naming the `revise` command line that does the same.
 */
export const FindingCommand = {
  /** CodeLens *Rework…*: ask for a rework of this finding in the next round (opens the feedback input). */
  rework: 'revise.reworkFinding',
  /** CodeLens *Dismiss…* and quick fix *Dismiss with reason*: dismiss after asking for a reason. */
  dismiss: 'revise.dismissFinding',
  /** CodeLens *Open thread*, for findings that came from a GitHub review thread. */
  openThread: 'revise.openThread',
  /** Quick fix *Add to next round*: include the finding in the next round's prompt. */
  include: 'revise.includeFinding',
  /** Quick fix *Mark resolved*. */
  resolve: 'revise.resolveFinding',
  /** CodeLens *Accept fix* on a claimed finding: the claim holds (verified by the user). */
  accept: 'revise.acceptFinding',
  /** CodeLens *Reopen* on a claimed finding: the fix did not hold (still present). */
  reopen: 'revise.reopenFinding',
} as const;
export type FindingCommand = (typeof FindingCommand)[keyof typeof FindingCommand];

/** Payload of a Revise diagnostic's `data`, so code actions know which finding it is. */
export interface DiagnosticData extends FindingCommandArgs {
  outdated: boolean;
}
