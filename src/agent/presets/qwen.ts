/**
 * Qwen Code in headless mode (tested with @qwen-code/qwen-code 0.15.10, the newest release that runs on
 * Node 20; later ones need Node 22): `qwen -o stream-json --approval-mode auto-edit
 *  [--allowed-tools "run_shell_command(<command>)" …] [--max-session-turns N] [--resume <id>]`, the
 * prompt on stdin. `auto-edit` lets it read and edit files; without an allowed command the shell tool is
 * not offered at all, and a command not allowed is declined and listed in the result's
 * `permission_denials`; `*` runs it in `yolo` mode. Qwen Code has no budget limit.
 */
import { approvalArgs, unsupportedLimits } from './gemini';
import { commandLabels, type PresetDefinition, type PresetInput } from './types';

export const qwenPreset: PresetDefinition = {
  program: 'qwen',
  installHint: 'install Qwen Code (npm install -g @qwen-code/qwen-code)',
  parser: 'qwen',
  build(input: PresetInput) {
    const argv = [input.program, '-o', 'stream-json', ...approvalArgs(input.permissions, 'auto-edit')];
    const limits: PresetInput['limits'] = {};
    if (input.limits.maxTurns !== undefined) {
      argv.push('--max-session-turns', String(input.limits.maxTurns));
      limits.maxTurns = input.limits.maxTurns;
    }
    if (input.sessionId) argv.push('--resume', input.sessionId);
    return { argv, stdin: 'prompt', policy: { allowedCommands: commandLabels(input.permissions), limits, notes: unsupportedLimits('qwen', input, { maxTurns: true }) } };
  },
  // An unknown id is looked up as a session title: `No saved session found with title "<id>"`.
  lostSession: (output) => /No saved session found/i.test(output.stderrTail + (output.failure ?? '')),
};
