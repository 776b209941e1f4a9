/** Run the `revise` CLI as a real child process (from source, through tsx) and parse its --json output. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
export const FIXTURE_BIN = join(root, 'test', 'fixtures', 'bin');

export interface CliResult {
  code: number | null;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
  stdout: string;
  stderr: string;
}

export function reviseCli(repo: string, args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args, '--repo', repo, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  let json: CliResult['json'] = {};
  try {
    json = JSON.parse(result.stdout) as CliResult['json'];
  } catch {
    // left empty: the assertion on `code` or `json` will say what happened, with stderr
  }
  return { code: result.status, json, stdout: result.stdout, stderr: result.stderr };
}
