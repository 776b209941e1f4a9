import { strict as assert } from 'node:assert';
import type { Run } from '../../../src/core/model';
import { expectOk as ok, expectRefused as refused, remoteFixtureForSuite, reviseCli } from '../../helpers/cli';
import { remoteTip } from '../../helpers/gitFixture';

describe('revise decide approve: open blocking findings and settled runs', function () {
  this.timeout(120_000);
  const suite = remoteFixtureForSuite({ 'src/a.ts': 'export const a = 1;\n' });

  function startWithFindings(): Run {
    const run = ok(reviseCli(suite.fx.user, ['start', '--branch', suite.fx.priorBranch])).run as Run;
    ok(reviseCli(suite.fx.user, ['findings', 'add', '--run', run.id, '--severity', 'blocking', '--message', 'Handle the empty input']));
    ok(reviseCli(suite.fx.user, ['findings', 'add', '--run', run.id, '--severity', 'blocking', '--message', 'Add a test']));
    ok(reviseCli(suite.fx.user, ['findings', 'add', '--run', run.id, '--severity', 'nit', '--message', 'Typo in a comment']));
    return run;
  }

  it('refuses to approve while blocking findings are open, names them, and pushes nothing', () => {
    const run = startWithFindings();
    const tip = remoteTip(suite.fx, suite.fx.priorBranch);
    const result = reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve']);
    const message = refused(result, 5, 'open-blocking-findings');
    assert.match(message, /2 open blocking findings: B1 \(Handle the empty input\), B2 \(Add a test\)/);
    assert.doesNotMatch(message, /N1/, 'a nit does not hold an approve back');
    assert.match((result.json.error as { hint?: string }).hint ?? '', /--allow-open/, 'the way to override is named');
    const after = (ok(reviseCli(suite.fx.user, ['status', '--run', run.id])).runs as Run[])[0]!;
    assert.equal(after.status, 'awaiting-decision');
    assert.equal(after.pendingDecision?.id, run.pendingDecision!.id, 'the same decision is still pending');
    assert.deepEqual(after.history, []);
    assert.equal(remoteTip(suite.fx, suite.fx.priorBranch), tip, 'nothing was pushed');
  });

  it('approves once the blocking findings are resolved or dismissed', () => {
    const run = startWithFindings();
    ok(reviseCli(suite.fx.user, ['findings', 'set', '--run', run.id, '--id', 'B1', '--status', 'resolved']));
    refused(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve']), 5, 'open-blocking-findings');
    ok(reviseCli(suite.fx.user, ['findings', 'set', '--run', run.id, '--id', 'B2', '--status', 'dismissed', '--reason', 'covered elsewhere']));
    const approved = ok(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve'])).run as Run;
    assert.equal(approved.status, 'approved');
  });

  it('approves over open blocking findings with --allow-open; a repeat of that decision says nothing was done, a stale id is refused', () => {
    const run = startWithFindings();
    const decision = run.pendingDecision!.id;
    const approved = ok(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', decision, 'approve', '--allow-open'])).run as Run;
    assert.equal(approved.status, 'approved');
    assert.equal(remoteTip(suite.fx, suite.fx.priorBranch), approved.leaseSha);

    const again = reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', decision, 'approve', '--allow-open']);
    const doc = ok(again);
    assert.equal((doc.run as Run).updatedAt, approved.updatedAt, 'repeating the approve changes nothing');
    assert.equal((doc.result?.already as { decisionId: string }).decisionId, decision);

    const stale = refused(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', 'not-the-one', 'approve']), 5, 'run-settled');
    assert.match(stale, new RegExp(`already approved by decision ${decision}`));
    assert.match(stale, /nothing was done/);
    refused(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', decision, 'abort']), 5, 'run-settled');
  });
});
