/**
 * The CLI's next steps for error codes of the lower layers, in flag names (the extension keeps its
 * own table, in setting and command names). Printed after the message, and as `error.hint` in JSON.
 */
import type { ErrorCode } from '../core/errors';

const hints: Partial<Record<ErrorCode, string>> = {
  'open-blocking-findings': 'To approve anyway, repeat the command with --allow-open; `revise findings list --run <id>` shows them.',
  'stale-decision': '`revise status --run <id>` shows the pending decision and its id.',
  'no-queued-round': 'Queue one with `revise decide --run <id> --decision <id> request-changes`.',
  'run-not-finished': 'Approve or abort the run first (`revise decide`), then clean it up.',
  'actions-unpushed-head': 'Push the run first (`revise push --run <id>`), or run the round here with `revise round --run <id>`.',
  'actions-not-dispatched': 'Dispatch the queued round with `revise actions dispatch --run <id>`.',
  'actions-run-failed': 'The round is still queued: dispatch it again with `revise actions dispatch --run <id>`, or run it here with `revise round --run <id>`.',
  'actions-run-cancelled': 'The round is still queued: dispatch it again with `revise actions dispatch --run <id>`, or run it here with `revise round --run <id>`.',
  'actions-runner-lost': 'The round is still queued: dispatch it again with `revise actions dispatch --run <id>` (on another runner), or run it here with `revise round --run <id>`.',
  'actions-artifact-missing': 'The round is still queued: check the workflow run\'s upload step, then dispatch again with `revise actions dispatch --run <id>`.',
  'actions-candidate-missing': 'The round is still queued: the runner could not push its candidate ref (the token needs contents: write); dispatch again with `revise actions dispatch --run <id>`.',
  'actions-workflow-exists': 'Repeat with --force to replace it, or keep your own workflow.',
};

/** The next step for `code`, with `<id>` replaced by the run id when the command named one. */
export function hintFor(code: ErrorCode, runId: string | undefined): string | undefined {
  const hint = hints[code];
  if (!hint) return undefined;
  return runId ? hint.replaceAll('--run <id>', `--run ${runId}`) : hint;
}
