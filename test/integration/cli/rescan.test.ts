import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { makeTempDir } from '../../helpers/tempDir';
import { join } from 'node:path';
import { findingState } from '../../../src/core/findingState';
import type { Run } from '../../../src/core/model';
import type { RescanSummary } from '../../../src/engine';
import { FIXTURE_BIN, expectOk as ok, expectRefused as refused, remoteFixtureForSuite, reviseCli, reviseCliText } from '../../helpers/cli';
import { eslintSarifArgv, useProducers } from '../../producers/producers';

/** `revise findings rescan` with real ESLint: a finding fixed in the worktree is verified, one left is still reported. */
describe('revise findings rescan: re-running the analyser a finding came from', function () {
  this.timeout(180_000);
  const suite = remoteFixtureForSuite({
    'eslint.config.mjs': "export default [{ files: ['src/**/*.js'], rules: { 'no-unused-vars': 'error' } }];\n",
    'src/totals.js': 'const first = 1;\nconst second = 2;\nexport const total = 3;\n',
  });
  const producers = useProducers();
  const eslint = (): string => `ESLint=${eslintSarifArgv(producers.tools, 'src').join(' ')}`;

  it('imports ESLint\'s findings, then verifies the one fixed in the worktree and reports the other still present', () => {
    const fx = suite.fx;
    const run = ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch])).run as Run;
    const first = ok(reviseCli(fx.user, ['findings', 'rescan', '--run', run.id, '--analyser', eslint(), '--source', 'ESLint']));
    const firstScan = (first.result as { rescan: RescanSummary }).rescan;
    assert.equal(firstScan.results[0]?.added.length, 2, JSON.stringify(firstScan));

    writeFileSync(join(run.worktree, 'src', 'totals.js'), 'const second = 2;\nexport const total = 3;\n');
    const text = reviseCliText(fx.user, ['findings', 'rescan', '--run', run.id, '--analyser', eslint()]);
    assert.equal(text.code, 0, text.stderr);
    const [idFirst, idSecond] = firstScan.results[0].added;
    assert.match(text.stdout, new RegExp(`analyser ESLint: 1 verified \\(${idFirst}\\), 1 still reported \\(${idSecond}\\), 0 new\\.`));
    const after = ok(reviseCli(fx.user, ['status', '--run', run.id])).runs as Run[];
    const state = (id: string) => findingState(after[0]!.findings.find((f) => f.id === id)!).kind;
    assert.deepEqual([state(idFirst!), state(idSecond!)], ['verified', 'open']);
  });

  it('an analyser that prints no SARIF exits 4 with the reason and changes nothing; a missing or malformed --analyser is a usage error naming the sources', () => {
    const fx = suite.fx;
    const run = ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch])).run as Run;
    ok(reviseCli(fx.user, ['findings', 'rescan', '--run', run.id, '--analyser', eslint(), '--source', 'ESLint']));
    const before = (ok(reviseCli(fx.user, ['status', '--run', run.id])).runs as Run[])[0]!.findings;

    const broken = reviseCli(fx.user, ['findings', 'rescan', '--run', run.id, '--analyser', `ESLint=${process.execPath} -e "console.log('fine')"`]);
    assert.equal(broken.code, 4, broken.stdout + broken.stderr);
    assert.equal(broken.json.ok, false);
    const result = (broken.json.result as { rescan: RescanSummary }).rescan.results[0]!;
    assert.equal(result.error?.code, 'analyser-failed');
    assert.match(result.error.message, /The ESLint analyser printed no readable SARIF/);
    assert.deepEqual((broken.json.run as Run).findings, before);

    assert.match(refused(reviseCli(fx.user, ['findings', 'rescan', '--run', run.id]), 1, 'usage'), /needs --analyser NAME=COMMAND.*findings of "ESLint"/);
    assert.match(refused(reviseCli(fx.user, ['findings', 'rescan', '--run', run.id, '--analyser', 'eslint src']), 1, 'usage'), /--analyser needs NAME=COMMAND \(got "eslint src"\)/);
  });

  it('`revise round --analyser` re-scans after the round: the fixture Claude fixes one of two and claims both; the round says which is verified and which still present', () => {
    const fx = suite.fx;
    let run = ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch])).run as Run;
    const scan = (ok(reviseCli(fx.user, ['findings', 'rescan', '--run', run.id, '--analyser', eslint(), '--source', 'ESLint'])).result as { rescan: RescanSummary }).rescan;
    const [idFirst, idSecond] = scan.results[0]!.added;
    run = ok(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'request-changes'])).run as Run;
    const scratch = makeTempDir('revise-agent-');
    writeFileSync(join(scratch, 'script.json'), JSON.stringify([{ write: 'src/totals.js', content: 'const second = 2;\nexport const total = 3;\n' }, { say: `Done.\n${idFirst}: fixed — removed it\n${idSecond}: fixed — removed it too` }]));
    const env = { PATH: `${FIXTURE_BIN}:${process.env.PATH ?? ''}`, FIXTURE_AGENT_SCRIPT: join(scratch, 'script.json') };
    const round = reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude', '--analyser', eslint()], env);
    run = ok(round).run as Run;
    assert.deepEqual(run.rounds[1]!.analysers?.map((a) => [a.verified, a.stillPresent]), [[[idFirst], [idSecond]]]);
    const state = (id: string) => findingState(run.findings.find((f) => f.id === id)!);
    assert.deepEqual([state(idFirst!).kind, state(idSecond!).kind], ['verified', 'still-present']);
    assert.equal(state(idSecond!).evidence, 'ESLint still reports it after the fix claimed in round 1');
  });
});
