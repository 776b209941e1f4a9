#!/usr/bin/env node
// Prints the reliability suite's table (scenario, trials, commits checked, lost, outcome) from the
// rows the scenarios appended (see test/reliability/report.ts), and fails when any row lost a commit
// or an expected scenario did not report — a scenario that silently stopped running is a failure.
//   node scripts/reliability-table.mjs [rows.jsonl] [--markdown] [--require-all]
// `--require-all` (what `npm test` passes) also fails when a scenario listed below did not report.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.env.REVISE_RELIABILITY_REPORT ?? join('.test-artifacts', 'reliability', 'rows.jsonl');
const markdown = process.argv.includes('--markdown');

/** Every scenario that must report in a full `npm test` (mocha, then the host runs). Keep in step with the suite. */
const EXPECTED = [
  // test/reliability/faults
  'agent SIGKILL at random moments',
  'revise round process SIGKILLed mid-round',
  'remote gone mid-fetch',
  'remote gone mid-push',
  'lease race: push between restore and push',
  'lease race: push between two rounds',
  'concurrent extension + CLI writes',
  'corrupt / truncated / future-version run.json',
  'worktree folder deleted between rounds',
  'run branch deleted between rounds',
  'damaged run.json restored from its last-good copy',
  'agent overwrites run.json',
  'read-only store dir',
  'disk full (ENOSPC) on a real tmpfs',
  'setsid daemon outlives the agent',
  "agent writes to the user's checkout / .git/config / hooks",
  "agent pushes to the remote's main",
  '1 GiB of log output (capped)',
  // test/reliability/repositories
  'agent rewrites the run history',
  'user commits on the run branch elsewhere',
  'sparse checkout edited outside the cone',
  'abort: cleanup fails, then retried; submodule work kept',
  'start fails after git worktree add (shallow clone)',
  'Git LFS files pushed by approve',
  // test/reliability/hostile
  '1,000 generated names never reach git',
  'finding paths outside the worktree',
  'huge inputs: 10 MB review, 50,000 findings, 1 MB feedback',
  'token never on disk or in logs',
  // host suites in a real VS Code
  'window reload mid-round',
  'hostile text inert in the decision panel',
  'untrusted workspace cannot run the agent',
];
const requireAll = process.argv.includes('--require-all');

const rows = existsSync(file)
  ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
  : [];

const header = ['scenario', 'trials', 'commits checked', 'lost', 'outcome'];
const cells = rows.map((r) => [r.scenario, String(r.trials), String(r.commitsChecked), String(r.lost), r.outcome]);
if (markdown) {
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const c of cells) console.log(`| ${c.map((s) => s.replaceAll('|', '\\|')).join(' | ')} |`);
} else {
  const widths = header.map((h, i) => Math.min(70, Math.max(h.length, ...cells.map((c) => c[i].length))));
  const line = (c) => c.map((s, i) => (s.length > widths[i] ? `${s.slice(0, widths[i] - 1)}…` : s.padEnd(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

const lost = rows.filter((r) => r.lost !== 0);
const reported = new Set(rows.map((r) => r.scenario));
const missing = requireAll ? EXPECTED.filter((s) => !reported.has(s)) : [];
const trials = rows.reduce((n, r) => n + r.trials, 0);
const commits = rows.reduce((n, r) => n + r.commitsChecked, 0);
console.log(`\n${rows.length} scenarios, ${trials} trials, ${commits} commits checked, ${lost.length ? lost.reduce((n, r) => n + r.lost, 0) : 0} lost.`);
if (rows.length === 0) {
  console.error(`reliability: no rows in ${file}`);
  process.exit(1);
}
if (lost.length > 0) {
  console.error(`reliability: commits lost in ${lost.map((r) => r.scenario).join(', ')}`);
  process.exit(1);
}
if (missing.length > 0) {
  console.error(`reliability: these scenarios did not report: ${missing.join(', ')}`);
  process.exit(1);
}
