import { strict as assert } from 'node:assert';
import { mergeImported } from '../../../src/core/findings/mergeImported';
import type { FindingDraft } from '../../../src/core/findings/types';
import { countFindingStates, describeCounts, describeState, findingState, isUnsettled } from '../../../src/core/findingState';
import type { Finding } from '../../../src/core/model';
import { openBlockingFindings } from '../../../src/core/openBlocking';
import { findingsForRound } from '../../../src/core/prompt/composePrompt';
import { makeFinding } from '../../helpers/runFixture';

const fixed = (round: number, note?: string): Finding['disposition'] => ({ kind: 'fixed', round, ...(note ? { note } : {}) });
const T1 = '2026-02-01T10:00:00.000Z';
const T2 = '2026-02-01T11:00:00.000Z';

describe('findingState: the lifecycle of a finding', () => {
  it('open: no claim, no scan, no check', () => {
    assert.deepEqual(findingState(makeFinding()), { kind: 'open' });
  });

  it('open → claimed: the agent answered fixed, disagree or deferred, with its round', () => {
    assert.deepEqual(findingState(makeFinding({ disposition: fixed(1, 'guarded') })), { kind: 'claimed', claim: { kind: 'fixed', round: 1, note: 'guarded' } });
    assert.equal(findingState(makeFinding({ disposition: { kind: 'disagree', round: 2 } })).kind, 'claimed');
    assert.equal(findingState(makeFinding({ disposition: { kind: 'deferred', round: 1, issue: '#4' } })).kind, 'claimed');
  });

  it('claimed → verified by a re-scan that no longer reports it', () => {
    const s = findingState(makeFinding({ disposition: fixed(1), goneSince: T1 }));
    assert.deepEqual(s, { kind: 'verified', claim: { kind: 'fixed', round: 1 }, by: 'rescan', since: T1 });
  });

  it('open → verified by a re-scan even without a claim (its tool no longer reports it)', () => {
    assert.equal(findingState(makeFinding({ goneSince: T1 })).kind, 'verified');
  });

  it('claimed → verified by the user accepting the claim', () => {
    const s = findingState(makeFinding({ disposition: fixed(1), verification: { outcome: 'accepted', by: 'user', at: T1, round: 1 } }));
    assert.equal(s.kind, 'verified');
    assert.equal(s.by, 'user');
  });

  it('claimed → still present: a re-scan still reports it after the claim, with the evidence', () => {
    const s = findingState(makeFinding({ disposition: fixed(1), verification: { outcome: 'still-present', by: 'rescan', at: T1, round: 1, evidence: 'semgrep still reports it' } }));
    assert.deepEqual(s, { kind: 'still-present', claim: { kind: 'fixed', round: 1 }, by: 'rescan', since: T1, evidence: 'semgrep still reports it' });
  });

  it('verified (re-scan) → still present when the user reopens it after the scan; a newer scan that no longer reports it verifies again', () => {
    const reopened = makeFinding({ disposition: fixed(1), goneSince: T1, verification: { outcome: 'still-present', by: 'user', at: T2, round: 1 } });
    assert.equal(findingState(reopened).kind, 'still-present');
    assert.equal(findingState({ ...reopened, goneSince: '2026-02-01T12:00:00.000Z' }).kind, 'verified');
  });

  it('still present → claimed again: a later round\'s claim supersedes the older check', () => {
    const f = makeFinding({ disposition: fixed(2), verification: { outcome: 'still-present', by: 'rescan', at: T1, round: 1 } });
    assert.equal(findingState(f).kind, 'claimed');
    const accepted = makeFinding({ disposition: fixed(2), verification: { outcome: 'accepted', by: 'user', at: T1, round: 1 } });
    assert.equal(findingState(accepted).kind, 'claimed', 'an acceptance of round 1 does not accept round 2');
  });

  it('resolved and dismissed win over every claim and scan; dismissed carries its reason', () => {
    assert.equal(findingState(makeFinding({ status: 'resolved', disposition: fixed(1), goneSince: T1 })).kind, 'resolved');
    assert.deepEqual(findingState(makeFinding({ status: 'dismissed', reason: 'out of scope', disposition: fixed(1) })), { kind: 'dismissed', evidence: 'out of scope' });
  });

  it('only open, claimed and still present are unsettled', () => {
    assert.deepEqual(
      (['open', 'claimed', 'verified', 'still-present', 'resolved', 'dismissed'] as const).filter(isUnsettled),
      ['open', 'claimed', 'still-present'],
    );
  });

  it('counts and words: verified and resolved are never counted as open', () => {
    const findings = [
      makeFinding({ id: 'B1' }),
      makeFinding({ id: 'B2', disposition: fixed(1) }),
      makeFinding({ id: 'B3', disposition: fixed(1), goneSince: T1 }),
      makeFinding({ id: 'B4', status: 'resolved' }),
      makeFinding({ id: 'B5', disposition: fixed(1), verification: { outcome: 'still-present', by: 'user', at: T1, round: 1 } }),
    ];
    const counts = countFindingStates(findings);
    assert.deepEqual(counts, { open: 1, claimed: 1, verified: 1, 'still-present': 1, resolved: 1, dismissed: 0 });
    assert.equal(describeCounts(counts), '1 open, 1 still present, 1 claimed, 1 verified, 1 resolved');
    assert.equal(describeCounts(countFindingStates([])), 'none');
    assert.equal(describeState(findingState(findings[1]!)), 'claimed fixed (round 1)');
    assert.equal(describeState(findingState(findings[2]!)), 'verified (no longer reported)');
  });

  it('the approve guard and the next round use it: a claim still blocks, a verified finding does not and is not sent again', () => {
    const findings = [
      makeFinding({ id: 'B1', disposition: fixed(1) }),
      makeFinding({ id: 'B2', disposition: fixed(1), verification: { outcome: 'accepted', by: 'user', at: T1, round: 1 } }),
      makeFinding({ id: 'B3', disposition: fixed(1), goneSince: T1 }),
    ];
    assert.deepEqual(openBlockingFindings({ findings }).map((f) => f.id), ['B1']);
    assert.deepEqual(findingsForRound(findings).map((f) => f.id), ['B1']);
  });
});

