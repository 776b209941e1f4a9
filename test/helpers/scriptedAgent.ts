/**
 * Round options that run the `claude` fixture agent (test/fixtures/bin) with a script of steps —
 * edits, git commands, replies — the honest way to model an agent that misbehaves in its worktree.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RoundOptions } from '../../src/engine/config';
import { makeTempDir } from './tempDir';

const CLAUDE = resolve(__dirname, '..', 'fixtures', 'bin', 'claude');

/** `git commit` as an agent runs it (its own identity, the machine's config shut out). */
export function agentCommit(message: string): string[] {
  return ['-c', 'user.name=Agent', '-c', 'user.email=agent@example.invalid', 'commit', '--quiet', '--allow-empty', '-am', message];
}

/** Round options whose agent runs `steps` (see test/fixtures/bin/README.md) in the worktree. */
export function scriptedAgent(steps: unknown[], timeoutMs = 60_000): RoundOptions {
  const file = join(makeTempDir('revise-script-'), 'script.json');
  writeFileSync(file, JSON.stringify(steps));
  // The agent inherits the engine's environment; the script is chosen per round through it.
  process.env.FIXTURE_AGENT_SCRIPT = file;
  return { agent: { preset: 'claude', executable: CLAUDE, timeoutMs } };
}
