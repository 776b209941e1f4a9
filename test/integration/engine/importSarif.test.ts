import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { reviseCli } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import { houseLinter, nodeAgent } from '../../helpers/scriptedReviewer';
import { sh, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';
import { installProducers, producers, runProducer, sampleRepoFiles } from '../../producers/producers';

describe('engine: importing SARIF from real producers run in the repository’s checkouts', function () {
  this.timeout(180_000);
  let tools: string;
  let fx: RemoteFixture;
  let engine: Engine;
  before(function () {
    this.timeout(900_000);
    tools = installProducers();
  });
  useEngineFixture((made) => ({ fx, engine } = made), sampleRepoFiles());

  async function startRun(): Promise<Run> {
    return engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
  }

  it('maps the absolute URIs each producer writes in the user’s checkout onto the run’s worktree, keeping columns and every result', async () => {
    const run = await startRun();
    const out = makeTempDir('revise-sarif-');
    const expected = { eslint: ['src/app.js', 'src/format.js'], biome: ['src/app.js', 'src/format.js'], oxlint: ['src/app.js', 'src/format.js'], stylelint: ['styles/site.css'], markdownlint: ['docs/guide.md'] };
    // A third checkout of the repository (another `git worktree`): Biome and stylelint run there, the rest in the user's.
    const other = join(makeTempDir('revise-other-'), 'other checkout');
    sh(fx.user, ['worktree', 'add', '--quiet', '--detach', other]);
    for (const producer of producers) {
      const log = runProducer(tools, producer, producer === 'biome' || producer === 'stylelint' ? other : fx.user, out);
      const results = (JSON.parse(readFileSync(log, 'utf8')) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results.length;
      const summary = await engine.importReview(run.id, { file: log });
      const findings = (await engine.get(run.id)).findings.filter((f) => summary.added.includes(f.id));
      assert.equal(summary.added.length + summary.skipped.suppressed, results, `${producer}: every result is a finding or a counted suppression`);
      assert.deepEqual([...new Set(findings.map((f) => f.file))].sort(), expected[producer], producer);
      assert.deepEqual(summary.warnings.filter((w) => /not used/.test(w.warning)), [], `${producer}: no location refused`);
      assert.ok(findings.every((f) => f.line !== undefined && f.anchor !== undefined), producer);
    }
    const findings = (await engine.get(run.id)).findings;
    const eslint = findings.filter((f) => f.source.author === 'ESLint');
    // Two eqeqeq results on line 16 stay two, told apart by their columns.
    assert.deepEqual(eslint.filter((f) => f.line === 16).map((f) => f.column), [40, 50]);
    // The eslint-disable-next-line with a justification is a suppression, not an open finding.
    assert.ok(!eslint.some((f) => f.line === 13));
    assert.ok(findings.some((f) => f.source.author === 'stylelint' && f.column !== undefined));
  });

  it('re-scanning in the run’s worktree moves findings to their new lines and marks the fixed ones gone, without duplicates', async () => {
    const run = await startRun();
    const out = makeTempDir('revise-sarif-');
    const first = await engine.importReview(run.id, { file: runProducer(tools, 'eslint', fx.user, out) });
    const before = (await engine.get(run.id)).findings;
    const debuggerFinding = before.find((f) => f.title.startsWith('no-debugger'))!;
    // The agent's round: two lines added on top, the debugger statement removed.
    const app = join(run.worktree, 'src', 'app.js');
    writeFileSync(app, `// added\n// added\n${readFileSync(app, 'utf8').replace('  debugger;\n', '')}`);
    const again = await engine.importReview(run.id, { file: runProducer(tools, 'eslint', run.worktree, makeTempDir('revise-sarif-')) });
    assert.deepEqual(again.added, []);
    assert.deepEqual(again.gone, [debuggerFinding.id]);
    const after = (await engine.get(run.id)).findings;
    assert.equal(after.length, first.added.length);
    const unused = after.find((f) => f.title.startsWith('no-unused-vars') && f.file === 'src/app.js')!;
    assert.equal(unused.line, 4, 'moved from line 2 by the two added lines');
    assert.ok(again.moved.includes(unused.id));
    assert.equal(unused.anchor?.text, 'const unused = 1;');
    assert.equal(after.find((f) => f.id === debuggerFinding.id)!.goneSince !== undefined, true);
  });

  it('findings import prints what it did — not the run — in text and JSON, and a refused file changes nothing', async () => {
    const run = await startRun();
    const log = runProducer(tools, 'eslint', fx.user, makeTempDir('revise-sarif-'));
    const json = reviseCli(fx.user, ['findings', 'import', '--run', run.id, '--from', log]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(Object.keys(json.json.result ?? {}).sort(), ['added', 'file', 'format', 'gone', 'moved', 'runId', 'skipped', 'total', 'updated', 'warningCount', 'warnings']);
    assert.equal((json.json.result?.skipped as { suppressed: number }).suppressed, 1);
    assert.ok(!json.stdout.includes('"worktree"'), 'the run is not echoed');

    const text = spawnText(fx.user, ['findings', 'import', '--run', run.id, '--from', log]);
    assert.match(text, /^imported .*eslint\.sarif \(sarif\) into .*: 0 added, 0 updated, 0 moved, 0 gone; \d+ finding\(s\) in the run\nnot imported: 1 suppressed/);

    const before = (await engine.get(run.id)).findings;
    const script = join(makeTempDir('revise-sarif-'), 'review.sh');
    writeFileSync(script, '#!/bin/sh\necho B1. nothing\n');
    const refused = reviseCli(fx.user, ['findings', 'import', '--run', run.id, '--from', script]);
    assert.equal(refused.code, 2);
    assert.equal(refused.json.error?.code, 'bad-file');
    assert.match(refused.json.error.message, /looks like a script \(#!\/bin\/sh\)/);
    assert.deepEqual((await engine.get(run.id)).findings, before);
  });
});

/** The CLI's human output (without --json). */
function spawnText(repo: string, args: string[]): string {
  const root = join(__dirname, '..', '..', '..');
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args, '--repo', repo], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('engine: a SARIF reviewer command re-scans the worktree each round', function () {
  this.timeout(120_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it('marks the finding a later round fixed as gone, and never duplicates the ones still reported', async () => {
    // The reviewer reports a problem in fix.txt until the agent writes fixed.txt, and one it always reports.
    const reviewer = houseLinter('always');
    const started = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    let run = (await engine.decide(started.id, { decisionId: started.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, { agent: nodeAgent(''), reviewerCommand: reviewer });
    const untilFixed = run.findings.find((f) => f.title === 'until-fixed')!;
    assert.equal(run.findings.filter((f) => f.source.author === 'house-linter').length, 2);
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
    run = await engine.runRound(run.id, { agent: nodeAgent("require('fs').writeFileSync('fixed.txt', 'x')"), reviewerCommand: reviewer });
    const linter = run.findings.filter((f) => f.source.author === 'house-linter');
    assert.equal(linter.length, 2, 'the finding still reported is not duplicated');
    assert.ok(linter.find((f) => f.id === untilFixed.id)!.goneSince, 'the fixed one is marked gone');
    assert.equal(linter.find((f) => f.title === 'always')!.goneSince, undefined);
  });
});
