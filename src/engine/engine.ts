/**
 * The one API both front ends (extension, CLI) call. It orchestrates a run over core (state machine,
 * prompt), store (persistence), git (restore, push, backups), agent (rounds) and github (reviews).
 * Every state change is written under the run's lock before the matching event fires.
 */
import { applyDecision, type DecisionEffect } from '../core/decisions';
import { DecisionError } from '../core/errors';
import { listFindings, openBlockingFindings } from '../core/openBlocking';
import type { Backup, DecisionOption, Finding, FindingStatus, Run } from '../core/model';
import { thisProcess } from '../agent';
import { locateRepo, restoreBackup } from '../git';
import { RunStore, type RunListing } from '../store/runStore';
import { watchRunStore } from '../store/watchRunStore';
import type { RoundOptions, StartOptions } from './config';
import { listPullRequests, postReplies, refreshFromGitHub, startWithGitHub, type GitHubAccess, type ReplyPolicy } from './github';
import { importReview, type ImportInput, type ImportSummary } from './importReview';
import { importCheckRuns, type CheckRunsImport, type CheckRunsOptions } from './checkRuns';
import { runReviewerAgent, type ReviewerAgentOptions, type ReviewerAgentResult } from './reviewerAgent';
import { runReviewerAgents, type ReviewersOutcome } from './reviewerAgents';
import { acceptFinding, addFinding, editInlineFinding, reopenFinding, setFindingIncluded, setFindingStatus, type NewFinding } from './findingsOps';
import { abortRun } from './abortRun';
import { cleanRun, type CleanResult } from './cleanRun';
import { createEngineContext, type EngineContext, type RoundOutput, type RunChange } from './engineContext';
import { Emitter } from './events';
import { approveRun, pushRun, refetchAndUpdate } from './pushRun';
import { killRecordedRound, recoverForListing, recoverIfWritable } from './recovery';
import { fileAtCommit, roundChanges, type RoundChanges } from './roundChanges';
import { composeNextPrompt, runQueuedRound } from './runRound';
import { raiseNextDecision } from './nextDecision';
import { startRun, type StartFacts } from './startRun';
import { rescanAnalysers, type RescanOptions, type RescanSummary } from './rescanAnalysers';
import { keepRewrite, restorePrevious } from './rewriteDecision';
import { listLeftovers, removeLeftovers } from './leftovers';
import type { Leftover } from '../git';
import { runAutopilot, type AutopilotOptions, type AutopilotResult } from './autopilot/loop';

export type { EngineContext, RoundOutput, RunChange } from './engineContext';

export interface DecideInput {
  decisionId: string;
  option: DecisionOption;
  feedback?: string | undefined;
  by?: string | undefined;
  /** Push on approve (default true; `revise.push.when: never` approves without pushing). */
  pushOnApprove?: boolean | undefined;
  /** After an approve of a run started from a PR: answer its threads. */
  github?: { access: GitHubAccess; policy: ReplyPolicy } | undefined;
  /**
   * Refuse an approve (`open-blocking-findings`, nothing written) while blocking findings are still
   * open. The CLI sets it unless `--allow-open`; the extension asks the user instead.
   */
  refuseOpenBlocking?: boolean | undefined;
}

/** The context of each engine, reachable only through `contextOf` (for src/engine/testSeam.ts). */
const contexts = new WeakMap<Engine, EngineContext>();

/** The engine's private context; only the test seam asks for it. */
export function contextOf(engine: Engine): EngineContext {
  return contexts.get(engine)!;
}

export class Engine {
  private readonly changes = new Emitter<RunChange>();
  private readonly outputs = new Emitter<RoundOutput>();
  /** Fires after a run was written. */
  readonly onDidChangeRun = this.changes.event;
  /** Fires for each chunk a running round prints. */
  readonly onRoundOutput = this.outputs.event;
  /** What the operations share (engineContext.ts); never handed out. */
  private readonly ctx: EngineContext;

  private constructor(
    readonly topLevel: string,
    readonly commonDir: string,
  ) {
    this.ctx = createEngineContext({ topLevel, commonDir }, new RunStore(commonDir), { changes: this.changes, outputs: this.outputs });
    contexts.set(this, this.ctx);
  }

  /** Open the engine on the repository containing `dir` (`not-a-repo` otherwise). */
  static async open(dir: string): Promise<Engine> {
    const repo = await locateRepo(dir);
    return new Engine(repo.topLevel, repo.commonDir);
  }

  /** Every run (newest first), with quarantined and newer-version files reported. Marks dead rounds interrupted. */
  async list(): Promise<RunListing> {
    const listing = await this.ctx.store.list();
    listing.runs = await Promise.all(listing.runs.map((run) => recoverForListing(this.ctx, run, listing.notices)));
    return listing;
  }

  /** The folder that holds a run's files (prompts, logs, agent sessions). */
  runDir(runId: string): string {
    return this.ctx.store.runDir(runId);
  }

