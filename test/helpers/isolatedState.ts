/**
 * Loaded by mocha before any test (see .mocharc.json) and by the benches: Revise's per-user state
 * (the last-good copies of run.json) goes to a folder of this process, inherited by the CLI
 * processes it starts, never to the real `~/.local/state/revise`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.REVISE_STATE_HOME) {
  const home = mkdtempSync(join(tmpdir(), 'revise-state-'));
  process.env.REVISE_STATE_HOME = home;
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
}
