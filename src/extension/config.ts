/**
 * Typed access to Revise's settings (mirrors `contributes.configuration` in package.json). Settings
 * that decide what executes on this machine — agent, verify, reviewer — are read with `inspect()`
 * and only their user-level value counts: a repository's `.vscode/settings.json` (workspace or
 * folder value) is ignored even if a host were to offer it despite `scope: machine`.
 */
import * as vscode from 'vscode';
import type { AgentPreset, ReplyPolicy, ReviewerAgentOptions, RoundOptions } from '../engine';
import type { BaseUpdate } from '../core/model';
import { readReviewerAgents, type ReviewerAgentSetting } from '../core/reviewerAgents';

/** Every setting id Revise contributes. */
export type SettingId =
  | 'agent.preset'
  | 'agent.command'
  | 'agent.executable'
  | 'agent.timeoutSeconds'
  | 'agent.allowedCommands'
  | 'agent.maxTurns'
  | 'agent.maxBudgetUsd'
  | 'verifyCommand'
  | 'reviewerCommand'
  | 'analysers'
  | 'reviewerAgents'
  | 'maxRounds'
  | 'baseUpdate'
  | 'worktreeRoot'
  | 'remote'
  | 'push.when'
  | 'github.apiUrl'
  | 'github.replies'
  | 'github.resolveThreads'
  | 'github.submitReview'
  | 'autopilot.maxRounds'
  | 'autopilot.maxCostUsd'
  | 'autopilot.maxTokens'
  | 'autopilot.maxMinutes';

/** A snapshot of the settings a start or a round needs. */
export interface Config {
  readonly agent: {
    readonly preset: AgentPreset;
    readonly command: readonly string[];
    readonly executable: string;
    readonly timeoutSeconds: number;
    /** Command prefixes the agent may run; `null`: the verify command. */
    readonly allowedCommands: readonly string[] | null;
    /** `0`: no limit. */
    readonly maxTurns: number;
    readonly maxBudgetUsd: number;
  };
  readonly verifyCommand: readonly string[];
  readonly reviewerCommand: readonly string[];
  /** SARIF tool name → argv of its analyser, re-run after a round (src/engine/rescanAnalysers.ts). */
  readonly analysers: Readonly<Record<string, readonly string[]>>;
  /** Reviewer agents (read-only presets), blocking or advisory; entries that are not usable are left out. */
  readonly reviewerAgents: readonly ReviewerAgentSetting[];
  readonly maxRounds: number;
  readonly baseUpdate: BaseUpdate;
  readonly worktreeRoot: string;
  readonly remote: string;
  /** When the run branch is pushed: on approve, after each round, or never. */
  readonly pushWhen: PushWhen;
  readonly githubApiUrl: string;
  /** What is posted back to a pull request after approve. */
  readonly github: ReplyPolicy;
  /** The autopilot's budget (`0`: no limit; rounds `0`: what is left under the run's cap). */
  readonly autopilot: { readonly maxRounds: number; readonly maxCostUsd: number; readonly maxTokens: number; readonly maxMinutes: number };
}

export type PushWhen = 'approve' | 'round' | 'never';


function section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('revise', scope);
}

