import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/core/model';
import { GitHubDouble } from '../../github-double';
import { seedReviewScenario, type ReviewScenario } from '../../github-double/scenario';
import { FIXTURE_BIN, reviseCliAsync as reviseCli, type CliResult } from '../../helpers/cli';
import { isolateGitEnv, makeRemoteFixture, remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const TOKEN = 'test-token-not-a-secret';

function lines(n: number, label: string): string {
  return Array.from({ length: n }, (_, i) => `${label} line ${i + 1}`).join('\n') + '\n';
}

function ok(result: CliResult): CliResult['json'] {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stdout}${result.stderr}`);
  return result.json;
}

describe('revise CLI against the schema-checked GitHub double', function () {
  this.timeout(180_000);
  let restoreEnv: () => void;
  let double: GitHubDouble;
  let fx: RemoteFixture;
  let scenario: ReviewScenario;
  let env: Record<string, string>;

  before(async () => {
    restoreEnv = isolateGitEnv();
    fx = makeRemoteFixture({ 'src/parse.ts': lines(14, 'parse'), 'src/util.ts': lines(6, 'util'), 'src/old.ts': lines(22, 'old') });
    double = await GitHubDouble.start();
    double.acceptedToken = TOKEN;
    scenario = seedReviewScenario(double, { owner: 'acme', name: 'widgets', headRef: fx.priorBranch, cloneUrl: 'https://github.com/acme/widgets.git' });
    // The user's remote names the GitHub repository; git itself is pointed at the local bare repo.
    sh(fx.user, ['config', 'remote.origin.url', 'https://github.com/acme/widgets.git']);
    sh(fx.user, ['config', `url.file://${fx.bare}.insteadOf`, 'https://github.com/acme/widgets.git']);
    const scratch = makeTempDir('revise-gh-agent-');
    const script = join(scratch, 'script.json');
    writeFileSync(script, JSON.stringify([{ append: 'src/parse.ts', content: 'guard\n' }, { say: 'G1: fixed — added the guard\nG2: disagree — x is conventional here\nG3: deferred #77 — separate change' }]));
    env = { GITHUB_TOKEN: TOKEN, REVISE_GITHUB_API_URL: double.baseUrl, PATH: `${FIXTURE_BIN}:${process.env.PATH ?? ''}`, FIXTURE_AGENT_SCRIPT: script };
  });
  after(async () => {
    await double.stop();
    restoreEnv();
    cleanupTempDirs();
  });
  afterEach(() => double.assertNoViolations());

  it('starts from a PR, imports exactly the unresolved threads and the review, and replies once per thread after approve', async () => {
    let run = ok(await reviseCli(fx.user, ['start', '--pr', String(scenario.pull.number)], env)).run as Run;
    assert.equal(run.priorBranch, fx.priorBranch, "the PR's head is the prior attempt");
    assert.equal(run.baseBranch, 'main');
    assert.equal(run.restoredSha, fx.priorSha);
    assert.equal(run.pr?.number, scenario.pull.number);

    const threads = run.findings.filter((f) => f.source.kind === 'github-thread');
    assert.deepEqual(
      threads.map((f) => [f.id, f.severity, f.file, f.line, f.endLine, f.source.threadId]),
      [
        ['G1', 'blocking', 'src/parse.ts', 10, 12, scenario.threads.blocking.nodeId],
        ['G2', 'nit', 'src/util.ts', 5, 5, scenario.threads.nit.nodeId],
        ['G3', 'non-blocking', 'src/old.ts', 18, 20, scenario.threads.outdated.nodeId],
      ],
    );
    assert.equal(threads[2]!.anchor?.commit, scenario.oldCommit, 'the outdated thread stays anchored at its original commit');
    assert.ok(!run.findings.some((f) => f.source.threadId === scenario.threads.resolved.nodeId), 'resolved threads are skipped');
    assert.deepEqual(threads[0]!.source.context, ['alice: Blocking: this throws on empty input.\nAdd a guard before indexing.', 'dave: Agreed, and please add a test.']);
    assert.ok(run.findings.some((f) => f.source.kind === 'github-review' && /README needs an example/.test(f.message)), 'the changes-requested review body is imported');

    const prompt = ok(await reviseCli(fx.user, ['prompt', '--run', run.id])).result?.prompt as string;
    assert.match(prompt, new RegExp(`## Original issue \\(#${scenario.issue.number}\\): Widgets crash on empty input`));
    assert.match(prompt, /Labels: bug, p1/);

    run = ok(await reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'request-changes'], env)).run as Run;
    run = ok(await reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude'], env)).run as Run;
    assert.deepEqual(run.findings.filter((f) => f.id.startsWith('G')).map((f) => f.disposition?.kind), ['fixed', 'disagree', 'deferred']);

    const before = double.requestCount;
    // G1 is blocking and only claimed fixed: approving over it takes --allow-open.
    run = ok(await reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve', '--allow-open'], env)).run as Run;
    assert.equal(run.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), run.leaseSha);
    const replies = [scenario.threads.blocking, scenario.threads.nit, scenario.threads.outdated].map((t) => t.comments.filter((c) => c.author === double.viewer));
    assert.deepEqual(replies.map((r) => r.length), [1, 1, 1], 'one reply per imported thread');
    assert.match(replies[0]![0]!.body, /G1: fixed/);
    assert.match(replies[2]![0]!.body, /deferred.*#77/);
    assert.equal(scenario.threads.blocking.isResolved, false, "a reviewer's thread is not resolved unless asked");
    assert.deepEqual(Object.keys(run.posted).sort(), [scenario.threads.blocking.nodeId, scenario.threads.nit.nodeId, scenario.threads.outdated.nodeId].sort());
    assert.ok(double.requestCount > before);

    const again = double.requestCount;
    assert.equal((await reviseCli(fx.user, ['decide', '--run', run.id, '--decision', 'any', 'approve'], env)).json.error?.code, 'run-settled');
    ok(await reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.history.at(-1)!.decisionId, 'approve', '--allow-open'], env));
    assert.equal(double.requestCount, again, 'approving again posts nothing');
  });

  it("fetches a fork's head from the fork and pushes back there when the PR allows maintainer edits", async () => {
    const fork = join(makeTempDir('revise-fork-'), 'fork.git');
    sh(fx.root, ['clone', '--quiet', '--bare', fx.bare, fork]);
    const forkSha = sh(fork, ['rev-parse', `refs/heads/${fx.priorBranch}`]);
    sh(fx.bare, ['update-ref', '-d', `refs/heads/${fx.priorBranch}`]);
    sh(fx.user, ['config', `url.file://${fork}.insteadOf`, 'https://github.com/contrib/widgets.git']);
    const s = double.state;
    const repo = s.repos.get('acme/widgets')!;
    const pull = s.addPull(repo, { title: 'From a fork', headRef: fx.priorBranch, headRepo: { owner: 'contrib', name: 'widgets', cloneUrl: 'https://github.com/contrib/widgets.git' }, maintainerCanModify: true });
    const blocked = s.addPull(repo, { title: 'Locked fork', headRef: fx.priorBranch, headRepo: { owner: 'contrib', name: 'widgets', cloneUrl: 'https://github.com/contrib/widgets.git' }, maintainerCanModify: false });

    let run = ok(await reviseCli(fx.user, ['start', '--pr', String(pull.number)], env)).run as Run;
    assert.equal(run.restoredSha, forkSha, "the prior attempt comes from the fork, not the base repository");
    assert.equal(run.pushUrl, 'https://github.com/contrib/widgets.git');
    run = ok(await reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'request-changes'], env)).run as Run;
    run = ok(await reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude'], env)).run as Run;
    run = ok(await reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve', '--replies', 'off'], env)).run as Run;
    assert.equal(sh(fork, ['rev-parse', `refs/heads/${fx.priorBranch}`]), run.leaseSha, 'pushed to the fork');
    assert.equal(remoteTip(fx, fx.priorBranch), '', 'nothing was pushed to the base repository');

    const local = ok(await reviseCli(fx.user, ['start', '--pr', String(blocked.number)], env)).run as Run;
    assert.match(local.pushBlockedReason ?? '', /does not allow edits from maintainers/);
    const refused = await reviseCli(fx.user, ['push', '--run', local.id], env);
    assert.equal(refused.code, 5);
    assert.equal(refused.json.error?.code, 'push-not-allowed');
  });

  it('explains that a token is needed to start from a PR', async () => {
    const result = await reviseCli(fx.user, ['start', '--pr', '1'], { GITHUB_TOKEN: '' });
    assert.equal(result.code, 1);
    assert.match(result.json.error!.message, /GITHUB_TOKEN/);
  });

  it('maps a rejected token to github-auth with a next step', async () => {
    const result = await reviseCli(fx.user, ['start', '--pr', String(scenario.pull.number)], { ...env, GITHUB_TOKEN: 'wrong' });
    assert.equal(result.code, 3);
    assert.equal(result.json.error?.code, 'github-auth');
  });
});
