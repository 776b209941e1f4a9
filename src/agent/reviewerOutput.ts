/**
 * What a reviewer agent must answer: a verdict (GO / NO-GO), a one-paragraph summary and its
 * findings, as one JSON object. The same schema is handed to the CLIs that enforce it (Claude Code
 * `--json-schema`, Codex `--output-schema`) and asked for in the prompt of the others; the answer is
 * always parsed strictly here, so a CLI that ignored it is caught. Every field is required and the
 * optional ones are nullable, as OpenAI's strict structured outputs demand.
 */
import { z } from 'zod';
import { AgentError } from '../core/errors';

const ReviewerFinding = z
  .strictObject({
    /** The id of a finding of the run this one repeats (`B1`), or null for a new one. */
    id: z.string().nullable(),
    severity: z.enum(['blocking', 'non-blocking', 'nit']),
    title: z.string(),
    message: z.string(),
    /** Worktree-relative path, or null for a finding about the change as a whole. */
    file: z.string().nullable(),
    line: z.number().int().nullable(),
    endLine: z.number().int().nullable(),
  })
  .refine((f) => f.title.trim() !== '', { message: 'a finding needs a title' })
  .refine((f) => (f.line === null || f.line >= 1) && (f.endLine === null || f.endLine >= 1), { message: 'lines count from 1' });

export const ReviewerOutput = z.strictObject({
  verdict: z.enum(['GO', 'NO-GO']),
  summary: z.string(),
  findings: z.array(ReviewerFinding),
});
export type ReviewerOutput = z.infer<typeof ReviewerOutput>;
export type ReviewerFinding = z.infer<typeof ReviewerFinding>;

/** The JSON Schema of `ReviewerOutput`, as the CLIs take it (no `$schema` key: OpenAI refuses unknown keywords). */
export function reviewerOutputJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(ReviewerOutput) as Record<string, unknown>;
  return schema;
}

/**
 * Read a reviewer's final message: the whole message as JSON, else the last ```json fenced block in
 * it. Throws `AgentError('reviewer-bad-output')` naming what is wrong, with `logPath` to read.
 */
export function parseReviewerOutput(text: string | undefined, logPath: string): ReviewerOutput {
  const fail = (why: string) => new AgentError('reviewer-bad-output', `The reviewer's answer ${why}; nothing was imported. Its log is ${logPath}.`, { details: { logPath } });
  const trimmed = (text ?? '').trim();
  if (trimmed === '') throw fail('was empty');
  const candidate = trimmed.startsWith('{') ? trimmed : lastJsonBlock(trimmed);
  if (candidate === undefined) throw fail('is not JSON and holds no ```json block');
  let json: unknown;
  try {
    json = JSON.parse(candidate);
  } catch (error) {
    throw fail(`is not valid JSON (${(error as Error).message})`);
  }
  const parsed = ReviewerOutput.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'the answer'}: ${i.message}`);
    throw fail(`does not match the review schema (${problems.join('; ')})`);
  }
  return parsed.data;
}

function lastJsonBlock(text: string): string | undefined {
  const blocks = [...text.matchAll(/```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n```/g)];
  return blocks.length > 0 ? blocks[blocks.length - 1]![1]!.trim() : undefined;
}
