/**
 * The domain model of a revision run (docs/README.md, Glossary). Schemas are the single source of
 * truth: types are inferred from them and `run.json` is validated against them at every load.
 */
import { z } from 'zod';
import { AutopilotState } from './autopilotModel';
import { RoundIncident } from './incidents';
import { RUN_SCHEMA_VERSION } from './schemaVersion';

export { RUN_SCHEMA_VERSION };

export const Severity = z.enum(['blocking', 'non-blocking', 'nit']);
export type Severity = z.infer<typeof Severity>;

/** Lifecycle of a finding. `touched` is not a status: see `Finding.touchedInRound`. */
export const FindingStatus = z.enum(['open', 'resolved', 'dismissed']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** `reviewer-agent`: a coding agent run in review mode (src/engine/reviewerAgent.ts); `check-run`: a failed CI check of a PR (src/engine/checkRuns.ts). */
export const FindingSourceKind = z.enum(['markdown', 'sarif', 'json', 'github-review', 'github-thread', 'inline', 'manual', 'reviewer-agent', 'check-run']);
export type FindingSourceKind = z.infer<typeof FindingSourceKind>;

/** Where a finding came from; `externalId` makes re-imports idempotent. */
export const FindingSource = z.object({
  kind: FindingSourceKind,
  /** Stable id in the source (e.g. a GitHub thread node id, a SARIF fingerprint, a hash of a markdown item). */
  externalId: z.string().optional(),
  /** The file the review was imported from, or the PR URL. */
  origin: z.string().optional(),
  url: z.string().optional(),
  author: z.string().optional(),
  /** GitHub review thread node id, for replies. */
  threadId: z.string().optional(),
  /** The whole conversation of a thread, oldest first, as `author: text`. */
  context: z.array(z.string()).optional(),
});
export type FindingSource = z.infer<typeof FindingSource>;

export const DispositionKind = z.enum(['fixed', 'disagree', 'deferred']);
export type DispositionKind = z.infer<typeof DispositionKind>;

/** The agent's answer to a finding after a round. */
export const Disposition = z.object({
  kind: DispositionKind,
  round: z.number().int().nonnegative(),
  /** Free-text explanation given by the agent. */
  note: z.string().optional(),
  /** The commit that fixed it, when known. */
  commit: z.string().optional(),
  /** The issue it was deferred to (`#123` or a URL). */
  issue: z.string().optional(),
});
export type Disposition = z.infer<typeof Disposition>;

/**
 * A check of the agent's claim (src/core/findingState.ts): the user accepted it, or the user or a
 * re-scan by the finding's tool found it still present. It answers the claim of `round`; a newer
 * claim (a later round's disposition) supersedes it.
 */
export const Verification = z.object({
  outcome: z.enum(['accepted', 'still-present']),
  by: z.enum(['user', 'rescan']),
  /** ISO time of the check. */
  at: z.string(),
  /** The round of the claim it answers, when there was one. */
  round: z.number().int().nonnegative().optional(),
  /** What showed it (e.g. `semgrep still reports it`). */
  evidence: z.string().optional(),
});
export type Verification = z.infer<typeof Verification>;

/** Anchor of a finding: a commit, the line range in that commit, and the text of those lines. */
export const Anchor = z.object({
  commit: z.string(),
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  text: z.string(),
});
export type Anchor = z.infer<typeof Anchor>;

export const Finding = z.object({
  /** `B1`, `N2`, `M3`, `C4`, `G5`… unique within the run. */
  id: z.string().regex(/^[A-Z][A-Za-z]*\d+$/),
  severity: Severity,
  title: z.string(),
  message: z.string(),
  /** Worktree-relative POSIX path; absent for a finding that could not be located. */
  file: z.string().optional(),
  /** 1-based, inclusive. */
  line: z.number().int().positive().optional(),
  endLine: z.number().int().positive().optional(),
  /** 1-based columns of the first and last line, when the source gives them (SARIF `startColumn`, exclusive `endColumn`). */
  column: z.number().int().positive().optional(),
  endColumn: z.number().int().positive().optional(),
  anchor: Anchor.optional(),
  source: FindingSource,
  status: FindingStatus,
  /** Why it was dismissed. */
  reason: z.string().optional(),
  /** Whether the next round's prompt includes it (user toggle; open findings default to true). */
  include: z.boolean().default(true),
  disposition: Disposition.optional(),
  /** The last round whose diff changed the finding's lines. */
  touchedInRound: z.number().int().optional(),
  /** The first round whose prompt included it; an inline comment is editable only until then. */
  sentInRound: z.number().int().optional(),
  /** Warnings produced while importing (e.g. a path refused for location). */
  warnings: z.array(z.string()).optional(),
  /** When a later scan by the same tool no longer reported it (ISO time of that import): likely fixed. */
  goneSince: z.string().optional(),
  /** The last check of the agent's claim: accepted, or still present. */
  verification: Verification.optional(),
  createdAt: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const RoundKind = z.enum(['import', 'requested', 'extra', 'retry']);
export type RoundKind = z.infer<typeof RoundKind>;

/** `queued`: decided, waiting for `revise round` (or the extension) to run it. */
export const RoundStatus = z.enum(['imported', 'queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled', 'timed-out']);
export type RoundStatus = z.infer<typeof RoundStatus>;

/**
 * Token counts of a round, the same for every CLI: `inputTokens` is every input token the model
 * read (uncached, read from the cache and written to it); `cachedInputTokens` the part read from
 * the cache; `cacheCreationInputTokens` the part written to it (Claude).
 */
export const Usage = z.object({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  cachedInputTokens: z.number().optional(),
  cacheCreationInputTokens: z.number().optional(),
});
export type Usage = z.infer<typeof Usage>;

export const VerifyResult = z.object({
  command: z.array(z.string()),
  exitCode: z.number().int().nullable(),
  logPath: z.string(),
  durationMs: z.number().nonnegative(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

/** One analyser re-run for one finding source; `error` when it failed or printed no SARIF of that source (findings unchanged). */
export const AnalyserRescan = VerifyResult.extend({
  /** The SARIF tool name the findings carry (`source.author`). */
  source: z.string(),
  at: z.string(),
  /**
   * Of the source's unsettled findings: those it no longer reports (verified) and those it still
   * reports (a claimed fix among them is still present, src/core/findingState.ts); and new ones.
   */
  verified: z.array(z.string()),
  stillPresent: z.array(z.string()),
  added: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type AnalyserRescan = z.infer<typeof AnalyserRescan>;

export const Round = z.object({
  index: z.number().int().nonnegative(),
  kind: RoundKind,
  status: RoundStatus,
  headBefore: z.string().nullable(),
  headAfter: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  logPath: z.string().nullable(),
  promptPath: z.string().nullable(),
  feedback: z.string().optional(),
  agent: z
    .object({
      preset: z.string(),
      argv: z.array(z.string()),
      sessionId: z.string().optional(),
      costUsd: z.number().optional(),
      usage: Usage.optional(),
      isError: z.boolean().optional(),
      /** What the agent was allowed beyond editing, its sandbox and limits, as applied (see src/agent/presets). */
      policy: z
        .object({
          allowedCommands: z.array(z.string()),
          sandbox: z.string().optional(),
          limits: z.object({ maxTurns: z.number().optional(), maxBudgetUsd: z.number().optional() }),
          notes: z.array(z.string()),
        })
        .optional(),
      /** Actions the CLI refused because they were not allowed (Claude's `permission_denials`). */
      denied: z.array(z.object({ tool: z.string(), detail: z.string().optional() })).optional(),
      /** Set when the previous session was gone and the round ran in a fresh one. */
      freshSession: z.object({ lostSessionId: z.string(), reason: z.string() }).optional(),
    })
    .optional(),
  verify: VerifyResult.optional(),
  /** The reviewer command run after the round, and the findings its output added. */
  reviewer: VerifyResult.extend({ added: z.array(z.string()), warning: z.string().optional() }).optional(),
  /**
   * Analysers re-run after the round (or by `revise findings rescan`) to check findings of their
   * source: which they no longer report (verified) and which they still report (src/engine/rescanAnalysers.ts).
   */
  analysers: z.array(AnalyserRescan).optional(),
  /** Process id and its start time (from /proc or `ps`), to detect a round whose process died. */
  pid: z.number().int().optional(),
  pidStartTime: z.string().optional(),
  /** Host process that owns the round (the engine), to detect a dead owner. */
  ownerPid: z.number().int().optional(),
  ownerStartTime: z.string().optional(),
  /** Why the round failed; `details` keeps what a front end words its next step from (ReviseError.toRecord). */
  error: z.object({ code: z.string(), message: z.string(), details: z.object({ field: z.string().optional(), situation: z.string().optional() }).optional() }).optional(),
  /** Questions the agent asked a person in its dispositions (src/core/dispositions.ts). */
  questions: z.array(z.string()).optional(),
  /** What the agent did beyond its worktree, or had done to it (see core/incidents.ts). */
  incidents: z.array(RoundIncident).optional(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
});
export type Round = z.infer<typeof Round>;

/** `history-rewritten`: a round's result does not contain the previous head (reset, rebase, amend, branch switch). */
export const DecisionKind = z.enum(['round-review', 'round-cap', 'base-conflict', 'lease-refused', 'round-failed', 'history-rewritten']);
export type DecisionKind = z.infer<typeof DecisionKind>;

export const DecisionOption = z.enum([
  'approve',
  'request-changes',
  'abort',
  'extra-round',
  'continue-without-update',
  'refetch-and-update',
  'retry-round',
  'keep-rewrite',
  'restore-previous-head',
]);
export type DecisionOption = z.infer<typeof DecisionOption>;

export const Decision = z.object({
  id: z.string(),
  kind: DecisionKind,
  options: z.array(DecisionOption),
  /** The round this decision follows. */
  round: z.number().int().nonnegative(),
  raisedAt: z.string(),
  /** Human-readable reason (e.g. the conflicting files, the lease that was refused). */
  reason: z.string().optional(),
});
export type Decision = z.infer<typeof Decision>;

/** One acted-on decision, kept in the run's history. */
export const DecisionRecord = z.object({
  decisionId: z.string(),
  kind: DecisionKind,
  option: DecisionOption,
  by: z.string(),
  at: z.string(),
  feedback: z.string().optional(),
  round: z.number().int().nonnegative(),
});
export type DecisionRecord = z.infer<typeof DecisionRecord>;

export const Backup = z.object({
  ref: z.string(),
  sha: z.string(),
  reason: z.string(),
  /** The commits this ref protects (not reachable from any remote-tracking ref when pinned), newest first. */
  commits: z.array(z.object({ sha: z.string(), subject: z.string() })),
  createdAt: z.string(),
});
export type Backup = z.infer<typeof Backup>;

/**
 * `awaiting-decision` when a human must act; `running` while a round runs; `pushing` while an
 * approve pushes; `approved` / `aborted` are final. A run is only written once its worktree exists.
 */
export const RunStatus = z.enum(['awaiting-decision', 'running', 'pushing', 'approved', 'aborted']);
export type RunStatus = z.infer<typeof RunStatus>;

export const Strategy = z.enum(['restore', 'fresh']);
export type Strategy = z.infer<typeof Strategy>;
export const BaseUpdate = z.enum(['merge', 'rebase', 'none']);
export type BaseUpdate = z.infer<typeof BaseUpdate>;

export const PullRequestRef = z.object({
  number: z.number().int().positive(),
  url: z.string(),
  owner: z.string(),
  repo: z.string(),
  title: z.string().optional(),
  headRepoUrl: z.string().optional(),
  isFork: z.boolean().default(false),
  maintainerCanModify: z.boolean().default(true),
  apiUrl: z.string().optional(),
});
export type PullRequestRef = z.infer<typeof PullRequestRef>;

export const IssueRef = z.object({
  number: z.number().int().positive().optional(),
  title: z.string(),
  body: z.string(),
  state: z.string().optional(),
  labels: z.array(z.string()).optional(),
});
export type IssueRef = z.infer<typeof IssueRef>;

/**
 * The run's last push: where it went and what. `url` is the remote's URL without credentials
 * (src/core/safeUrl.ts), absent when git could not say; `remote` is `fork` for a pull request's fork.
 */
export const PushRecord = z.object({
  remote: z.string(),
  url: z.string().optional(),
  branch: z.string(),
  sha: z.string(),
  /** The push replaced commits (not a fast-forward); the old tip is in a backup ref. */
  forced: z.boolean(),
  /** The pushed commit's page, when the remote is a GitHub repository. */
  commitUrl: z.string().optional(),
  at: z.string(),
});
export type PushRecord = z.infer<typeof PushRecord>;

/** What was posted to GitHub, so a retry never double-posts. Keyed by thread id or `summary`/`review`. */
export const PostedReplies = z.record(z.string(), z.object({ id: z.string(), round: z.number().int(), at: z.string() }));

export const Run = z.object({
  version: z.literal(RUN_SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/),
  title: z.string(),
  status: RunStatus,
  /** Absolute path of the repository's main working tree at start. */
  repo: z.string(),
  remote: z.string(),
  remoteUrl: z.string().optional(),
  priorBranch: z.string(),
  baseBranch: z.string(),
  /** The run-local branch checked out in the worktree: `revise/<runId>`. */
  localBranch: z.string(),
  strategy: Strategy,
  baseUpdate: BaseUpdate,
  worktree: z.string(),
  /** Tip of the prior attempt when it was restored. */
  restoredSha: z.string(),
  /** The remote tip a push expects (`--force-with-lease`): the restored SHA, then our own pushes. */
  leaseSha: z.string().nullable(),
  maxRounds: z.number().int().nonnegative(),
  /** Rounds granted past the cap through `extra-round`. */
  extraRounds: z.number().int().nonnegative().default(0),
  rounds: z.array(Round),
  findings: z.array(Finding),
  pendingDecision: Decision.nullable(),
  history: z.array(DecisionRecord),
  backups: z.array(Backup),
  pr: PullRequestRef.optional(),
  issue: IssueRef.optional(),
  posted: PostedReplies.default({}),
  /** Push (and refetch) here instead of `remote`: the clone URL of a pull request's fork that allows maintainer edits. */
  pushUrl: z.string().optional(),
  /** Push target is local-only (a fork PR without maintainer edits). */
  pushBlockedReason: z.string().optional(),
  /** While `pushing`: the process doing the push, so a push whose process died is offered again (see engine recovery). */
  pushOwner: z.object({ pid: z.number().int(), startTime: z.string().optional() }).optional(),
  /** The run's autopilot, once one was started (src/core/autopilotModel.ts). */
  autopilot: AutopilotState.optional(),
  /** The last push of the run branch (approve, `revise push`, or push after a round). */
  pushed: PushRecord.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Run = z.infer<typeof Run>;

