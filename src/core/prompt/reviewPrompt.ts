/**
 * The prompt of a reviewer agent (src/engine/reviewerAgent.ts): review the round's diff, with the
 * run's findings as context (their ids, states and places), and answer with a verdict and findings
 * in the review schema. The diff and the findings are data, fenced so nothing in them can pass for
 * the prompt's own text.
 */
import { findingState } from '../findingState';
import type { Finding } from '../model';
import { location } from './composePrompt';
import { fenceFor, quoteReviewerData } from './reviewerData';

/** Diffs longer than this are cut; the reviewer can read the files themselves. */
export const MAX_REVIEW_DIFF_CHARS = 200_000;
const MAX_CONTEXT_FINDINGS = 200;
const MAX_FINDING_CHARS = 2_000;

export interface ReviewPromptInput {
  title: string;
  /** What the diff spans (`abc123..def456`, round 2). */
  range: string;
  diff: string;
  findings: readonly Finding[];
  /** The review schema as JSON text, for CLIs that do not enforce it themselves. */
  schemaJson?: string;
}

export function composeReviewPrompt(input: ReviewPromptInput): string {
  const out: string[] = [];
  out.push(
    `# Review: ${input.title}`,
    '',
    'You are reviewing a change in this working tree. Do NOT modify any file, run no command that changes anything, and do not commit: you only read and judge.',
    'Judge whether the change is ready: verdict `GO` when nothing blocking remains, `NO-GO` otherwise.',
    'Report each problem you find as a finding with a severity (`blocking`: must be fixed before merging; `non-blocking`: should be fixed; `nit`: optional), a short title, what should change, and its place (worktree-relative file and lines, or null).',
    'When a problem is one of the known findings below and is still present, report it again with that finding\'s `id`; do not report a known finding that the change fixed.',
    '',
  );
  out.push(`## The change (${input.range})`, '');
  const diff = input.diff.length > MAX_REVIEW_DIFF_CHARS ? `${input.diff.slice(0, MAX_REVIEW_DIFF_CHARS)}\n… (diff cut at ${MAX_REVIEW_DIFF_CHARS} characters; read the files for the rest)` : input.diff;
  if (diff.trim() === '') out.push('The diff is empty: review the files as they are.', '');
  else {
    const marks = fenceFor(diff);
    out.push(`${marks}diff`, diff.replace(/\s+$/, ''), marks, '');
  }
  out.push('## Known findings', '');
  const known = input.findings.slice(0, MAX_CONTEXT_FINDINGS);
  if (known.length === 0) out.push('None.', '');
  for (const f of known) {
    out.push(`- **${f.id}** · ${f.severity} · ${findingState(f).kind} · ${location(f)} · ${cut(f.title)}`);
    if (f.message.trim() && f.message.trim() !== f.title.trim()) out.push(`  ${quoteReviewerData(cut(f.message.trim())).replace(/\n/g, '\n  ')}`);
  }
  if (input.findings.length > known.length) out.push(`- … and ${input.findings.length - known.length} more.`);
  out.push('');
  out.push('## Answer', '');
  if (input.schemaJson) {
    out.push(
      'End your answer with exactly one fenced ```json block holding one object that matches this JSON Schema (every key present; null where it does not apply):',
      '',
      '```json',
      input.schemaJson,
      '```',
    );
  } else out.push('Answer with the structured output you were given the schema of.');
  return `${out.join('\n')}\n`;
}

function cut(text: string): string {
  return text.length > MAX_FINDING_CHARS ? `${text.slice(0, MAX_FINDING_CHARS)}…` : text;
}