/** The user-level (machine) value of a setting that chooses what executes; never a workspace value. */
function machineValue<T>(id: SettingId, fallback: T): T {
  const inspected = section().inspect<T>(id);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `{ "ESLint": ["npx", "eslint", …] }`: entries whose value is not a non-empty argv are left out. */
function analyserMap(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string[]> = {};
  for (const [name, argv] of Object.entries(value)) {
    const list = stringArray(argv);
    if (name.trim() && list.length > 0 && list[0]) out[name] = list;
  }
  return out;
}

function nullableStringArray(value: unknown): string[] | null {
  return value === null || value === undefined ? null : stringArray(value);
}

function nonNegative(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Read the settings now (they are re-read for every start and round, so changes apply at once). */
export function readConfig(scope?: vscode.Uri): Config {
  const s = section(scope);
  const preset = machineValue<string>('agent.preset', 'claude');
  return {
    agent: {
      // An unknown name is passed on, not replaced by another agent: the engine refuses it with a clear error.
      preset: String(preset) as AgentPreset,
      command: stringArray(machineValue<unknown>('agent.command', [])),
      executable: machineValue<string>('agent.executable', ''),
      timeoutSeconds: Math.max(10, s.get<number>('agent.timeoutSeconds', 1800)),
      allowedCommands: nullableStringArray(machineValue<unknown>('agent.allowedCommands', null)),
      maxTurns: nonNegative(machineValue<unknown>('agent.maxTurns', 0)),
      maxBudgetUsd: nonNegative(machineValue<unknown>('agent.maxBudgetUsd', 0)),
    },
    verifyCommand: stringArray(machineValue<unknown>('verifyCommand', [])),
    reviewerCommand: stringArray(machineValue<unknown>('reviewerCommand', [])),
    analysers: analyserMap(machineValue<unknown>('analysers', {})),
    reviewerAgents: readReviewerAgents(machineValue<unknown>('reviewerAgents', [])).reviewers,
    maxRounds: s.get<number>('maxRounds', 3),
    baseUpdate: s.get<BaseUpdate>('baseUpdate', 'merge'),
    worktreeRoot: s.get<string>('worktreeRoot', ''),
    remote: s.get<string>('remote', 'origin') || 'origin',
    pushWhen: oneOf(s.get<string>('push.when', 'approve'), ['approve', 'round', 'never'] as const, 'approve'),
    githubApiUrl: s.get<string>('github.apiUrl', ''),
    github: {
      mode: oneOf(s.get<string>('github.replies', 'per-thread'), ['per-thread', 'summary', 'off'] as const, 'per-thread'),
      resolveThreads: s.get<boolean>('github.resolveThreads', false),
      submitReview: s.get<boolean>('github.submitReview', false),
    },
    // Money and time are spent on this machine: like the agent's limits, only the user's own value counts.
    autopilot: {
      maxRounds: Math.floor(nonNegative(machineValue<unknown>('autopilot.maxRounds', 0))),
      maxCostUsd: nonNegative(machineValue<unknown>('autopilot.maxCostUsd', 0)),
      maxTokens: Math.floor(nonNegative(machineValue<unknown>('autopilot.maxTokens', 0))),
      maxMinutes: nonNegative(machineValue<unknown>('autopilot.maxMinutes', 0)),
    },
  };
}

/** The autopilot budget of a config snapshot: the limits that are set. */
export function autopilotBudget(config: Config): { maxRounds?: number; maxCostUsd?: number; maxTokens?: number; maxMinutes?: number } {
  const a = config.autopilot;
  return {
    ...(a.maxRounds > 0 ? { maxRounds: a.maxRounds } : {}),
    ...(a.maxCostUsd > 0 ? { maxCostUsd: a.maxCostUsd } : {}),
    ...(a.maxTokens > 0 ? { maxTokens: a.maxTokens } : {}),
    ...(a.maxMinutes > 0 ? { maxMinutes: a.maxMinutes } : {}),
  };
}

/** The engine's round options from a config snapshot. */
export function roundOptions(config: Config, signal?: AbortSignal): RoundOptions {
  return {
    agent: {
      preset: config.agent.preset,
      command: config.agent.command.length > 0 ? [...config.agent.command] : undefined,
      executable: config.agent.executable || undefined,
      timeoutMs: config.agent.timeoutSeconds * 1000,
      allowedCommands: config.agent.allowedCommands?.map((c) => c.trim().split(/\s+/).filter(Boolean)),
      maxTurns: config.agent.maxTurns > 0 ? Math.floor(config.agent.maxTurns) : undefined,
      maxBudgetUsd: config.agent.maxBudgetUsd > 0 ? config.agent.maxBudgetUsd : undefined,
    },
    verifyCommand: config.verifyCommand.length > 0 ? [...config.verifyCommand] : undefined,
    reviewerCommand: config.reviewerCommand.length > 0 ? [...config.reviewerCommand] : undefined,
    analysers: Object.keys(config.analysers).length > 0 ? config.analysers : undefined,
    pushAfterRound: config.pushWhen === 'round',
    signal,
  };
}

/** The engine's options for each configured reviewer agent (`revise.reviewerAgents`), timed out like the agent. */
export function reviewerAgentOptions(config: Config): ReviewerAgentOptions[] {
  return config.reviewerAgents.map((r) => ({ reviewer: r.preset, advisory: r.mode === 'advisory', executable: r.executable, timeoutMs: config.agent.timeoutSeconds * 1000 }));
}
