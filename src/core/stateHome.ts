/**
 * The folder of Revise's per-user state (`$REVISE_STATE_HOME`, else `$XDG_STATE_HOME/revise`, else
 * `~/.local/state/revise`; on Windows `%LOCALAPPDATA%\revise`): the last-good copies of run.json
 * and the CLI's compiled-code cache.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REVISE_STATE_HOME) return env.REVISE_STATE_HOME;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'revise');
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'revise');
}
