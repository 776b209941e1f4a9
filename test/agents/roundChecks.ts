/** Checks shared by the real-agent suites: what a failed or stopped round must leave behind, and what the model saw. */
import { strict as assert } from 'node:assert';
import type { Round, Run } from '../../src/core/model';
import { runRound, startRound, type AgentWorld } from './harness';
import { DEFAULT_USAGE, type Step } from './modelServer/script';

export function lastRound(run: Run): Round {
  const round = run.rounds[run.rounds.length - 1];
  assert.ok(round, `run ${run.id} has no rounds`);
  return round;
}

/** What a failed assertion on a round should show: not the whole record. */
export function describeRound(round: Round): string {
  return JSON.stringify({ index: round.index, status: round.status, exitCode: round.exitCode, error: round.error, agent: round.agent, logPath: round.logPath });
}

/**
 * A round's usage, comparable across CLIs: `inputTokens` counts every input token (uncached, read from
 * the cache and written to it), for `turns` turns of the default usage the server reports. Anthropic
 * reports the three parts apart (and cache writes); OpenAI reports input including the cached part, and
 * no cache writes.
 */
export function expectUsage(round: Round, turns: number, protocol: 'anthropic' | 'openai'): void {
  const u = DEFAULT_USAGE;
  const writes = protocol === 'anthropic' ? u.cacheWrite : 0;
  const usage = round.agent?.usage;
  assert.deepEqual(
    { inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens, cachedInputTokens: usage?.cachedInputTokens, cacheCreationInputTokens: usage?.cacheCreationInputTokens ?? 0 },
    { inputTokens: turns * (u.input + u.cacheRead + writes), outputTokens: turns * u.output, cachedInputTokens: turns * u.cacheRead, cacheCreationInputTokens: turns * writes },
    'usage counts every input token, the cached part and the cache writes alike for every CLI',
  );
}

export function dispositionsJson(entries: Record<string, { kind: string; note: string }>): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** The body of the latest turn the model answered. */
export function lastRequestBody(world: AgentWorld): unknown {
  const taken = world.script.taken;
  assert.ok(taken.length > 0, 'the model was never called');
  return taken[taken.length - 1]!.body;
}

export interface ToolResult {
  text: string;
  isError: boolean;
}

/**
 * The tool results the agent sent back in a request, oldest first: Anthropic `tool_result` blocks, or
 * Responses `function_call_output` / `custom_tool_call_output` items (Codex reports a refused or failed
 * command in the output text, with its exit code).
 */
export function toolResults(body: unknown): ToolResult[] {
  const results: ToolResult[] = [];
  const messages = (body as { messages?: { content?: unknown }[] }).messages;
  for (const message of messages ?? []) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as { type?: string; content?: unknown; is_error?: boolean }[]) {
      if (block.type !== 'tool_result') continue;
      const text = typeof block.content === 'string' ? block.content : JSON.stringify(block.content);
      // Claude marks every refusal (a denied command, a file it will not touch) with is_error.
      results.push({ text, isError: block.is_error === true });
    }
  }
  const input = (body as { input?: { type?: string; output?: unknown }[] }).input;
  for (const item of input ?? []) {
    if (item.type !== 'function_call_output' && item.type !== 'custom_tool_call_output') continue;
    const text = typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
    const exit = /(?:exited with code|Exit code:)\s*(\d+)/.exec(text);
    // A command's own output may say anything (e.g. a log that quotes a refusal); its exit code decides.
    results.push({ text, isError: exit ? exit[1] !== '0' : /rejected|denied/i.test(text) });
  }
  return results;
}

/** The round fails on `steps`: exit 4, status failed, the CLI's own words in round.error. */
export async function expectFailedRound(world: AgentWorld, steps: Step[], words: RegExp): Promise<void> {
  const { result, run } = await runRound(world, steps);
  const round = lastRound(run);
  assert.equal(round.status, 'failed', describeRound(round));
  assert.match(round.error?.message ?? '', words, `round.error carries the CLI's reason: ${JSON.stringify(round.error)}`);
  assert.equal(result.code, 4, `revise round exits 4 for a failed round: ${result.stderr}`);
  assert.equal(run.pendingDecision?.kind !== undefined, true, 'a decision follows the failed round');
}

/**
 * The model call hangs (no byte); the round ends `timed-out` (the round's timeout) or `cancelled`
 * (SIGTERM to `revise round` once the agent waits on the model), with its own exit code and no agent
 * process left.
 */
export async function expectStoppedRound(world: AgentWorld, how: 'timed-out' | 'cancelled'): Promise<void> {
  // The exit codes `revise --help` documents: 6 the agent timed out, 7 the round was cancelled.
  const exitCode = how === 'timed-out' ? 6 : 7;
  world.script.add([{ fault: 'hang', sticky: true }]);
  const cli = startRound(world, how === 'timed-out' ? ['--timeout-s', '3'] : []);
  if (how === 'cancelled') {
    await world.script.whenTaken(1);
    cli.child.kill('SIGTERM');
  }
  const result = await cli.done;
  const round = lastRound(await world.engine.get(world.runId));
  assert.equal(round.status, how, describeRound(round));
  assert.equal(result.code, exitCode, `revise round exits ${exitCode} for a ${how} round: ${result.stderr}`);
  assert.ok(round.pid, 'the agent process was recorded');
  assert.equal(alive(round.pid), false, 'the agent process is gone');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
