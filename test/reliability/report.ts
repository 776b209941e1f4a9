/**
 * The reliability suite's ledger. Each scenario (a mocha test here, or a host test in a real VS Code)
 * appends one row — trials run, commits checked, commits lost, outcome — to a JSON-lines file, and
 * `scripts/reliability-table.mjs` prints the table at the end of `npm test` and fails when a row lost
 * a commit or an expected scenario never reported.
 *
 * The file is `$REVISE_RELIABILITY_REPORT`, or `.test-artifacts/reliability/rows.jsonl` in the
 * repository when unset. Host tests get the variable through the driver's `--env`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One scenario's result. */
export interface ReliabilityRow {
  /** Stable name; `scripts/reliability-table.mjs` lists the ones that must report. */
  scenario: string;
  /** Independent trials run (seeded where random). */
  trials: number;
  /** Commits whose reachability was checked after the trials (0 where no commit is at stake). */
  commitsChecked: number;
  /** Commits no longer reachable from a branch, a backup ref or the remote. Must be 0. */
  lost: number;
  /** What happened, in words: the state the run was left in, the error the user saw. */
  outcome: string;
}

/** Where rows go. */
export function reportFile(): string {
  return process.env.REVISE_RELIABILITY_REPORT ?? join(__dirname, '..', '..', '.test-artifacts', 'reliability', 'rows.jsonl');
}

/** Appends one scenario's row to the ledger. Call it only after the scenario's assertions passed or failed for real. */
export function recordScenario(row: ReliabilityRow): void {
  const file = reportFile();
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}
