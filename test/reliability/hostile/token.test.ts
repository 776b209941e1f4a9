import assert from 'node:assert/strict';
import { readdirSync, readFileSync, lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/core/model';
import { GitHubDouble } from '../../github-double';
import { seedReviewScenario, type ReviewScenario } from '../../github-double/scenario';
import { FIXTURE_BIN, reviseCliAsync as reviseCli, type CliResult } from '../../helpers/cli';
import { isolateGitEnv, makeRemoteFixture, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';
import { recordScenario } from '../report';

const TOKEN = 'ghp_reviseTokenNeverOnDisk7Q2xZ9';

/** The forms a token could be written in: plain, base64, and base64 of a basic-auth pair. */
function secretForms(token: string): string[] {
  return [token, Buffer.from(token).toString('base64'), Buffer.from(`x-access-token:${token}`).toString('base64')];
}

/** Every file under `roots` (symlinks not followed) and every text in `texts` that holds a form of `token`. */
function scanForToken(roots: readonly string[], texts: Record<string, string>, token: string): { hits: string[]; files: number } {
  const forms = secretForms(token);
  const hits: string[] = [];
  let files = 0;
  const walk = (path: string): void => {
    const info = lstatSync(path);
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (info.isFile()) {
      files++;
      const content = readFileSync(path).toString('latin1');
      if (forms.some((f) => content.includes(f))) hits.push(path);
    }
  };
  for (const root of roots) walk(root);
  for (const [label, text] of Object.entries(texts)) if (forms.some((f) => text.includes(f))) hits.push(label);
  return { hits, files };
}

describe('reliability: a GitHub token never reaches disk or logs', function () {
  this.timeout(240_000);
  let restoreEnv: () => void;
  let double: GitHubDouble;
  let fx: RemoteFixture;
  let scenario: ReviewScenario;
  let env: Record<string, string>;
  const outputs: Record<string, string> = {};
  let calls = 0;

  const cli = async (args: string[], extra: Record<string, string> = {}): Promise<CliResult> => {
    const result = await reviseCli(fx.user, args, { ...env, ...extra });
    outputs[`revise ${args[0] ?? ''} #${++calls} stdout`] = result.stdout;
    outputs[`revise ${args[0] ?? ''} #${calls} stderr`] = result.stderr;
    return result;
  };
  const ok = (result: CliResult): CliResult['json'] => {
    assert.equal(result.code, 0, `exit ${result.code}: ${result.stdout}${result.stderr}`);
    return result.json;
  };

  before(async () => {
    restoreEnv = isolateGitEnv();
    fx = makeRemoteFixture({ 'src/parse.ts': 'parse\n'.repeat(14), 'src/util.ts': 'util\n'.repeat(6), 'src/old.ts': 'old\n'.repeat(22) });
    double = await GitHubDouble.start();
    double.acceptedToken = TOKEN;
    scenario = seedReviewScenario(double, { headRef: fx.priorBranch, cloneUrl: 'https://github.com/acme/widgets.git' });
    sh(fx.user, ['config', 'remote.origin.url', 'https://github.com/acme/widgets.git']);
    sh(fx.user, ['config', `url.file://${fx.bare}.insteadOf`, 'https://github.com/acme/widgets.git']);
    const script = join(makeTempDir('revise-token-agent-'), 'script.json');
    writeFileSync(script, JSON.stringify([{ append: 'src/parse.ts', content: 'guard\n' }, { say: 'G1: fixed — guard\nG2: disagree — fine\nG3: deferred #7 — later' }]));
    env = { GITHUB_TOKEN: TOKEN, REVISE_GITHUB_API_URL: double.baseUrl, PATH: `${FIXTURE_BIN}:${process.env.PATH ?? ''}`, FIXTURE_AGENT_SCRIPT: script };
  });
  after(async () => {
    await double.stop();
    restoreEnv();
    cleanupTempDirs();
  });

  it('the scanner finds a planted token in a file, in base64, and in captured output (control)', () => {
    const dir = makeTempDir('revise-planted-');
    writeFileSync(join(dir, 'plain.txt'), `x ${TOKEN} y`);
    writeFileSync(join(dir, 'b64.txt'), `Authorization: Basic ${secretForms(TOKEN)[2]!}`);
    writeFileSync(join(dir, 'clean.txt'), 'nothing here');
    const found = scanForToken([dir], { stderr: `token ${secretForms(TOKEN)[1]!}` }, TOKEN);
    assert.deepEqual(found.hits.sort(), [join(dir, 'b64.txt'), join(dir, 'plain.txt'), 'stderr'].sort());
  });

  it('start from a PR, import, round, approve with replies, and 401/500 failures leave no trace of the token', async () => {
    let run = ok(await cli(['start', '--pr', String(scenario.pull.number)])).run as Run;
    run = ok(await cli(['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'request-changes', '--feedback', 'go'])).run as Run;
    run = ok(await cli(['round', '--run', run.id, '--agent', 'claude'])).run as Run;
    run = ok(await cli(['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve', '--allow-open'])).run as Run;
    assert.equal(run.status, 'approved');
    assert.ok(scenario.threads.blocking.comments.some((c) => c.author === double.viewer), 'the replies were posted with the token');

    // Error paths: GitHub refuses the token (401) and fails (500) while starting from the PR.
    double.injectFault({ route: '*', kind: 'unauthorized', times: 1 });
    const refused = await cli(['start', '--pr', String(scenario.pull.number)]);
    assert.equal(refused.json.error?.code, 'github-auth', refused.stdout + refused.stderr);
    double.injectFault({ route: '*', kind: 'server-error', status: 500, times: 20 });
    const failed = await cli(['start', '--pr', String(scenario.pull.number)]);
    assert.notEqual(failed.code, 0);
    const wrong = await cli(['start', '--pr', String(scenario.pull.number)], { GITHUB_TOKEN: `${TOKEN}-wrong` });
    assert.equal(wrong.json.error?.code, 'github-auth');
    double.takeViolations();

    // Everything Revise could have written: both repositories (git config, the store with run.json,
    // prompts, round logs, dispositions), the worktrees beside them, and every captured output.
    const scan = scanForToken([fx.root], outputs, TOKEN);
    assert.deepEqual(scan.hits, [], `the token was found in: ${scan.hits.join(', ')}`);
    assert.ok(scan.files > 50, `scanned ${scan.files} files`);
    const logs = run.rounds.filter((r) => r.logPath).length;
    assert.ok(logs >= 1, 'a round log was among them');

    recordScenario({
      scenario: 'token never on disk or in logs',
      trials: calls,
      commitsChecked: 0,
      lost: 0,
      outcome: `${calls} CLI runs with the token (start from PR, request-changes, agent round, approve with push and ${Object.keys(run.posted).length} replies, 401, 500, rejected token): ${scan.files} files (git config of repo and worktree, run folder, round logs) and ${Object.keys(outputs).length} captured outputs scanned for the token and its base64 forms: 0 hits (the scanner finds a planted one)`,
    });
  });
});
