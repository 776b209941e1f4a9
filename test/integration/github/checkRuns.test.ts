/**
 * CI check runs against the schema-checked GitHub double: the GitHub layer reads every page of check
 * runs and annotations and lists runs without a result apart; `revise findings import-checks` turns
 * a PR run's failed checks into findings at their places, merges a re-import, verifies them when the
 * check passes again, and says clearly when GitHub refuses.
 */
import { strict as assert } from 'node:assert';
import { fetchCommitChecks } from '../../../src/github';
import type { Run } from '../../../src/core/model';
import { findingState } from '../../../src/core/findingState';
import { addCheckRun, type DAnnotation } from '../../github-double/checkRuns';
import { GitHubDouble } from '../../github-double';
import { seedReviewScenario } from '../../github-double/scenario';
import { fakeSha } from '../../github-double/state';
import { reviseCliAsync as reviseCli, type CliResult } from '../../helpers/cli';
import { isolateGitEnv, makeRemoteFixture, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs } from '../../helpers/tempDir';
import { clientFor, TOKEN, useDouble } from './helpers';

const COORDS = { owner: 'acme', repo: 'widgets' };

function annotations(n: number, path = 'src/parse.ts'): DAnnotation[] {
  return Array.from({ length: n }, (_, i) => ({ path, startLine: (i % 10) + 1, endLine: (i % 10) + 1, level: 'warning' as const, message: `problem ${i + 1}` }));
}

