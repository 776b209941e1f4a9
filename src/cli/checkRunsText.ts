/** `revise findings import-checks`: the GitHub access it needs, and what it did in a few lines. */
import { InputError } from '../core/errors';
import type { CheckRunsImport, GitHubAccess } from '../engine';
import type { CommandContext } from './command';
import { importSummaryLines } from './importSummary';

/** GITHUB_TOKEN and the API URL (flag, then REVISE_GITHUB_API_URL); refuses without a token. */
export function githubAccess(ctx: CommandContext, apiUrl: string | undefined, command: string): GitHubAccess {
  const token = ctx.env.GITHUB_TOKEN;
  if (!token) throw new InputError('usage', `\`revise ${command}\` reads GitHub: set GITHUB_TOKEN (a token with \`repo\` scope, or \`checks:read\` for a fine-grained one).`);
  return { token, apiUrl: apiUrl ?? ctx.env.REVISE_GITHUB_API_URL };
}

export function checkRunsLines(s: CheckRunsImport): string[] {
  const out = [`check runs of ${s.head.slice(0, 12)}: ${s.failed.length} failed, ${s.passed.length} passed, ${s.pending.length} still running`];
  if (s.failed.length) out.push(`  failed: ${s.failed.join(', ')}`);
  if (s.pending.length) out.push(`  not imported (no result yet): ${s.pending.map((p) => `${p.name} (${p.status})`).join(', ')}; import again once they finish.`);
  if (s.failed.length + s.passed.length + s.pending.length === 0) out.push(`  GitHub has no check runs on ${s.head.slice(0, 12)}: push the run's head (\`revise push\`) and wait for CI.`);
  return [...out, ...importSummaryLines(s)];
}
