import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';

describe('engine: an approve records what it pushed where', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it('records the remote, its URL without the token, the branch and the pushed commit; the token never reaches run.json', async () => {
    // The remote is named by a URL with a token in it; git reaches the real (local) remote through `insteadOf`.
    const withToken = 'https://x-access-token:ghs_SECRET123@github.com/acme/widgets.git';
    sh(fx.user, ['config', 'remote.origin.url', withToken]);
    sh(fx.user, ['config', `url.${pathToFileURL(fx.bare).href}.insteadOf`, withToken]);
    let run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    assert.equal(run.pushed, undefined, 'nothing is pushed at start');
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'approve' })).run;
    assert.equal(run.status, 'approved');
    assert.deepEqual({ ...run.pushed, at: undefined }, {
      remote: 'origin',
      url: 'https://github.com/acme/widgets.git',
      branch: fx.priorBranch,
      sha: remoteTip(fx, fx.priorBranch),
      forced: false,
      commitUrl: `https://github.com/acme/widgets/commit/${remoteTip(fx, fx.priorBranch)}`,
      at: undefined,
    });
    const stored = readFileSync(join(fx.user, '.git', 'revise', 'runs', run.id, 'run.json'), 'utf8');
    assert.ok(!stored.includes('SECRET123'), 'the token is not in the run file');
  });
});
