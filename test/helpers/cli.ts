/** Run the `revise` CLI as a real child process (from source, through tsx) and parse its --json output. */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { isolateGitEnv, makeRemoteFixture, type RemoteFixture } from './gitFixture';
import { cleanupTempDirs } from './tempDir';

const root = join(__dirname, '..', '..');
export const FIXTURE_BIN = join(root, 'test', 'fixtures', 'bin');

export interface CliResult {
  code: number | null;
  /** The envelope (src/cli/envelope.ts). */
  json: Record<string, unknown> & { ok?: boolean; result?: Record<string, unknown>; error?: { code: string; message: string; hint?: string } };
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

/** Text mode (no --json): what a person sees, stdout and stderr apart. */
export function reviseCliText(repo: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args, '--repo', repo], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
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

/** The JSON document of a run that exited 0 (fails with its output otherwise). */
export function expectOk(result: CliResult): CliResult['json'] {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stdout}${result.stderr}`);
  return result.json;
}

/** Asserts exit code `exit` and error `code` with a message; returns the message. */
export function expectRefused(result: CliResult, exit: number, code: string): string {
  assert.equal(result.code, exit, result.stdout + result.stderr);
  assert.equal(result.json.error?.code, code, result.stdout);
  assert.ok(result.json.error?.message, 'the error says what happened');
  return result.json.error.message;
}

/**
 * Registers before/after hooks of the calling suite: an isolated git environment and a repository
 * with a bare remote holding `files` on the base and a prior attempt. Read `.fx` inside tests.
 */
export function remoteFixtureForSuite(files: Record<string, string>): { readonly fx: RemoteFixture } {
  let restoreEnv: () => void = () => undefined;
  let fx: RemoteFixture | undefined;
  before(() => {
    restoreEnv = isolateGitEnv();
    fx = makeRemoteFixture(files);
  });
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });
  return {
    get fx(): RemoteFixture {
      if (!fx) throw new Error('the fixture is made in the before hook');
      return fx;
    },
  };
}
