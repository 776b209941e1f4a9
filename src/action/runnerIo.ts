/**
 * The runner's side of a JavaScript action: inputs from `INPUT_*`, outputs appended to the file at
 * `GITHUB_OUTPUT` (heredoc form, so any value is safe), the job summary appended to
 * `GITHUB_STEP_SUMMARY`, and error annotations as workflow commands on stdout.
 */
import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

/** An input as the runner passes it: `INPUT_<NAME>` with the name upper-cased and spaces as `_`. */
export function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

/** A positive whole-number input (undefined when empty); anything else is refused. */
export function intInput(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = input(env, name);
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new Error(`Input "${name}" must be a positive whole number (got "${raw}").`);
  return Number(raw);
}

/** Append step outputs. Without `GITHUB_OUTPUT` (a run outside Actions) nothing is written. */
export async function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, value]) => {
    const delimiter = `revise_${randomBytes(8).toString('hex')}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  await appendFile(file, lines.join(''));
}

/** Append markdown to the job summary. */
export async function addSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** An error annotation (`::error::`), with the characters workflow commands reserve escaped. */
export function errorCommand(message: string): string {
  return `::error::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`;
}
