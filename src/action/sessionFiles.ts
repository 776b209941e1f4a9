/**
 * The agent's session files on the runner, so the round's artifact carries the conversation and a
 * later round can resume it: Claude Code keeps `<session id>.jsonl` under its config folder's
 * `projects/`, Codex a `rollout-…-<thread id>.jsonl` under `$CODEX_HOME/sessions/`.
 */
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Files under the agents' session folders whose name contains `sessionId` (searched 4 folders deep). */
export async function findSessionFiles(env: NodeJS.ProcessEnv, sessionId: string | undefined): Promise<string[]> {
  if (!sessionId) return [];
  const home = env.HOME ?? homedir();
  const roots = [join(env.CLAUDE_CONFIG_DIR ?? join(home, '.claude'), 'projects'), join(env.CODEX_HOME ?? join(home, '.codex'), 'sessions')];
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth > 0) await walk(path, depth - 1);
      else if (entry.isFile() && entry.name.endsWith('.jsonl') && entry.name.includes(sessionId)) found.push(path);
    }
  };
  for (const root of roots) await walk(root, 4);
  return found;
}
