import { strict as assert } from 'node:assert';
import { findingState } from '../../../src/core/findingState';
import { openBlockingFindings } from '../../../src/core/openBlocking';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { houseLinter, nodeAgent } from '../../helpers/scriptedReviewer';
import type { RemoteFixture } from '../../helpers/gitFixture';

describe('engine: the reviewer\'s re-scan checks the agent\'s claims', function () {
  this.timeout(120_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it('a claimed fix the tool no longer reports is verified; one it still reports is still present, with the tool named', async () => {
    // The reviewer reports `until-fixed` until the agent writes fixed.txt, and `stubborn` always.
    const reviewer = houseLinter('stubborn');
    const started = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    let run = (await engine.decide(started.id, { decisionId: started.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, { agent: nodeAgent(''), reviewerCommand: reviewer });
    const id = (title: string) => run.findings.find((f) => f.title === title)!.id;
    const [untilFixed, stubborn] = [id('until-fixed'), id('stubborn')];
    assert.equal(findingState(run.findings.find((f) => f.id === stubborn)!).kind, 'open');

    // Round 2: the agent claims both fixed (its dispositions file) and really fixes one.
    const claims = JSON.stringify({ [untilFixed]: { kind: 'fixed' }, [stubborn]: { kind: 'fixed', note: 'should be gone' } });
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, { agent: nodeAgent(`const fs = require('fs'); fs.writeFileSync('fixed.txt', 'x'); fs.writeFileSync(process.env.REVISE_DISPOSITIONS_FILE, ${JSON.stringify(claims)});`), reviewerCommand: reviewer });
    const state = (fid: string) => findingState(run.findings.find((f) => f.id === fid)!);
    assert.deepEqual({ kind: state(untilFixed).kind, by: state(untilFixed).by, round: state(untilFixed).claim?.round }, { kind: 'verified', by: 'rescan', round: 2 });
    assert.equal(state(stubborn).kind, 'still-present');
    assert.equal(state(stubborn).evidence, 'house-linter still reports it after the fix claimed in round 2');

    // The still-present one blocks an approve (it is an error-level finding: blocking) and goes into the next prompt.
    const blocking = openBlockingFindings(run).map((f) => f.id);
    assert.ok(blocking.includes(stubborn) && !blocking.includes(untilFixed), `blocking: ${blocking.join(', ')}`);
  });
});