  async get(runId: string): Promise<Run> {
    return recoverIfWritable(this.ctx, await this.ctx.read(runId));
  }

  /** Restore a prior attempt into a new worktree and create its run (see startRun). */
  start(options: StartOptions, facts?: StartFacts): Promise<Run> {
    return startRun(this.ctx, options, facts);
  }

  /** Start from a pull request (`options.pr`) and/or with a GitHub issue in the prompt. */
  startWithGitHub(options: StartOptions, access: GitHubAccess & { issueNumber?: number | undefined }): Promise<Run> {
    return startWithGitHub(this.ctx, options, access);
  }

  /** Open pull requests of the remote's GitHub repository. */
  listPullRequests(remote: string, access: GitHubAccess): ReturnType<typeof listPullRequests> {
    return listPullRequests(this.ctx, remote, access);
  }

  /** Fetch the run's PR again: add new threads, close resolved ones. */
  refreshFromGitHub(runId: string, access: GitHubAccess): ReturnType<typeof refreshFromGitHub> {
    return refreshFromGitHub(this.ctx, runId, access);
  }

  /** Post dispositions to the run's PR (idempotent: what was posted is never posted again). */
  postReplies(runId: string, access: GitHubAccess, policy: ReplyPolicy): Promise<Run> {
    return postReplies(this.ctx, runId, access, policy);
  }

  /** Import a review file (markdown, SARIF or JSON) as findings. */
  importReview(runId: string, input: ImportInput): Promise<ImportSummary> {
    return importReview(this.ctx, runId, input);
  }

  /** Import the failed CI check runs on the head of a PR run as findings (src/engine/checkRuns.ts). */
  importCheckRuns(runId: string, access: GitHubAccess, options?: CheckRunsOptions): Promise<CheckRunsImport> {
    return importCheckRuns(this.ctx, runId, access, options);
  }

  /** Run a reviewer agent on the run's latest round (src/engine/reviewerAgent.ts). */
  runReviewerAgent(runId: string, options: ReviewerAgentOptions): Promise<ReviewerAgentResult> {
    return runReviewerAgent(this.ctx, runId, options);
  }

  /** Run each reviewer agent in turn; their verdict together, and what failed (src/engine/reviewerAgents.ts). */
  runReviewerAgents(runId: string, reviewers: readonly ReviewerAgentOptions[], signal?: AbortSignal): Promise<ReviewersOutcome> {
    return runReviewerAgents(this.ctx, runId, reviewers, signal);
  }

  addFinding(runId: string, input: NewFinding): Promise<{ run: Run; finding: Finding }> {
    return addFinding(this.ctx, runId, input);
  }

  setFindingStatus(runId: string, findingId: string, status: FindingStatus, reason?: string): Promise<Run> {
    return setFindingStatus(this.ctx, runId, findingId, status, reason);
  }

  /** Accept the agent's claim on a finding (src/core/findingState.ts). */
  acceptFinding(runId: string, findingId: string): Promise<Run> {
    return acceptFinding(this.ctx, runId, findingId);
  }

  /** Reopen a finding whose fix did not hold, or that was settled. */
  reopenFinding(runId: string, findingId: string, evidence?: string): Promise<Run> {
    return reopenFinding(this.ctx, runId, findingId, evidence);
  }

  setFindingIncluded(runId: string, findingId: string, include: boolean): Promise<Run> {
    return setFindingIncluded(this.ctx, runId, findingId, include);
  }

  /** Edit (string) or remove (null) an inline rework comment that no round has used yet. */
  editInlineFinding(runId: string, findingId: string, message: string | null): Promise<Run> {
    return editInlineFinding(this.ctx, runId, findingId, message);
  }

  /** The prompt of the queued round, or a preview of the next one. */
  async prompt(runId: string): Promise<string> {
    return composeNextPrompt(await this.get(runId));
  }

  /** Push the run's head to its prior branch with the pinned lease. */
  async push(runId: string): Promise<Run> {
    return pushRun(this.ctx, await this.get(runId));
  }

  /** Commits and files (+/−) of a round. */
  async roundChanges(runId: string, round: number): Promise<RoundChanges> {
    return roundChanges(await this.get(runId), round);
  }

  /** A file's content at one of the run's commits (undefined when absent there). */
  async fileAtCommit(runId: string, commit: string, path: string): Promise<string | undefined> {
    return fileAtCommit(await this.get(runId), commit, path);
  }

  async backups(runId: string): Promise<Backup[]> {
    return (await this.get(runId)).backups;
  }

  /** Remove a finished run's worktree and local branch; its backup refs stay and are listed (`run-not-finished` otherwise). */
  async clean(runId: string): Promise<CleanResult> {
    return cleanRun(this.ctx, await this.get(runId));
  }

  /** Git state (worktrees, branches, run refs) of run ids no run owns, e.g. from a start that could not roll back. */
  leftovers(): Promise<Leftover[]> {
    return listLeftovers(this.ctx);
  }

