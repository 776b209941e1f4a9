import { strict as assert } from 'node:assert';
import { applyDecision, nextDecisionKind, raiseDecision, reopenAfterFailedAbort } from '../../../src/core/decisions';
import { DecisionError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import { makeRun } from '../../helpers/runFixture';

const now = '2026-02-02T00:00:00.000Z';
const act = (decisionId: string, option: Parameters<typeof applyDecision>[1]['option'], feedback?: string) => ({ decisionId, option, by: 'tester', now, ...(feedback ? { feedback } : {}) });

function refusal(fn: () => unknown, code: string): void {
  assert.throws(fn, (error: unknown) => error instanceof DecisionError && error.code === code);
}

/** Simulate a finished round so the next decision can be raised. */
function finishRound(run: Run, status: 'succeeded' | 'failed' = 'succeeded', id = `d-${run.rounds.length + 1}`): Run {
  const round = run.rounds[run.rounds.length - 1]!;
  round.status = status;
  round.headAfter = 'b'.repeat(40);
  return raiseDecision(run, nextDecisionKind(run), { id, now });
}

describe('run state machine', () => {
  it('starts a requested round with the feedback on request-changes and records who decided', () => {
    const { run, effect } = applyDecision(makeRun(), act('d-1', 'request-changes', 'tighten the parser'));
    assert.equal(effect.kind, 'start-round');
    assert.equal(run.status, 'running');
    assert.equal(run.pendingDecision, null);
    assert.deepEqual(run.rounds.map((r) => [r.index, r.kind, r.status]), [[0, 'import', 'imported'], [1, 'requested', 'queued']]);
    assert.equal(run.rounds[1]!.feedback, 'tighten the parser');
    assert.equal(run.rounds[1]!.headBefore, 'a'.repeat(40));
    assert.deepEqual(run.history, [{ decisionId: 'd-1', kind: 'round-review', option: 'request-changes', by: 'tester', at: now, round: 0, feedback: 'tighten the parser' }]);
  });

  it('refuses a decision id that is no longer pending and changes nothing', () => {
    const run = makeRun();
    const before = structuredClone(run);
    refusal(() => applyDecision(run, act('d-0', 'approve')), 'stale-decision');
    assert.deepEqual(run, before);
  });

  it('refuses an option the pending decision does not offer and changes nothing', () => {
    const run = makeRun();
    const before = structuredClone(run);
    refusal(() => applyDecision(run, act('d-1', 'extra-round')), 'option-not-offered');
    assert.deepEqual(run, before);
  });

  it('refuses request-changes while a round runs', () => {
    const { run } = applyDecision(makeRun(), act('d-1', 'request-changes'));
    const before = structuredClone(run);
    refusal(() => applyDecision(run, act('d-1', 'request-changes')), 'run-busy');
    assert.deepEqual(run, before);
  });

  it('allows aborting a running round with the decision that started it', () => {
    const { run } = applyDecision(makeRun(), act('d-1', 'request-changes'));
    const { run: aborted, effect } = applyDecision(run, act('d-1', 'abort'));
    assert.deepEqual(effect, { kind: 'abort', wasRunning: true });
    assert.equal(aborted.status, 'aborted');
  });

  it('treats approve and abort on a settled run as no-ops', () => {
    const run = makeRun({ status: 'approved', pendingDecision: null });
    const before = structuredClone(run);
    assert.deepEqual(applyDecision(run, act('whatever', 'approve')).effect, { kind: 'none' });
    assert.deepEqual(applyDecision(run, act('whatever', 'abort')).effect, { kind: 'none' });
    assert.deepEqual(run, before);
    refusal(() => applyDecision(run, act('whatever', 'request-changes')), 'run-settled');
  });

  it('repeats the cleanup when an aborted run is aborted again, changing no state', () => {
    const run = makeRun({ status: 'aborted', pendingDecision: null });
    const before = structuredClone(run);
    assert.deepEqual(applyDecision(run, act('whatever', 'abort')).effect, { kind: 'abort', wasRunning: false });
    assert.deepEqual(run, before);
  });

  it('offers keep-rewrite / restore-previous-head / abort after a rewrite; restore names the head the round started from', () => {
    const run = makeRun({ pendingDecision: null });
    run.rounds.push({ index: 1, kind: 'requested', status: 'succeeded', headBefore: 'b'.repeat(40), headAfter: 'c'.repeat(40), exitCode: 0, logPath: null, promptPath: null, startedAt: now });
    raiseDecision(run, 'history-rewritten', { id: 'd-5', now }, 'reset by the agent');
    assert.deepEqual(run.pendingDecision!.options, ['keep-rewrite', 'restore-previous-head', 'abort']);
    assert.deepEqual(applyDecision(structuredClone(run), act('d-5', 'restore-previous-head')).effect, { kind: 'restore-previous-head', head: 'b'.repeat(40) });
    assert.deepEqual(applyDecision(structuredClone(run), act('d-5', 'keep-rewrite')).effect, { kind: 'keep-rewrite' });
    refusal(() => applyDecision(run, act('d-5', 'approve')), 'option-not-offered');
  });

  it('reopens the answered decision when an abort could not clean up', () => {
    const { run } = applyDecision(makeRun(), act('d-1', 'abort'));
    reopenAfterFailedAbort(run, { id: 'd-2', now }, 'Abort did not finish: disk full.');
    assert.equal(run.status, 'awaiting-decision');
    assert.deepEqual([run.pendingDecision?.kind, run.pendingDecision?.reason], ['round-review', 'Abort did not finish: disk full.']);
    assert.ok(run.pendingDecision?.options.includes('abort'));
  });

  it('offers extra-round / approve / abort after the last allowed round and records extra rounds', () => {
    let run = makeRun({ maxRounds: 2 });
    for (let i = 1; i <= 2; i++) {
      run = applyDecision(run, act(run.pendingDecision!.id, 'request-changes')).run;
      run = finishRound(run);
    }
    assert.equal(run.pendingDecision!.kind, 'round-cap');
    assert.deepEqual(run.pendingDecision!.options, ['extra-round', 'approve', 'abort']);
    refusal(() => applyDecision(run, act(run.pendingDecision!.id, 'request-changes')), 'option-not-offered');
    run = applyDecision(run, act(run.pendingDecision!.id, 'extra-round', 'one more')).run;
    assert.equal(run.extraRounds, 1);
    assert.equal(run.rounds[3]!.kind, 'extra');
    run = finishRound(run);
    assert.equal(run.pendingDecision!.kind, 'round-cap', 'the extra round is used up again');
  });

  it('never starts a round by itself when the cap is 0: the first decision is the cap decision', () => {
    const run = raiseDecision(makeRun({ maxRounds: 0, pendingDecision: null }), nextDecisionKind(makeRun({ maxRounds: 0 })), { id: 'd-1', now });
    assert.equal(run.pendingDecision!.kind, 'round-cap');
  });

  it('offers retry / request changes / abort after a failed round, and a retry does not use up the cap', () => {
    let run = makeRun({ maxRounds: 1 });
    run = applyDecision(run, act('d-1', 'request-changes', 'fix B1')).run;
    run = finishRound(run, 'failed');
    assert.equal(run.pendingDecision!.kind, 'round-failed');
    assert.deepEqual(run.pendingDecision!.options, ['retry-round', 'extra-round', 'abort'], 'at the cap, request-changes becomes an explicit extra round');
    run = applyDecision(run, act(run.pendingDecision!.id, 'retry-round')).run;
    assert.equal(run.rounds[2]!.kind, 'retry');
    assert.equal(run.rounds[2]!.feedback, 'fix B1', 'a retry repeats the failed round\'s feedback');
    run = finishRound(run);
    assert.equal(run.pendingDecision!.kind, 'round-cap');
  });

  it('moves an approve to pushing and an abort to aborted, clearing the pending decision', () => {
    const approved = applyDecision(makeRun(), act('d-1', 'approve'));
    assert.equal(approved.run.status, 'pushing');
    assert.equal(approved.effect.kind, 'approve');
    const aborted = applyDecision(makeRun(), act('d-1', 'abort'));
    assert.equal(aborted.run.status, 'aborted');
    assert.equal(aborted.run.pendingDecision, null);
  });

  it('handles the base-conflict and lease-refused decisions', () => {
    const conflict = raiseDecision(makeRun({ pendingDecision: null }), 'base-conflict', { id: 'd-9', now }, 'conflict in a.txt');
    assert.deepEqual(conflict.pendingDecision!.options, ['continue-without-update', 'abort']);
    assert.equal(applyDecision(conflict, act('d-9', 'continue-without-update')).effect.kind, 'continue-without-update');
    const lease = raiseDecision(makeRun({ pendingDecision: null }), 'lease-refused', { id: 'd-10', now });
    assert.equal(applyDecision(lease, act('d-10', 'refetch-and-update')).effect.kind, 'refetch-and-update');
  });
});
