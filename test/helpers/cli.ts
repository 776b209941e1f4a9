/** Run the `revise` CLI as a real child process (from source, through tsx) and parse its --json output. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
export const FIXTURE_BIN = join(root, 'test', 'fixtures', 'bin');

export interface CliResult {
  code: number | null;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
  stdout: string;
  stderr: string;
}

/** `bundle`: a CLI built by esbuild.mjs to run instead of the sources through tsx (faster to start). */
function cliArgs(repo: string, args: string[], bundle?: string): string[] {
  return [...(bundle ? [bundle] : ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')]), ...args, '--repo', repo, '--json'];
}

function toResult(code: number | null, stdout: string, stderr: string): CliResult {
  let json: CliResult['json'] = {};
  try {
    json = JSON.parse(stdout) as CliResult['json'];
  } catch {
    // left empty: the assertion on `code` or `json` will say what happened, with stderr
  }
  return { code, json, stdout, stderr };
}

/** Synchronous: only for tests that serve nothing from their own process. */
export function reviseCli(repo: string, args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, cliArgs(repo, args), { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return toResult(result.status, result.stdout, result.stderr);
}

/** Asynchronous: keeps this process's event loop free, e.g. for a GitHub double it serves. */
export function reviseCliAsync(repo: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startReviseCli(repo, args, { ...process.env, ...env }).done;
}

/** Start the CLI with exactly `env` (nothing inherited); `child` is there to signal it (a user's Ctrl-C). */
export function startReviseCli(repo: string, args: string[], env: NodeJS.ProcessEnv, bundle?: string): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, cliArgs(repo, args, bundle), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve(toResult(code, stdout, stderr)));
  });
  return { child, done };
}
