/**
 * The cases every real agent must pass the same way: a transient fault the CLI retries and recovers from,
 * lasting 401 / 500 / overloaded failures, a lost session, a hung model call stopped by the round timeout,
 * and a cancel.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { requestChanges, runRound, useAgentWorlds, type AgentName, type AgentWorld } from './harness';
import type { Fault } from './modelServer/script';
import { describeRound, expectFailedRound, expectStoppedRound, lastRequestBody, lastRound } from './roundChecks';

export interface FaultExpectations {
  /** The fault the CLI retries once and then succeeds. */
  transient: Fault;
  /** The CLI's own words for each lasting fault, as round.error must carry them. */
  words: Record<'unauthorized' | 'server-error' | 'overloaded', RegExp>;
  /** Where, under the agent's home, the CLI keeps a session's transcript (named `…<session id>.jsonl`). */
  transcripts: string;
  /** What the CLI says when the session to resume is gone. */
  sessionGone: RegExp;
}

/** Registers the cases in a `describe` of their own, each with a fresh world. */
export function faultCases(agent: AgentName, expect: FaultExpectations): void {
  describe('faults, timeout, cancel and a lost session', () => {
    registerCases(useAgentWorlds(agent), expect);
  });
}

function registerCases(world: () => Promise<AgentWorld>, expect: FaultExpectations): void {
  it(`recovers from a transient ${expect.transient} (the CLI retries) and the round succeeds`, async () => {
    const w = await world();
    const { result, run } = await runRound(w, [{ fault: expect.transient }, { text: 'Nothing to change.\nB1: disagree — the caller checks' }]);
    assert.equal(lastRound(run).status, 'succeeded', describeRound(lastRound(run)));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(w.script.taken.length, 2, 'the failed call was retried');
    assert.equal(run.findings.find((f) => f.id === 'B1')?.disposition?.kind, 'disagree');
  });

  for (const [fault, words] of Object.entries(expect.words) as [keyof FaultExpectations['words'], RegExp][]) {
    it(`fails the round on a lasting ${fault}, with the CLI's words in round.error and exit 4`, async () => {
      await expectFailedRound(await world(), [{ fault, sticky: true }], words);
    });
  }

  it('falls back to a fresh session when the previous one is gone', async () => {
    const w = await world();
    const one = await runRound(w, [{ text: 'Looked.\nB1: deferred #12 — later' }]);
    const sessionId = lastRound(one.run).agent?.sessionId;
    assert.ok(sessionId);
    // CLIs delete old transcripts on their own, and a session does not follow the user to another machine.
    const folder = join(w.home, expect.transcripts);
    const transcripts = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(`${sessionId}.jsonl`));
    assert.equal(transcripts.length, 1, `the transcript is in ${expect.transcripts}`);
    rmSync(join(folder, transcripts[0]!));
    await requestChanges(w.engine, one.run, 'Again.');
    const two = await runRound(w, [{ text: 'Fresh start.\nB1: fixed — done now' }]);
    const round2 = lastRound(two.run);
    assert.equal(round2.status, 'succeeded', describeRound(round2));
    assert.equal(two.result.code, 0, two.result.stderr);
    assert.ok(round2.agent?.sessionId && round2.agent.sessionId !== sessionId, 'a new session');
    const log = readFileSync(round2.logPath!, 'utf8');
    assert.match(log, expect.sessionGone, 'the log keeps what the CLI said');
    assert.match(log, /fresh session|new session/i, 'the log says a fresh session was started');
    assert.ok(JSON.stringify(lastRequestBody(w)).includes('Revision round 2'), 'the fresh session gets the full prompt');
  });

  it('stops a hung model call at the round timeout', async () => {
    await expectStoppedRound(await world(), 'timed-out');
  });

  it('cancels the round on SIGTERM to revise round, while the agent waits on the model', async () => {
    await expectStoppedRound(await world(), 'cancelled');
  });
}
