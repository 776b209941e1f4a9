/**
 * Aider in scripting mode: the prompt file as its message, chat history kept in the run folder and
 * restored every round (aider has no session ids), no auto-commits (Revise commits the round).
 */
import { join } from 'node:path';
import { commandLabels, type PresetDefinition, type PresetInput } from './types';

export const aiderPreset: PresetDefinition = {
  program: 'aider',
  installHint: 'install aider (python -m pip install aider-install && aider-install)',
  parser: 'aider',
  build(input: PresetInput) {
    const argv = [
      input.program,
      '--message-file', input.promptFile,
      '--yes-always', '--no-pretty', '--no-stream', '--no-auto-commits',
      '--chat-history-file', join(input.runDir, 'aider.chat.md'),
      '--restore-chat-history',
    ];
    const notes: string[] = [];
    if (input.limits.maxTurns !== undefined || input.limits.maxBudgetUsd !== undefined) notes.push('aider has no per-round turn or budget limit; the limits are not applied.');
    return { argv, stdin: 'none', policy: { allowedCommands: commandLabels(input.permissions), limits: {}, notes } };
  },
};
