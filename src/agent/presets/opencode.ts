/**
 * opencode non-interactive (tested with opencode-ai 1.18.33):
 * `opencode run --format json --dir <worktree> [--session <id>]`, the prompt on stdin. `--dir` because
 * opencode takes its project folder from the inherited `PWD`, not from the folder it was started in:
 * without it, it would edit the folder Revise was started from. opencode lets its agent edit files and
 * run any command unless its config says otherwise, so Revise sets the `bash` permission through
 * `OPENCODE_PERMISSION` (merged over the user's config): `deny`, or `deny` for all but each allowed
 * command (`npm test` and `npm test *`), or `allow` for `*`. A refused call is reported in its
 * `tool_use` event. opencode has no per-round turn or budget flag.
 */
import { unsupportedLimits } from './gemini';
import { allowsAnyCommand, commandLabels, type AgentPermissions, type PresetDefinition, type PresetInput } from './types';

/** opencode's `bash` permission for Revise's allowed commands (later rules win). */
export function opencodeBashPermission(permissions: AgentPermissions): 'allow' | 'deny' | Record<string, 'allow' | 'deny'> {
  if (allowsAnyCommand(permissions)) return 'allow';
  if (permissions.allowedCommands.length === 0) return 'deny';
  const rules: Record<string, 'allow' | 'deny'> = { '*': 'deny' };
  for (const argv of permissions.allowedCommands) {
    const command = argv.join(' ');
    rules[command] = 'allow';
    rules[`${command} *`] = 'allow';
  }
  return rules;
}

export const opencodePreset: PresetDefinition = {
  program: 'opencode',
  installHint: 'install opencode (npm install -g opencode-ai)',
  parser: 'opencode',
  build(input: PresetInput) {
    const argv = [input.program, 'run', '--format', 'json', '--dir', input.worktree];
    if (input.sessionId) argv.push('--session', input.sessionId);
    const env = { OPENCODE_PERMISSION: JSON.stringify({ bash: opencodeBashPermission(input.permissions) }) };
    return { argv, stdin: 'prompt', env, policy: { allowedCommands: commandLabels(input.permissions), limits: {}, notes: unsupportedLimits('opencode', input) } };
  },
  lostSession: (output) => /Session not found/i.test(output.stderrTail + (output.failure ?? '')),
};
