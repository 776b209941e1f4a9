/**
 * The coding-agent CLIs Revise knows, found on PATH with their versions (`<cli> --version`, argv
 * only, with a timeout). Node only, no `vscode`: the Get Started walkthrough and the tests share it.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { AgentPresetName } from '../../core/agentPresets';

/** A supported agent CLI: how it is called, installed and signed in to. */
export interface AgentCli {
  readonly executable: string;
  readonly name: string;
  /** The `revise.agent.preset` that runs it. */
  readonly preset: Exclude<AgentPresetName, 'custom'>;
  readonly install: string;
  readonly signIn: string;
}

export const AGENT_CLIS: readonly AgentCli[] = [
  { executable: 'claude', name: 'Claude Code', preset: 'claude', install: 'npm install -g @anthropic-ai/claude-code', signIn: 'Run `claude` once and sign in with `/login`, or set ANTHROPIC_API_KEY.' },
  { executable: 'codex', name: 'Codex CLI', preset: 'codex', install: 'npm install -g @openai/codex', signIn: 'Run `codex login`, or set OPENAI_API_KEY.' },
  { executable: 'aider', name: 'Aider', preset: 'aider', install: 'python -m pip install aider-install && aider-install', signIn: 'Set the API key of your model provider (for example ANTHROPIC_API_KEY or OPENAI_API_KEY).' },
  { executable: 'gemini', name: 'Gemini CLI', preset: 'gemini', install: 'npm install -g @google/gemini-cli', signIn: 'Run `gemini` once and choose "Login with Google", or set GEMINI_API_KEY.' },
  { executable: 'opencode', name: 'opencode', preset: 'opencode', install: 'npm install -g opencode-ai', signIn: 'Run `opencode auth login`.' },
  { executable: 'qwen', name: 'Qwen Code', preset: 'qwen', install: 'npm install -g @qwen-code/qwen-code', signIn: 'Run `qwen` once and follow its sign-in prompt, or set an OpenAI-compatible API key.' },
];

/** What was found of one CLI. */
export interface DetectedAgent {
  readonly cli: AgentCli;
  /** The executable on PATH; undefined when it is not installed. */
  readonly path?: string;
  /** The version it reports, when it answered `--version`. */
  readonly version?: string;
  /** Why it is on PATH but did not say its version (timed out, failed). */
  readonly problem?: string;
}

export interface DetectOptions {
  /** The environment whose PATH is searched and passed on (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** How long one `--version` may take (default 10 s). */
  readonly timeoutMs?: number;
}

/** The first version-like token of a CLI's `--version` output (`codex-cli 0.171.0` → `0.171.0`). */
export function parseVersion(output: string): string | undefined {
  return /\b\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?/.exec(output)?.[0];
}

/**
 * The executable file `name` resolves to on `env`'s PATH, if any. Relative PATH entries are skipped:
 * they would resolve against whatever folder is current, which may be an untrusted checkout.
 */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter((dir) => dir && isAbsolute(dir));
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        if (!(await stat(candidate)).isFile()) continue;
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function versionOf(file: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ version?: string; problem?: string }> {
  return new Promise((resolve) => {
    execFile(file, ['--version'], { env, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 64 * 1024 }, (error, stdout, stderr) => {
      const version = parseVersion(String(stdout)) ?? parseVersion(String(stderr));
      if (error && (error as { killed?: boolean }).killed) resolve({ problem: `no answer to --version within ${timeoutMs} ms` });
      else if (error) resolve({ problem: `--version failed: ${String(stderr).trim().split('\n')[0] || error.message}` });
      else if (!version) resolve({ problem: '--version printed no version' });
      else resolve({ version });
    });
  });
}

/** Every supported CLI, in `AGENT_CLIS` order, with where it is and what version it says it is. */
export async function detectAgents(options: DetectOptions = {}): Promise<DetectedAgent[]> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return Promise.all(
    AGENT_CLIS.map(async (cli): Promise<DetectedAgent> => {
      const path = await findOnPath(cli.executable, env);
      return path ? { cli, path, ...(await versionOf(path, env, timeoutMs)) } : { cli };
    }),
  );
}
