/**
 * Codex CLI non-interactive mode (tested with @openai/codex 0.171.0):
 * `codex exec --json -s workspace-write -` in round 1 and
 * `codex exec -s workspace-write resume <id> --json -` later — `-s` belongs to `exec` and must come
 * before `resume` (after it the CLI refuses it), so a resumed round keeps write access. The prompt
 * is on stdin. `exec` never asks for approval: the agent runs any command inside the
 * workspace-write sandbox (writes only in the worktree and temp folders, no network), so
 * `allowedCommands` cannot narrow it; Codex has no per-round turn or budget limit.
 */
import { commandLabels, type PresetDefinition, type PresetInput } from './types';

const SANDBOX = 'workspace-write';

export const codexPreset: PresetDefinition = {
  program: 'codex',
  installHint: 'install the Codex CLI (npm install -g @openai/codex)',
  parser: 'codex',
  build(input: PresetInput) {
    const argv = input.sessionId
      ? [input.program, 'exec', '-s', SANDBOX, 'resume', input.sessionId, '--json', '-']
      : [input.program, 'exec', '--json', '-s', SANDBOX, '-'];
    const notes: string[] = [];
    if (input.limits.maxTurns !== undefined) notes.push(`codex has no turn limit; the turn limit (${input.limits.maxTurns}) is not applied.`);
    if (input.limits.maxBudgetUsd !== undefined) notes.push(`codex has no budget limit; the budget (${input.limits.maxBudgetUsd} USD) is not applied.`);
    return { argv, stdin: 'prompt', policy: { allowedCommands: commandLabels(input.permissions), sandbox: SANDBOX, limits: {}, notes } };
  },
  lostSession: (output) => /no rollout found for thread id/i.test(output.stderrTail + (output.failure ?? '')),
};
