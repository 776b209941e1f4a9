/**
 * `revise review`: run a reviewer agent (an agent preset in read-only review mode) on a run's latest
 * round and import its findings; the verdict is printed, and is in `result.verdict` with --json.
 */
import { resolve } from 'node:path';
import { REVIEWER_PRESET_NAMES as REVIEWER_PRESETS } from '../core/reviewerAgents';
import { Engine, type ReviewerAgentResult } from '../engine';
import { int, oneOf, required, str } from './args';
import type { Command } from './command';
import { report } from './envelope';

export const reviewCommand: Command = {
  summary: 'Run a reviewer agent (read-only) on the latest round and import its findings with a GO / NO-GO verdict',
  usage: `revise review --run ID [--reviewer ${REVIEWER_PRESETS.join('|')}] [--reviewer-executable PATH] [--advisory] [--timeout-s N]`,
  options: {
    run: { type: 'string' },
    reviewer: { type: 'string' },
    'reviewer-executable': { type: 'string' },
    advisory: { type: 'boolean', default: false },
    'timeout-s': { type: 'string' },
  },
  help: {
    run: 'ID: the run (`revise status` lists them)',
    reviewer: `${REVIEWER_PRESETS.join('|')}: the agent that reviews (default claude)`,
    'reviewer-executable': "PATH: the reviewer's executable when it is not on PATH",
    advisory: 'its findings are non-blocking at most and its verdict does not block (default: blocking)',
    'timeout-s': 'N: stop the reviewer after N seconds (default 900); exit 6',
  },
  async run(parsed) {
    const v = parsed.values;
    const reviewer = oneOf(v, 'reviewer', REVIEWER_PRESETS) ?? 'claude';
    const timeoutS = int(v, 'timeout-s', { min: 1 });
    const engine = await Engine.open(resolve(str(v, 'repo') ?? process.cwd()));
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const review = await engine.runReviewerAgent(required(v, 'run'), {
        reviewer,
        executable: str(v, 'reviewer-executable'),
        advisory: v.advisory === true,
        timeoutMs: timeoutS === undefined ? undefined : timeoutS * 1000,
        signal: controller.signal,
        env: {},
      });
      return report({ ...review }, reviewLines(review));
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

function reviewLines(r: ReviewerAgentResult): string[] {
  const kind = r.advisory ? 'advisory reviewer' : 'reviewer';
  const out = [`${r.verdict} from the ${kind} ${r.reviewer} on round ${r.round} of ${r.runId}: ${r.reported.length} finding(s) reported — ${r.added.length} added, ${r.updated.length} updated, ${r.gone.length} no longer reported (verified), ${r.confirmed.length} confirmed.`];
  if (r.summary.trim()) out.push(`  ${r.summary.trim()}`);
  for (const [label, list] of [['reported', r.reported], ['gone', r.gone], ['confirmed (still present)', r.confirmed]] as const) if (list.length) out.push(`  ${label}: ${list.join(' ')}`);
  if (r.costUsd !== undefined) out.push(`  cost: $${r.costUsd.toFixed(4)}`);
  out.push(`  log: ${r.logPath}`);
  return out;
}
