/**
 * The `REVISE_*` environment an agent (and the verify command) sees (docs/prompt.md).
 */

export interface AgentEnvironmentInput {
  runId: string;
  round: number;
  maxRounds: number;
  promptFile: string;
  /** JSON array of the findings included in this round. */
  findingsFile: string;
  /** Log of the previous round; empty when there is none. */
  previousLog: string;
  /** Where the agent may write its dispositions (JSON). */
  dispositionsFile: string;
  /** The base the attempt is measured against, e.g. `origin/main`. */
  baseRef: string;
  worktree: string;
}

/** Only the `REVISE_*` variables; the runner adds them to the inherited environment. */
export function agentEnvironment(input: AgentEnvironmentInput): Record<string, string> {
  return {
    REVISE_RUN_ID: input.runId,
    REVISE_ROUND: String(input.round),
    REVISE_MAX_ROUNDS: String(input.maxRounds),
    REVISE_PROMPT_FILE: input.promptFile,
    REVISE_FINDINGS_FILE: input.findingsFile,
    REVISE_PREVIOUS_LOG: input.previousLog,
    REVISE_DISPOSITIONS_FILE: input.dispositionsFile,
    REVISE_BASE_REF: input.baseRef,
    REVISE_WORKTREE: input.worktree,
  };
}