  /** Remove the leftovers (a worktree with work of its own is backed up first; backup refs stay). */
  removeLeftovers(): ReturnType<typeof removeLeftovers> {
    return removeLeftovers(this.ctx);
  }

  /** Create `branch` at a backup ref of the run. */
  async restoreBackup(runId: string, ref: string, branch: string): Promise<void> {
    const run = await this.get(runId);
    if (!run.backups.some((b) => b.ref === ref)) throw new DecisionError('bad-input', `${ref} is not a backup of run ${runId}.`, { details: { runId, ref, situation: 'backup-missing' } });
    await restoreBackup(this.topLevel, ref, branch);
  }

  /**
   * Act on the pending decision. The new state (and the queued round, if any) is written in one
   * locked write before anything else happens; then the effect runs (abort cleanup, approve push).
   * A queued round is started by `runRound`.
   */
  async decide(runId: string, input: DecideInput): Promise<{ run: Run; effect: DecisionEffect }> {
    await this.get(runId); // recovers a dead round first, so its decision can be acted on
    // Assigned inside the locked update; the cast keeps TypeScript from narrowing it to its initial value.
    let effect = { kind: 'none' } as DecisionEffect;
    const run = await this.ctx.update(runId, (current) => {
      const result = applyDecision(current, { decisionId: input.decisionId, option: input.option, by: input.by ?? defaultActor(), now: this.ctx.now(), ...(input.feedback !== undefined ? { feedback: input.feedback } : {}) });
      effect = result.effect;
      if (effect.kind === 'approve' && input.refuseOpenBlocking) refuseOpenBlocking(current);
      if (result.run.status === 'pushing') result.run.pushOwner = thisProcess();
      return result.run;
    });
    let after = await this.performEffect(run, effect, input);
    if (effect.kind === 'approve' && input.github && after.pr) {
      after = await this.postReplies(runId, input.github.access, input.github.policy);
    }
    return { run: after, effect };
  }

  private async performEffect(run: Run, effect: DecisionEffect, input: DecideInput): Promise<Run> {
    switch (effect.kind) {
      case 'none':
      case 'start-round':
        return run;
      case 'abort':
        return abortRun(this.ctx, run);
      case 'approve':
        return approveRun(this.ctx, run, input.pushOnApprove ?? true);
      case 'refetch-and-update':
        return refetchAndUpdate(this.ctx, run);
      case 'continue-without-update':
        return this.ctx.update(run.id, (r) => raiseNextDecision(this.ctx, r));
      case 'keep-rewrite':
        return keepRewrite(this.ctx, run);
      case 'restore-previous-head':
        return restorePrevious(this.ctx, run, effect.head);
    }
  }

  /** Run the queued round of a run (`no-queued-round` if none). Resolves when the round finished. */
  async runRound(runId: string, options: RoundOptions): Promise<Run> {
    return runQueuedRound(this.ctx, runId, options);
  }

  /** Run the autopilot until it hands over (src/engine/autopilot/loop.ts). */
  autopilot(runId: string, options: AutopilotOptions): Promise<AutopilotResult> {
    return runAutopilot(this, this.ctx, runId, options);
  }

  /** Re-run the configured analysers of a run's finding sources and import what they report (src/engine/rescanAnalysers.ts). */
  rescanAnalysers(runId: string, options: RescanOptions): Promise<RescanSummary> {
    return rescanAnalysers(this.ctx, runId, options);
  }

  /** Cancel the round running in this process (or kill a recorded agent process of another one). */
  async cancelRound(runId: string): Promise<void> {
    const controller = this.ctx.running.get(runId);
    if (controller) {
      controller.abort();
      return;
    }
    await killRecordedRound(this.ctx, runId);
  }

  /**
   * Watch the store for writes by other processes (the CLI, another window): `onChange(runId)` when
   * a run's file was replaced, `onChange()` when runs came or went. Re-read with `get`/`list`.
   */
  watchStore(onChange: (runId?: string) => void): { dispose(): void } {
    return watchRunStore(this.commonDir, onChange);
  }

  dispose(): void {
    for (const controller of this.ctx.running.values()) controller.abort();
    this.changes.dispose();
    this.outputs.dispose();
  }
}

/** Throws `open-blocking-findings` (naming them) when blocking findings of `run` are still open. */
function refuseOpenBlocking(run: Run): void {
  const open = openBlockingFindings(run);
  if (open.length === 0) return;
  throw new DecisionError('open-blocking-findings', `Run ${run.id} still has ${open.length} open blocking finding${open.length === 1 ? '' : 's'}: ${listFindings(open)}. Resolve or dismiss ${open.length === 1 ? 'it' : 'them'}, or request changes.`, { details: { findings: open.map((f) => f.id) } });
}

/** The acting user for history entries. */
export function defaultActor(): string {
  return process.env.USER ?? process.env.USERNAME ?? 'unknown';
}

export { DecisionError };
