/** The autopilot's budget is checked before every round: spent so far, and the next round's estimate (the largest so far). */
import { strict as assert } from 'node:assert';
import { addSpend, checkBudget, noSpend, remaining, roundSpend, type RoundSpend } from '../../../src/engine/autopilot/budget';
import type { Round } from '../../../src/core/model';

const round = (costUsd: number | undefined, tokens: number, ms: number): RoundSpend => ({ costUsd, tokens, ms });

function spentAfter(rounds: RoundSpend[]) {
  return { ...rounds.reduce(addSpend, noSpend()), rounds: rounds.length };
}

describe('autopilot budget', () => {
  it('allows the first round when nothing was spent', () => {
    assert.deepEqual(checkBudget({ maxRounds: 1, maxCostUsd: 0.5, maxTokens: 10, maxMinutes: 1 }, noSpend(), [], 0), { ok: true });
  });

  it('refuses a round past the rounds cap', () => {
    const spent = spentAfter([round(0.1, 10, 1000), round(0.1, 10, 1000)]);
    const verdict = checkBudget({ maxRounds: 2 }, spent, [], 0);
    assert.equal(verdict.ok, false);
    assert.equal(!verdict.ok && verdict.limit, 'rounds');
  });

  it('refuses a round once the money spent reached the limit, and when the largest round so far would pass it', () => {
    const one = [round(0.3, 100, 1000)];
    assert.deepEqual(checkBudget({ maxRounds: 9, maxCostUsd: 1 }, spentAfter(one), one, 0), { ok: true }, '0.3 spent, 0.3 more stays under 1');
    const three = [round(0.3, 100, 1000), round(0.2, 100, 1000), round(0.3, 100, 1000)];
    const verdict = checkBudget({ maxRounds: 9, maxCostUsd: 1 }, spentAfter(three), three, 0);
    assert.equal(!verdict.ok && verdict.limit, 'cost', '0.8 spent + up to 0.3 would pass 1');
    const reached = checkBudget({ maxRounds: 9, maxCostUsd: 0.8 }, spentAfter(three), [], 0);
    assert.equal(!reached.ok && reached.limit, 'cost', 'the limit itself is reached');
  });

  it('refuses a money budget after a round whose agent reported no cost', () => {
    const rounds = [round(undefined, 100, 1000)];
    const verdict = checkBudget({ maxRounds: 9, maxCostUsd: 5 }, spentAfter(rounds), rounds, 0);
    assert.equal(!verdict.ok && verdict.limit, 'cost');
    assert.match(!verdict.ok ? verdict.message : '', /reported no cost for 1 round/);
    assert.deepEqual(checkBudget({ maxRounds: 9 }, spentAfter(rounds), rounds, 0), { ok: true }, 'without a money limit it does not matter');
  });

  it('refuses a round when the tokens or the wall time would pass the limit', () => {
    const rounds = [round(0, 600, 40_000)];
    const tokens = checkBudget({ maxRounds: 9, maxTokens: 1000 }, spentAfter(rounds), rounds, 0);
    assert.equal(!tokens.ok && tokens.limit, 'tokens');
    assert.deepEqual(checkBudget({ maxRounds: 9, maxTokens: 1200 }, spentAfter(rounds), rounds, 0), { ok: true });
    const time = checkBudget({ maxRounds: 9, maxMinutes: 1 }, spentAfter(rounds), rounds, 40_000);
    assert.equal(!time.ok && time.limit, 'time', '40 s used + up to 40 s passes a minute');
    assert.deepEqual(checkBudget({ maxRounds: 9, maxMinutes: 2 }, spentAfter(rounds), rounds, 40_000), { ok: true });
  });

  it('reads a round\'s spend from what its agent reported (input + output tokens, start to end)', () => {
    const r = { index: 1, kind: 'requested', status: 'succeeded', headBefore: null, headAfter: null, exitCode: 0, logPath: null, promptPath: null, startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:30.000Z', agent: { preset: 'claude', argv: [], costUsd: 0.02, usage: { inputTokens: 1000, outputTokens: 50, cachedInputTokens: 800 } } } satisfies Round;
    assert.deepEqual(roundSpend(r), { costUsd: 0.02, tokens: 1050, ms: 30_000 });
  });

  it('hands the agent what is left: money for its own limit, time for the round timeout', () => {
    const spent = spentAfter([round(0.25, 10, 1000)]);
    assert.deepEqual(remaining({ maxRounds: 3, maxCostUsd: 1, maxMinutes: 2 }, spent, 30_000), { costUsd: 0.75, ms: 90_000 });
    assert.deepEqual(remaining({ maxRounds: 3 }, spent, 30_000), {});
  });
});