describe('mergeImported: a re-scan checks the agent\'s claim', () => {
  const scope = [{ kind: 'sarif' as const, author: 'semgrep' }];
  const draft = (f: Finding): FindingDraft => ({ severity: f.severity, title: f.title, message: f.message, file: f.file, line: f.line, endLine: f.endLine, source: f.source });
  const scanned = makeFinding({ source: { kind: 'sarif', author: 'semgrep', externalId: 'fp-1' }, disposition: fixed(1) });

  it('still reporting a finding claimed fixed marks it still present, with the tool named', () => {
    const merged = mergeImported([scanned], [draft(scanned)], { now: T2, scopes: scope });
    const state = findingState(merged.findings[0]!);
    assert.equal(state.kind, 'still-present');
    assert.match(state.evidence ?? '', /semgrep still reports it after the fix claimed in round 1/);
  });

  it('no longer reporting it verifies the claim', () => {
    const merged = mergeImported([scanned], [], { now: T2, scopes: scope });
    assert.equal(findingState(merged.findings[0]!).kind, 'verified');
  });

  it('a finding without a claim, or a scan of another tool, gets no verdict', () => {
    const unclaimed = { ...scanned, disposition: undefined };
    assert.equal(findingState(mergeImported([unclaimed], [draft(unclaimed)], { now: T2, scopes: scope }).findings[0]!).kind, 'open');
    assert.equal(findingState(mergeImported([scanned], [draft(scanned)], { now: T2 }).findings[0]!).kind, 'claimed');
  });
});
