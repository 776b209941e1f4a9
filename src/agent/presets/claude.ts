/**
 * Claude Code in print mode (tested with @anthropic-ai/claude-code 2.1.197):
 * `claude -p --output-format stream-json --verbose --permission-mode acceptEdits
 *  [--allowedTools "Bash(<command>:*)" …] [--max-turns N] [--max-budget-usd X] [--resume <id>]`,
 * the prompt on stdin. `acceptEdits` lets it read and edit files in the worktree; every shell
 * command it was not allowed is denied and listed in the result's `permission_denials`.
 */
import { allowsAnyCommand, commandLabels, type PresetDefinition, type PresetInput } from './types';

/** Claude's permission rule for one allowed command prefix: `Bash(npm test:*)`; any command: `Bash`. */
export function claudeToolRule(argv: readonly string[]): string {
  return argv.length === 1 && argv[0] === '*' ? 'Bash' : `Bash(${argv.join(' ')}:*)`;
}

export const claudePreset: PresetDefinition = {
  program: 'claude',
  installHint: 'install Claude Code (npm install -g @anthropic-ai/claude-code)',
  parser: 'claude',
  build(input: PresetInput) {
    const argv = [input.program, '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits'];
    const rules = allowsAnyCommand(input.permissions) ? ['Bash'] : input.permissions.allowedCommands.map(claudeToolRule);
    if (rules.length > 0) argv.push('--allowedTools', ...rules);
    const limits: PresetInput['limits'] = {};
    if (input.limits.maxTurns !== undefined) {
      argv.push('--max-turns', String(input.limits.maxTurns));
      limits.maxTurns = input.limits.maxTurns;
    }
    if (input.limits.maxBudgetUsd !== undefined) {
      argv.push('--max-budget-usd', String(input.limits.maxBudgetUsd));
      limits.maxBudgetUsd = input.limits.maxBudgetUsd;
    }
    if (input.sessionId) argv.push('--resume', input.sessionId);
    return { argv, stdin: 'prompt', policy: { allowedCommands: commandLabels(input.permissions), limits, notes: [] } };
  },
  // Claude deletes old transcripts, and a session does not follow the user to another machine.
  lostSession: (output) => /No conversation found with session ID/i.test(output.stderrTail + (output.failure ?? '')),
};
