/**
 * `revise actions init`'s check of the workflow file in the repository. The checker
 * (src/workflowCheck/check.ts, GitHub's workflow parser inside) is its own bundle,
 * dist/workflowParser.js, loaded here on first use so no other command pays for it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors';
import type * as Check from '../workflowCheck/check';

/** dist/workflowParser.js beside this bundle, or the repository's dist/ when run from the sources. */
function loadChecker(): typeof Check {
  const candidates = [join(__dirname, 'workflowParser.js'), join(__dirname, '..', '..', 'dist', 'workflowParser.js')];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new InputError('usage', 'The workflow checker (dist/workflowParser.js) is missing.', { details: { looked: candidates } });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as typeof Check;
}

/** Checks the workflow file at `path`; `actions-workflow-invalid` lists every problem (line, key, next step). */
export async function checkWorkflowFile(path: string): Promise<{ path: string; problems: [] }> {
  const content = await readFile(path, 'utf8').catch(() => undefined);
  if (content === undefined) throw new InputError('actions-workflow-missing', `${path} does not exist.`, { details: { path } });
  const problems = loadChecker().checkWorkflow(content, path);
  if (problems.length === 0) return { path, problems: [] };
  const lines = problems.map((p) => `${p.line !== undefined ? `line ${p.line}` : 'file'}${p.key ? ` (${p.key})` : ''}: ${p.message} ${p.hint}`);
  throw new InputError('actions-workflow-invalid', `${path} is not a workflow Revise can run:\n${lines.map((l) => `  - ${l}`).join('\n')}`, { details: { path, problems } });
}
