/**
 * One round's agent run as the engine needs it: the preset's argv, the run itself, the CLI's own
 * words when it failed, and a fresh session when the one to resume is gone (Claude deletes old
 * transcripts; a session does not follow the user to another machine). Notes go to the round log.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildAgentArgv, presetDefinition, type AgentInvocation, type BuildAgentArgvOptions } from './presets';
import { runAgent, type AgentResult, type RunAgentOptions } from './runAgent';

export interface AgentRoundOptions extends Omit<RunAgentOptions, 'argv' | 'stdin' | 'parser'> {
  build: BuildAgentArgvOptions;
  prompt: string;
  /** Revise's own notes about the round (argv, settings not applied, a lost session); also appended to the log. */
  onInfo?: (text: string) => void;
}

export interface AgentRoundResult {
  result: AgentResult;
  /** The invocation that ran last (the fresh one after a lost session). */
  invocation: AgentInvocation;
  /** Set when the session to resume was gone and the round ran in a fresh one. */
  freshSession?: { lostSessionId: string; reason: string };
  /** Why the run failed, in the CLI's own words; absent when it succeeded. */
  failure?: string;
}

/** Run a round's agent; like `runAgent`, rejects only when the program cannot be started. */
export async function runAgentRound(opts: AgentRoundOptions): Promise<AgentRoundResult> {
  const { build, prompt, onInfo, ...common } = opts;
  const note = (text: string) => {
    try {
      mkdirSync(dirname(common.logPath), { recursive: true });
      appendFileSync(common.logPath, `[revise] ${text}`);
    } catch {
      // The log is for reading later; the round goes on without it.
    }
    onInfo?.(text);
  };
  const run = (invocation: AgentInvocation) => {
    note(`$ ${invocation.argv.join(' ')}\n`);
    return runAgent({ ...common, env: { ...common.env, ...invocation.env }, argv: invocation.argv, ...(invocation.stdin === 'prompt' ? { stdin: prompt } : {}), parser: invocation.parser });
  };

  let invocation = buildAgentArgv(build);
  for (const text of invocation.policy.notes) note(`${text}\n`);
  let result = await run(invocation);
  let freshSession: AgentRoundResult['freshSession'];
  const definition = presetDefinition(build.preset);
  if (build.sessionId && result.status === 'failed' && definition?.lostSession?.({ stderrTail: result.stderrTail, ...(result.failure ? { failure: result.failure } : {}) })) {
    const reason = failureReason(result);
    freshSession = { lostSessionId: build.sessionId, reason };
    note(`The agent's session ${build.sessionId} could not be resumed (${reason}); starting a fresh session with the full prompt.\n`);
    const { sessionId: _lost, ...fresh } = build;
    invocation = buildAgentArgv(fresh);
    result = await run(invocation);
  }
  const failed = result.status === 'failed' || (result.status === 'succeeded' && result.isError === true);
  return { result, invocation, ...(freshSession ? { freshSession } : {}), ...(failed ? { failure: failureReason(result) } : {}) };
}

const REASON_LIMIT = 1000;

/**
 * Why a run failed, in the CLI's own words: what its output said (an API error, `turn.failed`),
 * else the telling line of its stderr (a usage error, `Error: …`), else its exit code or signal.
 */
export function failureReason(result: Pick<AgentResult, 'failure' | 'stderrTail' | 'exitCode' | 'signal'>): string {
  if (result.failure) return result.failure;
  const fromStderr = stderrReason(result.stderrTail);
  if (fromStderr) return fromStderr;
  if (result.signal) return `the agent was killed by ${result.signal}`;
  if (result.exitCode === 0) return 'the agent exited without finishing its turn and printed no reason';
  return `the agent exited with code ${result.exitCode ?? 'unknown'} and printed no reason`;
}

function stderrReason(stderr: string): string | undefined {
  // Rust CLIs append a backtrace; the message is above it.
  const text = stderr.split(/^Stack backtrace:/m)[0] ?? '';
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^WARNING: /.test(l) && !/^\d{4}-\d\d-\d\dT[\d:.]+Z\s+(INFO|DEBUG|TRACE|WARN)\b/.test(l));
  const line = lines.find((l) => /^(error|fatal)\b[:\s]/i.test(l)) ?? lines[lines.length - 1];
  if (!line) return undefined;
  return line.length > REASON_LIMIT ? `${line.slice(0, REASON_LIMIT)}…` : line;
}
