/**
 * The autopilot's pull request re-check against the schema-checked GitHub double: open at the run's
 * lease goes on; merged, closed, or a head someone else pushed ends the autopilot; no token or a
 * GitHub failure is recorded and ends nothing.
 */
import { strict as assert } from 'node:assert';
import type { Run } from '../../../src/core/model';
import { pullRequestRecheck } from '../../../src/engine';
import type { EngineContext } from '../../../src/engine/engine';
import { fakeSha, type DPull } from '../../github-double';
import { makeRun } from '../../helpers/runFixture';
import { TOKEN, useDouble } from './helpers';

describe('autopilot: the pull request re-check', () => {
  const holder = useDouble();
  let pull: DPull;
  let run: Run;

  beforeEach(() => {
    const repo = holder.double.state.addRepo({ owner: 'acme', name: 'widgets' });
    pull = holder.double.state.addPull(repo, { headRef: 'agent/fix-parser', headSha: fakeSha('lease') });
    run = makeRun({ leaseSha: fakeSha('lease'), pr: { number: pull.number, url: `https://github.com/acme/widgets/pull/${pull.number}`, owner: 'acme', repo: 'widgets', isFork: false, maintainerCanModify: true, apiUrl: holder.double.baseUrl } });
  });

  const check = (access = { token: TOKEN, fastRetries: true }) => pullRequestRecheck(access).run({ ctx: {} as EngineContext, run, round: run.rounds[0]! });

  it('passes while the pull request is open at the run\'s last known head', async () => {
    const outcome = await check();
    assert.equal(outcome?.result.outcome, 'passed');
    assert.equal(outcome?.stop, undefined);
  });

  it('stops with pr-merged, pr-closed, or branch-pushed when someone else pushed', async () => {
    pull.headSha = fakeSha('teammate');
    assert.equal((await check())?.stop?.reason, 'branch-pushed');
    pull.headSha = fakeSha('lease');
    pull.state = 'closed';
    assert.equal((await check())?.stop?.reason, 'pr-closed');
    pull.mergedAt = '2026-01-02T00:00:00Z';
    const merged = await check();
    assert.equal(merged?.stop?.reason, 'pr-merged');
    assert.equal(merged?.result.outcome, 'failed');
  });

  it('records a GitHub failure as an error and a run without a token as skipped; neither stops the autopilot', async () => {
    holder.double.injectFault({ route: 'pulls/get', kind: 'not-found' });
    const failed = await check();
    assert.equal(failed?.result.outcome, 'error');
    assert.equal(failed?.stop, undefined);
    assert.match(failed?.result.detail ?? '', /pull request/);
    const skipped = await pullRequestRecheck(undefined).run({ ctx: {} as EngineContext, run, round: run.rounds[0]! });
    assert.equal(skipped?.result.outcome, 'skipped');
    assert.equal(await pullRequestRecheck(undefined).run({ ctx: {} as EngineContext, run: { ...run, pr: undefined }, round: run.rounds[0]! }), undefined, 'a branch run has no pull request to check');
  });
});
