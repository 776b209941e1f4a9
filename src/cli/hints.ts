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
};

/** The next step for `code`, with `<id>` replaced by the run id when the command named one. */
export function hintFor(code: ErrorCode, runId: string | undefined): string | undefined {
  const hint = hints[code];
  if (!hint) return undefined;
  return runId ? hint.replace('--run <id>', `--run ${runId}`) : hint;
}