describe('check runs from the GitHub double', () => {
  const ctx = useDouble();

  it('reads every page of check runs and of a failed run\u2019s annotations, and lists a run still in progress apart', async () => {
    const { repo } = seedReviewScenario(ctx.double);
    const sha = fakeSha('head');
    for (let i = 0; i < 105; i++) addCheckRun(ctx.double.state, repo, { headSha: sha, name: `job-${i}`, conclusion: 'success' });
    addCheckRun(ctx.double.state, repo, { headSha: sha, name: 'lint', conclusion: 'failure', title: '130 problems', annotations: annotations(130) });
    addCheckRun(ctx.double.state, repo, { headSha: sha, name: 'e2e', status: 'in_progress' });
    addCheckRun(ctx.double.state, repo, { headSha: fakeSha('other'), name: 'elsewhere', conclusion: 'failure' });

    const checks = await fetchCommitChecks(clientFor(ctx.double), COORDS, sha);
    assert.equal(checks.completed.length, 106);
    assert.deepEqual(checks.pending, [{ name: 'e2e', status: 'in_progress' }]);
    const lint = checks.completed.find((c) => c.name === 'lint')!;
    assert.equal(lint.annotations.length, 130, 'both pages of annotations');
    assert.equal(lint.annotations[129]!.message, 'problem 130');
    assert.ok(checks.completed.filter((c) => c.name !== 'lint').every((c) => c.annotations.length === 0), 'annotations are read for failed runs only');
    assert.equal(ctx.double.requestsByRoute['checks/list-for-ref'], 2);
    assert.equal(ctx.double.requestsByRoute['checks/list-annotations'], 2);
  });

  it('says clearly when GitHub refuses (403) or does not know the repository (404)', async () => {
    seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'checks/list-for-ref', kind: 'forbidden' });
    await assert.rejects(fetchCommitChecks(clientFor(ctx.double), COORDS, fakeSha('head')), (e: Error & { code?: string }) => e.code === 'github-forbidden' && /check runs of/.test(e.message) && /repo` scope/.test(e.message));
    await assert.rejects(fetchCommitChecks(clientFor(ctx.double), { owner: 'acme', repo: 'missing' }, fakeSha('head')), (e: Error & { code?: string }) => e.code === 'github-not-found');
  });
});

describe('revise findings import-checks', function () {
  this.timeout(120_000);
  let restoreEnv: () => void;
  let double: GitHubDouble;
  let fx: RemoteFixture;
  let env: Record<string, string>;

  before(async () => {
    restoreEnv = isolateGitEnv();
    fx = makeRemoteFixture({ 'src/parse.ts': Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n' });
    double = await GitHubDouble.start();
    double.acceptedToken = TOKEN;
    sh(fx.user, ['config', 'remote.origin.url', 'https://github.com/acme/widgets.git']);
    sh(fx.user, ['config', `url.file://${fx.bare}.insteadOf`, 'https://github.com/acme/widgets.git']);
    env = { GITHUB_TOKEN: TOKEN, REVISE_GITHUB_API_URL: double.baseUrl };
  });
  after(async () => {
    await double.stop();
    restoreEnv();
    cleanupTempDirs();
  });
  afterEach(() => double.assertNoViolations());

  function ok(result: CliResult): CliResult['json'] {
    assert.equal(result.code, 0, `exit ${result.code}: ${result.stdout}${result.stderr}`);
    return result.json;
  }
  const importChecks = async (runId: string) => ok(await reviseCli(fx.user, ['findings', 'import-checks', '--run', runId], env)).result ?? {};

  it('imports failed checks on the run\u2019s head as findings, merges a re-import, skips a running check and verifies them once the check passes', async () => {
    const scenario = seedReviewScenario(double, { headRef: fx.priorBranch, cloneUrl: 'https://github.com/acme/widgets.git' });
    const started = ok(await reviseCli(fx.user, ['start', '--pr', String(scenario.pull.number)], env)).run as Run;
    const head = started.restoredSha;
    addCheckRun(double.state, scenario.repo, {
      headSha: head,
      name: 'lint',
      conclusion: 'failure',
      annotations: [
        { path: 'src/parse.ts', startLine: 3, endLine: 3, startColumn: 2, endColumn: 6, level: 'failure', title: 'no-unused-vars', message: "'token' is assigned but never used." },
        { path: 'src/parse.ts', startLine: 7, endLine: 9, level: 'notice', message: 'Consider a guard clause.' },
      ],
    });
    addCheckRun(double.state, scenario.repo, { headSha: head, name: 'unit tests', conclusion: 'failure', title: '2 tests failed', summary: 'parse("") throws' });
    addCheckRun(double.state, scenario.repo, { headSha: head, name: 'e2e', status: 'queued' });

    const first = await importChecks(started.id);
    assert.deepEqual(first.failed, ['unit tests', 'lint']);
    assert.deepEqual(first.pending, [{ name: 'e2e', status: 'queued' }], 'a check without a result is not imported, and is named');
    let run = ok(await reviseCli(fx.user, ['status', '--run', started.id], env)).runs as Run[];
    const checks = run[0]!.findings.filter((f) => f.source.kind === 'check-run');
    assert.deepEqual(
      checks.map((f) => [f.source.author, f.severity, f.file, f.line, f.endLine, f.column, f.endColumn, f.title]),
      [
        ['unit tests', 'blocking', undefined, undefined, undefined, undefined, undefined, 'CI check "unit tests" failed'],
        ['lint', 'blocking', 'src/parse.ts', 3, 3, 2, 6, 'no-unused-vars'],
        ['lint', 'nit', 'src/parse.ts', 7, 9, undefined, undefined, 'lint: Consider a guard clause.'],
      ],
    );
    assert.match(checks[0]!.message, /2 tests failed[\s\S]*parse\(""\) throws/);
    assert.equal(checks[1]!.anchor?.text, 'line 3', 'located in the worktree');

    const again = await importChecks(started.id);
    assert.deepEqual([again.added, again.total], [[], (first.total as number)], 'a re-import adds nothing');

    // CI re-ran: lint passes now, the unit tests still fail.
    addCheckRun(double.state, scenario.repo, { headSha: head, name: 'lint', conclusion: 'success' });
    const third = await importChecks(started.id);
    const lintIds = checks.filter((f) => f.source.author === 'lint').map((f) => f.id);
    assert.deepEqual(third.gone, lintIds);
    run = ok(await reviseCli(fx.user, ['status', '--run', started.id], env)).runs as Run[];
    const states = Object.fromEntries(run[0]!.findings.filter((f) => f.source.kind === 'check-run').map((f) => [f.id, findingState(f).kind]));
    assert.deepEqual(states, { [checks[0]!.id]: 'open', [lintIds[0]!]: 'verified', [lintIds[1]!]: 'verified' });
  });

  it('refuses without a token, reports a 403 with its code, reads the commit it is given, and changes nothing', async () => {
    const scenario = seedReviewScenario(double, { name: 'widgets', owner: 'acme', headRef: fx.priorBranch, cloneUrl: 'https://github.com/acme/widgets.git' });
    const started = ok(await reviseCli(fx.user, ['start', '--pr', String(scenario.pull.number)], env)).run as Run;
    const noToken = await reviseCli(fx.user, ['findings', 'import-checks', '--run', started.id], { REVISE_GITHUB_API_URL: double.baseUrl, GITHUB_TOKEN: '' });
    assert.equal(noToken.code, 1);
    assert.match(noToken.json.error?.message ?? '', /GITHUB_TOKEN/);
    double.injectFault({ route: 'checks/list-for-ref', kind: 'forbidden' });
    const refused = await reviseCli(fx.user, ['findings', 'import-checks', '--run', started.id], env);
    assert.equal(refused.code, 3, refused.stdout + refused.stderr);
    assert.equal(refused.json.error?.code, 'github-forbidden');
    const badSha = await reviseCli(fx.user, ['findings', 'import-checks', '--run', started.id, '--sha', 'HEAD~1'], env);
    assert.equal(badSha.json.error?.code, 'bad-input', 'only a full SHA is taken');
    const elsewhere = ok(await reviseCli(fx.user, ['findings', 'import-checks', '--run', started.id, '--sha', fakeSha('never-pushed')], env)).result ?? {};
    assert.deepEqual([elsewhere.failed, elsewhere.passed, elsewhere.pending, elsewhere.head], [[], [], [], fakeSha('never-pushed')]);
    const after = ok(await reviseCli(fx.user, ['status', '--run', started.id], env)).runs as Run[];
    assert.deepEqual(after[0]!.findings, started.findings);
  });

  it('refuses a run not started from a pull request, the hint naming --pr', async () => {
    const started = ok(await reviseCli(fx.user, ['start', '--branch', fx.priorBranch], env)).run as Run;
    const refused = await reviseCli(fx.user, ['findings', 'import-checks', '--run', started.id], env);
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.equal(refused.json.error?.message, `Run ${started.id} was not started from a pull request, so it has no CI checks to import.`);
    assert.equal(refused.json.error?.hint, 'A run started with --pr N has them.');
  });
});
