/**
 * The agent presets in review mode: the same CLIs, read-only, answering with the review schema
 * (src/agent/reviewerOutput.ts). Each uses its CLI's own read-only mode and, where it has one, its
 * structured-output option:
 * - Claude Code: `--permission-mode plan` (reads only) and `--json-schema` (it offers the model a
 *   `StructuredOutput` tool and puts the validated object in the result's `result` text);
 * - Codex: `-s read-only` and `--output-schema <file>` (the final message is the JSON);
 * - Gemini CLI and Qwen Code: `--approval-mode plan` (read-only); opencode: its `plan` agent with
 *   edits and shell denied through `OPENCODE_PERMISSION`. These three are asked for a ```json block.
 * aider and `custom` have no read-only mode Revise can rely on, so they are refused.
 */
import { AgentError } from '../../core/errors';
import type { AgentPresetName } from '../../core/agentPresets';
import { REVIEWER_PRESET_NAMES } from '../../core/reviewerAgents';
import type { OutputFormat } from '../outputParsers';
import { PRESETS } from './index';

/** The presets that can review. */
export const REVIEWER_PRESETS = REVIEWER_PRESET_NAMES;
export type ReviewerPresetName = (typeof REVIEWER_PRESETS)[number];

export interface ReviewInvocationInput {
  preset: string;
  /** Replaces the preset's program name. */
  executable?: string | undefined;
  worktree: string;
  /** The review schema as JSON text, and a file holding it (Codex reads the file). */
  schemaJson: string;
  schemaFile: string;
}

export interface ReviewInvocation {
  preset: ReviewerPresetName;
  argv: string[];
  parser: OutputFormat;
  env?: Record<string, string>;
  /** How the CLI keeps the reviewer from writing, for the record. */
  readOnly: string;
  /** Whether the CLI itself enforces the schema (otherwise the prompt asks for a JSON block). */
  enforcesSchema: boolean;
}

export function isReviewerPreset(name: string): name is ReviewerPresetName {
  return (REVIEWER_PRESETS as readonly string[]).includes(name);
}

/** The argv of a review by `input.preset`. Throws `AgentError('bad-input')` for a preset that cannot review. */
export function buildReviewInvocation(input: ReviewInvocationInput): ReviewInvocation {
  const preset = input.preset;
  if (!isReviewerPreset(preset)) {
    throw new AgentError('bad-input', `The ${JSON.stringify(preset)} agent cannot review: it has no read-only mode Revise can rely on. Use one of ${REVIEWER_PRESETS.join(', ')}.`);
  }
  const definition = PRESETS[preset as Exclude<AgentPresetName, 'custom'>];
  const program = input.executable && input.executable.trim() !== '' && !input.executable.includes('\0') ? input.executable : definition.program;
  const base = { preset, parser: definition.parser };
  switch (preset) {
    case 'claude':
      return { ...base, argv: [program, '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'plan', '--json-schema', input.schemaJson], readOnly: 'permission mode plan', enforcesSchema: true };
    case 'codex':
      return { ...base, argv: [program, 'exec', '--json', '-s', 'read-only', '--output-schema', input.schemaFile, '-'], readOnly: 'sandbox read-only', enforcesSchema: true };
    case 'gemini':
      return { ...base, argv: [program, '-p', '', '-o', 'stream-json', '--approval-mode', 'plan', '--skip-trust'], readOnly: 'approval mode plan', enforcesSchema: false };
    case 'qwen':
      return { ...base, argv: [program, '-o', 'stream-json', '--approval-mode', 'plan'], readOnly: 'approval mode plan', enforcesSchema: false };
    case 'opencode':
      return {
        ...base,
        argv: [program, 'run', '--format', 'json', '--dir', input.worktree, '--agent', 'plan'],
        env: { OPENCODE_PERMISSION: JSON.stringify({ edit: 'deny', bash: 'deny' }) },
        readOnly: 'plan agent, edit and bash denied',
        enforcesSchema: false,
      };
  }
}
