/**
 * Gemini CLI in headless mode (tested with @google/gemini-cli 0.61.0):
 * `gemini -p "" -o stream-json --approval-mode auto_edit --skip-trust
 *  [--allowed-tools "run_shell_command(<command>)" …] [--resume <id>]`, the prompt on stdin (`-p` is
 * appended to it, so it stays empty). `auto_edit` lets it read and edit files; any shell command not
 * allowed is refused by its policy engine (`policy_violation`); `*` runs it in `yolo` mode (every tool).
 * `--skip-trust` because each run's worktree is a new folder Gemini has never been told to trust: without
 * it headless Gemini exits 55 ("not running in a trusted directory") and would drop `auto_edit`.
 * Gemini has no per-round turn or budget flag (`model.maxSessionTurns` is a setting in its own
 * settings.json). Sessions are kept per project folder, so `--resume` finds the run's earlier rounds.
 */
import { allowsAnyCommand, commandLabels, type AgentPermissions, type PresetDefinition, type PresetInput } from './types';

/**
 * The approval flags of Gemini CLI and Qwen Code (which inherits them): the edit-only mode and one
 * `run_shell_command(<command>)` rule per allowed command prefix, or `yolo` when any command is allowed.
 */
export function approvalArgs(permissions: AgentPermissions, editMode: 'auto_edit' | 'auto-edit'): string[] {
  if (allowsAnyCommand(permissions)) return ['--approval-mode', 'yolo'];
  return ['--approval-mode', editMode, ...permissions.allowedCommands.flatMap((argv) => ['--allowed-tools', `run_shell_command(${argv.join(' ')})`])];
}

export const geminiPreset: PresetDefinition = {
  program: 'gemini',
  installHint: 'install Gemini CLI (npm install -g @google/gemini-cli)',
  parser: 'gemini',
  build(input: PresetInput) {
    const argv = [input.program, '-p', '', '-o', 'stream-json', ...approvalArgs(input.permissions, 'auto_edit'), '--skip-trust'];
    if (input.sessionId) argv.push('--resume', input.sessionId);
    return { argv, stdin: 'prompt', policy: { allowedCommands: commandLabels(input.permissions), limits: {}, notes: unsupportedLimits('gemini', input) } };
  },
  lostSession: (output) => /Invalid session identifier|No previous sessions found/i.test(output.stderrTail + (output.failure ?? '')),
};

/** The notes for limits a CLI has no flag for. */
export function unsupportedLimits(cli: string, input: PresetInput, supported: { maxTurns?: boolean } = {}): string[] {
  const notes: string[] = [];
  if (input.limits.maxTurns !== undefined && !supported.maxTurns) notes.push(`${cli} has no per-round turn limit; the turn limit (${input.limits.maxTurns}) is not applied.`);
  if (input.limits.maxBudgetUsd !== undefined) notes.push(`${cli} has no budget limit; the budget (${input.limits.maxBudgetUsd} USD) is not applied.`);
  return notes;
}
