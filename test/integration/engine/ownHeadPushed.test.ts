import { strict as assert } from 'node:assert';
import { ReviseError } from '../../../src/core/errors';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { scriptedAgent } from '../../helpers/scriptedAgent';

describe("engine: a lease refused because the run's own head was pushed by hand", function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));
  afterEach(() => delete process.env.FIXTURE_AGENT_SCRIPT);

  it('says the remote holds one of the run\'s own commits (not "someone pushed"), and refetch-and-update then approve pushes', async () => {
    let run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, scriptedAgent([{ write: 'one.txt', content: '1\n' }]));
    const round1 = run.rounds[1]!.headAfter!;
    sh(run.worktree, ['push', '--quiet', 'origin', `HEAD:refs/heads/${fx.priorBranch}`]);
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, scriptedAgent([{ write: 'two.txt', content: '2\n' }]));
    await assert.rejects(engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'approve' }), (e: unknown) => e instanceof ReviseError && e.code === 'lease-refused' && /one of this run's own commits/.test(e.message) && !/someone pushed/.test(e.message));
    run = await engine.get(run.id);
    assert.equal(run.pendingDecision?.kind, 'lease-refused');
    assert.equal(remoteTip(fx, fx.priorBranch), round1, 'nothing was overwritten');
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'refetch-and-update' })).run;
    assert.equal(run.leaseSha, round1);
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'approve' })).run;
    assert.equal(run.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), run.rounds[2]!.headAfter);
  });
});
