/**
 * The autopilot's pull request re-check against the schema-checked GitHub double: open at the run's
 * lease goes on; merged, closed, or a head someone else pushed ends the autopilot; no token or a
 * GitHub failure is recorded and ends nothing.
 */
import { strict as assert } from 'node:assert';
import type { Run } from '../../../src/core/model';
import { checkRunsRecheck, pullRequestRecheck, type Engine } from '../../../src/engine';
import type { EngineContext } from '../../../src/engine/engine';
import { fakeSha, type DPull, type DRepo } from '../../github-double';
import { addCheckRun } from '../../github-double/checkRuns';
import { useEngineFixture } from '../../helpers/engineFixture';
import { commitFiles, type RemoteFixture } from '../../helpers/gitFixture';
import { makeRun } from '../../helpers/runFixture';
import { TOKEN, useDouble } from './helpers';
import { contextOfEngine } from '../../../src/engine/testSeam';

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

describe('autopilot: the CI check runs re-check', function () {
  this.timeout(60_000);
  const holder = useDouble();
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made), { 'src/parse.ts': 'export const parse = (s: string) => s;\n' });

  /** A pull request run whose last pushed head (its lease) has a failed lint check run with one annotation. */
  async function runWithFailedCheck(): Promise<{ repo: DRepo; run: Run }> {
    const repo = holder.double.state.addRepo({ owner: 'acme', name: 'widgets' });
    let run = await engine.start({ priorBranch: fx.priorBranch });
    run = await contextOfEngine(engine).update(run.id, (r) => {
      r.pr = { number: 1, url: 'https://github.com/acme/widgets/pull/1', owner: 'acme', repo: 'widgets', isFork: false, maintainerCanModify: true, apiUrl: holder.double.baseUrl };
    });
    addCheckRun(holder.double.state, repo, { headSha: run.leaseSha!, name: 'lint', conclusion: 'failure', title: '1 problem', annotations: [{ path: 'src/parse.ts', startLine: 1, endLine: 1, level: 'failure', message: 'no any' }] });
    return { repo, run };
  }

  it('turns a failed check run on the run\'s pushed head into a blocking finding, and verifies it when the check passes again', async () => {
    const { repo, run } = await runWithFailedCheck();
    const recheck = checkRunsRecheck({ token: TOKEN, fastRetries: true });
    const failed = await recheck.run({ ctx: contextOfEngine(engine), run, round: run.rounds[0]! });
    assert.equal(failed?.result.outcome, 'failed');
    assert.equal(failed?.result.added?.length, 1);
    const finding = (await engine.get(run.id)).findings.find((f) => f.id === failed?.result.added?.[0]);
    assert.deepEqual([finding?.severity, finding?.file, finding?.line], ['blocking', 'src/parse.ts', 1]);

    addCheckRun(holder.double.state, repo, { headSha: run.leaseSha!, name: 'lint', conclusion: 'success' });
    const passed = await recheck.run({ ctx: contextOfEngine(engine), run: await engine.get(run.id), round: run.rounds[0]! });
    assert.equal(passed?.result.outcome, 'passed', passed?.result.detail);
    assert.deepEqual(passed?.result.verified, [finding!.id]);
    assert.equal((await checkRunsRecheck(undefined).run({ ctx: contextOfEngine(engine), run, round: run.rounds[0]! }))?.result.outcome, 'skipped');
  });

  it('skips a round that was not pushed: the checks of the last pushed commit say nothing about it', async () => {
    const { run } = await runWithFailedCheck();
    const roundHead = commitFiles(run.worktree, 'round 1', { 'src/parse.ts': 'export const parse = (s: string): string => s;\n' });
    const outcome = await checkRunsRecheck({ token: TOKEN, fastRetries: true }).run({ ctx: contextOfEngine(engine), run, round: run.rounds[0]! });
    assert.equal(outcome?.result.outcome, 'skipped');
    assert.match(outcome?.result.detail ?? '', new RegExp(`${roundHead.slice(0, 12)} is not pushed`));
    assert.equal(outcome?.result.added, undefined);
    assert.equal((await engine.get(run.id)).findings.length, 0, 'the older commit\'s failure was not imported');
  });
});
