/**
 * The re-checks the autopilot runs after each round, as a list of pluggable steps: each looks at
 * the run after the round and says what it found (recorded in run.json), and may end the autopilot
 * by itself (the pull request merged, closed, or pushed to by someone else). The verify command and
 * the reviewer re-scan (reviewRound.ts) run inside the round; their steps here read what they said.
 */
import type { RecheckResult } from '../../core/autopilotModel';
import { toReviseError } from '../../core/errors';
import type { AnalyserRescan, Round, Run } from '../../core/model';
import { lsRemoteHeads } from '../../git';
import { pullRequestState } from '../../github';
import type { EngineContext } from '../engineContext';
import { clientFor, type GitHubAccess } from '../github';
import type { ExternalStop } from './stopReasons';

export interface RecheckInput {
  ctx: EngineContext;
  /** The run after the round. */
  run: Run;
  round: Round;
  signal?: AbortSignal | undefined;
}

export interface RecheckOutcome {
  result: RecheckResult;
  stop?: ExternalStop;
  /** What the re-check itself cost (a reviewer agent), counted against the autopilot's budget. */
  spend?: { costUsd?: number | undefined; tokens: number };
}

/** One re-check. `undefined`: it does not apply to this run or round (nothing is recorded). */
export interface Recheck {
  readonly name: string;
  run(input: RecheckInput): Promise<RecheckOutcome | undefined>;
}

/** The verify command's result, from the round. */
export const verifyRecheck: Recheck = {
  name: 'verify',
  run({ round }) {
    const v = round.verify;
    if (!v) return Promise.resolve(undefined);
    const passed = v.exitCode === 0;
    return Promise.resolve({ result: { name: 'verify', outcome: passed ? 'passed' : 'failed', detail: `\`${v.command.join(' ')}\` exited ${v.exitCode ?? 'without a code'}` } });
  },
};

/** The reviewer command's re-scan, from the round: what it no longer reports, still reports, or added. */
export const reviewerRecheck: Recheck = {
  name: 'reviewer',
  run({ run, round }) {
    const r = round.reviewer;
    if (!r) return Promise.resolve(undefined);
    const since = round.startedAt;
    const verified = run.findings.filter((f) => f.goneSince !== undefined && f.goneSince >= since).map((f) => f.id);
    const stillPresent = run.findings.filter((f) => f.verification?.outcome === 'still-present' && f.verification.by === 'rescan' && f.verification.at >= since).map((f) => f.id);
    const outcome = r.warning ? 'error' : stillPresent.length > 0 || r.added.length > 0 ? 'failed' : 'passed';
    const detail = r.warning ?? `${verified.length} no longer reported, ${stillPresent.length} still reported, ${r.added.length} new`;
    return Promise.resolve({ result: { name: 'reviewer', outcome, detail, verified, stillPresent, added: r.added } });
  },
};

/** The analysers re-run after the round (src/engine/rescanAnalysers.ts, `--analyser` / `revise.analysers`), from the round. */
export const analysersRecheck: Recheck = {
  name: 'analysers',
  run({ round }) {
    const rescans = round.analysers;
    if (!rescans || rescans.length === 0) return Promise.resolve(undefined);
    const all = (pick: (r: AnalyserRescan) => readonly string[]) => rescans.flatMap((r) => [...pick(r)]);
    const [verified, stillPresent, added] = [all((r) => r.verified), all((r) => r.stillPresent), all((r) => r.added)];
    const errors = rescans.filter((r) => r.error);
    const outcome = errors.length > 0 ? 'error' : stillPresent.length > 0 || added.length > 0 ? 'failed' : 'passed';
    const detail = rescans.map((r) => (r.error ? `${r.source}: ${r.error.message}` : `${r.source}: ${r.verified.length} verified, ${r.stillPresent.length} still present, ${r.added.length} new`)).join('; ');
    return Promise.resolve({ result: { name: 'analysers', outcome, detail, verified, stillPresent, added } });
  },
};

/** For a pull request run: merged, closed, or its head moved away from the run's last known tip (the lease). */
export function pullRequestRecheck(access: GitHubAccess | undefined): Recheck {
  return {
    name: 'pull-request',
    async run({ run }) {
      const pr = run.pr;
      if (!pr) return undefined;
      if (!access) return { result: { name: 'pull-request', outcome: 'skipped', detail: 'no GitHub token, so the pull request was not checked' } };
      try {
        const now = await pullRequestState(clientFor({ ...access, apiUrl: access.apiUrl ?? pr.apiUrl }), { owner: pr.owner, repo: pr.repo }, pr.number);
        const where = `pull request #${pr.number}`;
        if (now.state === 'merged') return { result: { name: 'pull-request', outcome: 'failed', detail: `${where} was merged` }, stop: { reason: 'pr-merged', message: `${capital(where)} was merged; there is nothing left to revise.` } };
        if (now.state === 'closed') return { result: { name: 'pull-request', outcome: 'failed', detail: `${where} was closed` }, stop: { reason: 'pr-closed', message: `${capital(where)} was closed; reopen it to go on.` } };
        const moved = foreignPush(run, now.headSha);
        if (moved) return { result: { name: 'pull-request', outcome: 'failed', detail: moved.message }, stop: moved };
        return { result: { name: 'pull-request', outcome: 'passed', detail: `${where} is open at ${now.headSha.slice(0, 12)}` } };
      } catch (error) {
        return { result: { name: 'pull-request', outcome: 'error', detail: toReviseError(error, 'github-failed').message } };
      }
    },
  };
}

/** For a run started from a branch: whether someone else pushed to (or deleted) the prior branch. */
export const remoteBranchRecheck: Recheck = {
  name: 'branch',
  async run({ ctx, run }) {
    if (run.pr) return undefined;
    try {
      const tips = await lsRemoteHeads(ctx.topLevel, run.pushUrl ?? run.remote, [run.priorBranch]);
      const tip = tips.get(run.priorBranch);
      if (tip === undefined) {
        const message = `The branch ${run.priorBranch} was deleted from ${run.remote}.`;
        return { result: { name: 'branch', outcome: 'failed', detail: message }, stop: { reason: 'branch-pushed', message } };
      }
      const moved = foreignPush(run, tip);
      if (moved) return { result: { name: 'branch', outcome: 'failed', detail: moved.message }, stop: moved };
      return { result: { name: 'branch', outcome: 'passed', detail: `${run.priorBranch} is at ${tip.slice(0, 12)}, as last pushed or restored` } };
    } catch (error) {
      return { result: { name: 'branch', outcome: 'error', detail: toReviseError(error).message } };
    }
  },
};

function foreignPush(run: Run, tip: string): ExternalStop | undefined {
  const expected = run.leaseSha ?? run.restoredSha;
  if (tip === expected) return undefined;
  return { reason: 'branch-pushed', message: `Someone else pushed to ${run.priorBranch}: it is at ${tip.slice(0, 12)}, not ${expected.slice(0, 12)} as the run last saw it. Refetch, or hand the run over.` };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Run each re-check in order; a re-check that throws is recorded as an error, never ends the loop by itself. */
export async function runRechecks(checks: readonly Recheck[], input: RecheckInput): Promise<RecheckOutcome[]> {
  const out: RecheckOutcome[] = [];
  for (const check of checks) {
    if (input.signal?.aborted) break;
    try {
      const outcome = await check.run(input);
      if (outcome) out.push(outcome);
    } catch (error) {
      out.push({ result: { name: check.name, outcome: 'error', detail: toReviseError(error).message } });
    }
  }
  return out;
}
