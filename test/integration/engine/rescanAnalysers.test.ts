import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findingState } from '../../../src/core/findingState';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { nodeAgent } from '../../helpers/scriptedReviewer';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { eslintSarifArgv, useProducers } from '../../producers/producers';

/** Two `no-unused-vars` errors ESLint reports, one per line, and the config that makes them errors. */
const LINTED = {
  'eslint.config.mjs': "export default [{ files: ['src/**/*.js'], rules: { 'no-unused-vars': 'error' } }];\n",
  'src/totals.js': 'const first = 1;\nconst second = 2;\nexport const total = 3;\n',
};

describe('engine: verification by re-running the analyser a finding came from (real ESLint)', function () {
  this.timeout(180_000);
  const producers = useProducers();
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made), LINTED);

  /** ESLint writing SARIF to the file Revise names (`{sarifFile}`), or to stdout. */
  const eslint = (toFile = true): string[] => eslintSarifArgv(producers.tools, 'src', toFile ? '{sarifFile}' : undefined);

  /** A run with ESLint's two findings imported from a real scan of its worktree. */
  async function importedRun(): Promise<{ run: Run; first: string; second: string }> {
    const started = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    const scan = await engine.rescanAnalysers(started.id, { analysers: { ESLint: eslint() }, sources: ['ESLint'] });
    assert.equal(scan.results[0]?.error, undefined, JSON.stringify(scan.results[0]?.error));
    const run = await engine.get(started.id);
    const byLine = (line: number) => run.findings.find((f) => f.source.author === 'ESLint' && f.line === line)!.id;
    assert.equal(run.findings.filter((f) => f.source.author === 'ESLint').length, 2);
    return { run, first: byLine(1), second: byLine(2) };
  }

  it('after a round whose agent fixed one of two claimed errors, the re-scan verifies that one and keeps the other still present with ESLint named', async () => {
    const { run: imported, first, second } = await importedRun();
    let run = (await engine.decide(imported.id, { decisionId: imported.pendingDecision!.id, option: 'request-changes' })).run;
    const claims = JSON.stringify({ [first]: { kind: 'fixed' }, [second]: { kind: 'fixed', note: 'removed it too' } });
    const agent = nodeAgent(`const fs = require('fs'); fs.writeFileSync('src/totals.js', 'const second = 2;\\nexport const total = 3;\\n'); fs.writeFileSync(process.env.REVISE_DISPOSITIONS_FILE, ${JSON.stringify(claims)});`);
    run = await engine.runRound(run.id, { agent, analysers: { ESLint: eslint(false) } });

    const round = run.rounds[1]!;
    assert.equal(round.status, 'succeeded');
    assert.deepEqual(round.analysers?.map((a) => ({ source: a.source, verified: a.verified, stillPresent: a.stillPresent, added: a.added, error: a.error })), [{ source: 'ESLint', verified: [first], stillPresent: [second], added: [], error: undefined }]);
    const state = (id: string) => findingState(run.findings.find((f) => f.id === id)!);
    assert.deepEqual({ kind: state(first).kind, by: state(first).by }, { kind: 'verified', by: 'rescan' });
    assert.equal(state(second).kind, 'still-present');
    assert.equal(state(second).evidence, 'ESLint still reports it after the fix claimed in round 1');
    // The finding followed its line (2 → 1), matched by the import's identity rather than duplicated.
    assert.equal(run.findings.find((f) => f.id === second)!.line, 1);
    assert.ok(existsSync(round.analysers[0]!.logPath), 'the analyser\'s log is kept');
  });

  it('records what went wrong and changes no finding when the analyser prints no SARIF, fails, is missing or reports another tool', async () => {
    const { run } = await importedRun();
    const before = JSON.stringify(run.findings);
    const node = process.execPath;
    const otherTool = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'house-linter' } }, results: [] }] });
    const cases: Array<[string, string[], RegExp]> = [
      ['prints text', [node, '-e', 'console.log("all good")'], /The ESLint analyser printed no readable SARIF: /],
      ['fails', [join(producers.tools, 'node_modules', '.bin', 'eslint'), '--no-such-flag', 'src'], /The ESLint analyser printed nothing on stdout \(exit 2\)/],
      ['is missing', ['revise-no-such-analyser'], /"revise-no-such-analyser" was not found on PATH/],
      ['reports another tool', [node, '-e', `process.stdout.write(${JSON.stringify(otherTool)})`], /reported no run of the tool "ESLint" \(its SARIF names "house-linter"\)/],
      ['writes no file', [node, '-e', 'process.exit(1)', '{sarifFile}'], /wrote no SARIF to .*\.sarif \(exit 1\)/],
    ];
    for (const [what, argv, message] of cases) {
      const summary = await engine.rescanAnalysers(run.id, { analysers: { ESLint: argv } });
      const result = summary.results[0]!;
      assert.equal(result.error?.code, 'analyser-failed', `${what}: ${JSON.stringify(result)}`);
      assert.match(result.error.message, message, what);
      assert.equal(JSON.stringify((await engine.get(run.id)).findings), before, `${what}: findings changed`);
    }
    // Every attempt is on the round, each with its own log.
    const recorded = (await engine.get(run.id)).rounds.at(-1)!.analysers!;
    assert.equal(recorded.filter((a) => a.error).length, cases.length);
    assert.equal(new Set(recorded.map((a) => a.logPath)).size, recorded.length);
  });

  it('re-scans only the sources asked for and names those with no analyser configured', async () => {
    const { run } = await importedRun();
    const none = await engine.rescanAnalysers(run.id, { analysers: {} });
    assert.deepEqual({ results: none.results, unconfigured: none.unconfigured }, { results: [], unconfigured: ['ESLint'] });
    // A case-insensitive name finds the analyser; nothing changed in the worktree, so both stay.
    const again = await engine.rescanAnalysers(run.id, { analysers: { eslint: eslint() }, sources: ['ESLint'] });
    assert.deepEqual({ verified: again.results[0]!.verified, still: again.results[0]!.stillPresent.length }, { verified: [], still: 2 });
  });

  it('an empty analyser setting leaves a round as it was (no re-scan recorded)', async () => {
    const { run: imported } = await importedRun();
    let run = (await engine.decide(imported.id, { decisionId: imported.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, { agent: nodeAgent(''), analysers: {} });
    assert.equal(run.rounds[1]!.analysers, undefined);
  });

  it('a round whose analyser fails still succeeds: the reason is on the round, the agent\'s claims stand, no finding is lost', async () => {
    const { run: imported, first } = await importedRun();
    let run = (await engine.decide(imported.id, { decisionId: imported.pendingDecision!.id, option: 'request-changes' })).run;
    const claims = JSON.stringify({ [first]: { kind: 'fixed' } });
    const agent = nodeAgent(`require('fs').writeFileSync(process.env.REVISE_DISPOSITIONS_FILE, ${JSON.stringify(claims)});`);
    run = await engine.runRound(run.id, { agent, analysers: { ESLint: [process.execPath, '-e', 'process.stdout.write("<html>oops</html>"); process.exit(3)'] } });
    assert.equal(run.rounds[1]!.status, 'succeeded');
    const [record] = run.rounds[1]!.analysers!;
    assert.equal(record!.exitCode, 3);
    assert.match(record!.error!.message, /The ESLint analyser printed no readable SARIF/);
    assert.deepEqual(run.findings.map((f) => f.id).sort(), imported.findings.map((f) => f.id).sort());
    assert.equal(findingState(run.findings.find((f) => f.id === first)!).kind, 'claimed');
  });

  it('an analyser that outlives its timeout is stopped and recorded as timed out', async () => {
    const { run } = await importedRun();
    const summary = await engine.rescanAnalysers(run.id, { analysers: { ESLint: [process.execPath, '-e', 'setInterval(() => {}, 1000)'] }, timeoutMs: 500 });
    assert.deepEqual(summary.results[0]!.error, { code: 'analyser-failed', message: 'The ESLint analyser timed out.' });
    assert.equal(JSON.stringify((await engine.get(run.id)).findings), JSON.stringify(run.findings));
  });
});
