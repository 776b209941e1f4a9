/**
 * The agent presets Revise knows, one list for every layer (the CLI's `--agent`, the extension's
 * `revise.agent.preset`, the engine's check). How each one runs lives in src/agent/presets/.
 */
export const AGENT_PRESETS = ['claude', 'codex', 'aider', 'gemini', 'opencode', 'qwen', 'custom'] as const;
export type AgentPresetName = (typeof AGENT_PRESETS)[number];

/** Whether `name` is a known preset. */
export function isAgentPreset(name: unknown): name is AgentPresetName {
  return typeof name === 'string' && (AGENT_PRESETS as readonly string[]).includes(name);
}
