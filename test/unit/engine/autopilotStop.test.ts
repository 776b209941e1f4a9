/** When the autopilot hands over, decided from the run after a round and its re-checks. */
import { strict as assert } from 'node:assert';
import type { AutopilotCheck } from '../../../src/core/autopilotModel';
import type { Round, Run } from '../../../src/core/model';
import { blockingSnapshot, nextFeedback, stopAfterRound, type ExternalStop } from '../../../src/engine/autopilot/stopReasons';
import { makeFinding, makeRun } from '../../helpers/runFixture';

const at = '2026-01-01T00:00:00.000Z';

function roundOne(overrides: Partial<Round> = {}): Round {
  return { index: 1, kind: 'requested', status: 'succeeded', headBefore: 'a'.repeat(40), headAfter: 'b'.repeat(40), exitCode: 0, logPath: null, promptPath: null, startedAt: at, endedAt: at, ...overrides };
}

function after(run: Run, round: Round, checks: string[][] = [['B1'], ['B1']], external: ExternalStop[] = []) {
  const made: AutopilotCheck[] = checks.map((openBlocking, i) => ({ round: i, at, results: [], openBlocking }));
  return stopAfterRound({ run: { ...run, rounds: [...run.rounds, round] }, round, checks: made, external });
}

describe('autopilot stop reasons', () => {
  it('goes on while a blocking finding is still open and progress is possible', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1' }), makeFinding({ id: 'B2', status: 'resolved' })] });
    assert.equal(after(run, roundOne(), [['B1', 'B2'], ['B1']]), undefined);
  });

  it('stops with all-fixed when every blocking finding is verified, resolved or dismissed (nits do not count)', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1', disposition: { kind: 'fixed', round: 1 }, goneSince: at }), makeFinding({ id: 'B2', status: 'dismissed', reason: 'n/a' }), makeFinding({ id: 'N1', severity: 'nit' })] });
    assert.equal(after(run, roundOne())?.reason, 'all-fixed');
  });

  it('does not call a run fixed while the verify command fails', () => {
    const run = makeRun({ findings: [] });
    const round = roundOne({ verify: { command: ['npm', 'test'], exitCode: 1, logPath: '/x', durationMs: 1 } });
    assert.equal(after(run, round, [['verify'], ['verify']]), undefined);
    assert.deepEqual(blockingSnapshot(run, true), ['verify']);
    assert.match(nextFeedback(run, round, 2, 3), /`npm test` failed \(exit 1\)/);
  });

  it('stops with unverified-claims when only fixes nobody could check are left', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1', disposition: { kind: 'fixed', round: 1 } })] });
    const stop = after(run, roundOne());
    assert.equal(stop?.reason, 'unverified-claims');
    assert.deepEqual(stop?.findings, ['B1']);
  });

  it('goes on when a re-scan found a claimed fix still present', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1', disposition: { kind: 'fixed', round: 1 }, verification: { outcome: 'still-present', by: 'rescan', at, round: 1, evidence: 'lint still reports it' } })] });
    assert.equal(after(run, roundOne(), [['B1'], ['B1']]), undefined);
    assert.match(nextFeedback(run, roundOne(), 2, 3), /B1 \(Null check missing\) — still present: lint still reports it/);
  });

  it('stops with agent-disagrees when the agent disagreed with or deferred a blocking finding this round', () => {
    for (const kind of ['disagree', 'deferred'] as const) {
      const run = makeRun({ findings: [makeFinding({ id: 'B1', disposition: { kind, round: 1, note: 'by design' } }), makeFinding({ id: 'B2' })] });
      const stop = after(run, roundOne());
      assert.equal(stop?.reason, 'agent-disagrees', kind);
      assert.deepEqual(stop?.findings, ['B1']);
    }
    const nit = makeRun({ findings: [makeFinding({ id: 'N1', severity: 'nit', disposition: { kind: 'disagree', round: 1 } }), makeFinding({ id: 'B2' })] });
    assert.equal(after(nit, roundOne()), undefined, 'a disagreement with a nit does not stop it');
  });

  it('stops with agent-question when the agent asked a person', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1' })] });
    const stop = after(run, roundOne({ questions: ['Keep the v1 API?'] }));
    assert.equal(stop?.reason, 'agent-question');
    assert.deepEqual(stop?.questions, ['Keep the v1 API?']);
  });

  it('stops with no-progress when the same blocking findings are present after two rounds in a row', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1' })] });
    assert.equal(after(run, roundOne(), [['B1']]), undefined, 'one round is not enough to tell');
    assert.equal(after(run, roundOne(), [['B1'], ['B1']]), undefined, 'one round without progress is not two');
    assert.equal(after(run, roundOne(), [['B1', 'B2'], ['B1'], ['B1']]), undefined, 'the first of the two rounds made progress');
    assert.equal(after(run, roundOne(), [['B1'], ['B1'], ['B1']])?.reason, 'no-progress');
  });

  it('stops on a failed, timed-out, cancelled or interrupted round before anything else', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1', disposition: { kind: 'disagree', round: 1 } })] });
    assert.equal(after(run, roundOne({ status: 'failed', error: { code: 'agent-failed', message: 'boom' } }))?.reason, 'round-failed');
    assert.equal(after(run, roundOne({ status: 'timed-out' }))?.reason, 'round-failed');
    assert.equal(after(run, roundOne({ status: 'cancelled' }))?.reason, 'cancelled');
    assert.equal(after(run, roundOne({ status: 'interrupted' }))?.reason, 'interrupted');
  });

  it('stops when a re-check saw the pull request merged, closed or pushed to', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1' })] });
    assert.equal(after(run, roundOne(), [['B1'], ['B1']], [{ reason: 'pr-merged', message: 'merged' }])?.reason, 'pr-merged');
    assert.equal(after(run, roundOne(), [['B1'], ['B1']], [{ reason: 'branch-pushed', message: 'pushed' }])?.reason, 'branch-pushed');
  });

  it('stops when a decision the autopilot does not take is pending, or the run was settled', () => {
    const run = makeRun({ findings: [makeFinding({ id: 'B1' })], pendingDecision: { id: 'd', kind: 'lease-refused', options: ['refetch-and-update', 'abort'], round: 1, raisedAt: at } });
    assert.equal(after(run, roundOne())?.reason, 'needs-decision');
    assert.equal(after(makeRun({ status: 'aborted', pendingDecision: null }), roundOne())?.reason, 'run-settled');
  });
});
