/**
 * `revise actions` through the real CLI: init writes the shipped workflow (and keeps a changed one),
 * checks it with GitHub's parser (and refuses a broken one, naming the line and key),
 * and dispatch and follow refuse what they cannot do with a code and a hint naming the next command.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REVISE_WORKFLOW } from '../../../src/engine';
import { reviseCliAsync as reviseCli, startReviseCli } from '../../helpers/cli';
import { reviseBundle } from '../../helpers/cliBundle';
import { isolateGitEnv, makeRemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs } from '../../helpers/tempDir';

describe('revise actions (CLI)', function () {
  this.timeout(60_000);
  let restoreEnv: () => void;
  before(() => (restoreEnv = isolateGitEnv()));
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });

  // init loads the workflow checker from dist/workflowParser.js beside the CLI bundle, so it runs as the bundle.
  const bundled = (repo: string, args: string[]) => startReviseCli(repo, args, process.env, reviseBundle(tmpdir())).done;

  it('init writes the workflow into the repository, and refuses to replace a changed one without --force', async () => {
    const fx = makeRemoteFixture();
    const first = await bundled(fx.user, ['actions', 'init']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const file = join(fx.user, '.github', 'workflows', 'revise-round.yml');
    assert.equal(readFileSync(file, 'utf8'), REVISE_WORKFLOW);
    writeFileSync(file, 'name: mine\n');
    const refused = await bundled(fx.user, ['actions', 'init']);
    assert.equal(refused.code, 2);
    assert.equal(refused.json.error?.code, 'actions-workflow-exists');
    assert.match(refused.json.error?.hint ?? '', /--force/);
    assert.equal(readFileSync(file, 'utf8'), 'name: mine\n');
    assert.equal((await bundled(fx.user, ['actions', 'init', '--force'])).code, 0);
    assert.equal(readFileSync(file, 'utf8'), REVISE_WORKFLOW);
  });

  it('refuses to follow a run that dispatched nothing, naming the dispatch command, and needs a token and a subcommand', async () => {
    const fx = makeRemoteFixture();
    const started = await reviseCli(fx.user, ['start', '--branch', fx.priorBranch]);
    const runId = (started.json as { run: { id: string } }).run.id;
    const follow = await reviseCli(fx.user, ['actions', 'follow', '--run', runId], { GITHUB_TOKEN: 't' });
    assert.equal(follow.json.error?.code, 'actions-not-dispatched');
    assert.equal(follow.code, 5);
    assert.equal(follow.json.error?.hint, `Dispatch the queued round with \`revise actions dispatch --run ${runId}\`.`);
    const noToken = await reviseCli(fx.user, ['actions', 'dispatch', '--run', runId], { GITHUB_TOKEN: '' });
    assert.match(noToken.json.error?.message ?? '', /needs GITHUB_TOKEN/);
    const none = await reviseCli(fx.user, ['actions']);
    assert.equal(none.code, 1);
    assert.match(none.json.error?.message ?? '', /dispatch, follow or init/);
  });
});

describe('revise actions init: the check of the workflow file (the CLI bundle, with dist/workflowParser.js)', function () {
  this.timeout(120_000);
  let restoreEnv: () => void;
  let cli: string;
  before(function () {
    this.timeout(300_000);
    restoreEnv = isolateGitEnv();
    cli = reviseBundle(tmpdir());
  });
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });
  const revise = (repo: string, args: string[]) => startReviseCli(repo, args, process.env, cli).done;

  /** The repository's workflow replaced by `edit` of the shipped one, then `init --check` on it. */
  async function checked(edit: (shipped: string) => string): Promise<{ refused: Awaited<ReturnType<typeof revise>>; file: string; content: string }> {
    const fx = makeRemoteFixture();
    const file = join(fx.user, '.github', 'workflows', 'revise-round.yml');
    mkdirSync(dirname(file), { recursive: true });
    const content = edit(REVISE_WORKFLOW);
    writeFileSync(file, content);
    return { refused: await revise(fx.user, ['actions', 'init', '--check']), file, content };
  }

  function problems(result: Awaited<ReturnType<typeof revise>>): Array<{ line?: number; key: string; message: string; hint: string }> {
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.equal(result.json.error?.code, 'actions-workflow-invalid');
    assert.match(result.json.error?.hint ?? '', /init --force.*init --check/);
    // The message lists each problem as `  - line N (key): what is wrong. The next step.`
    return (result.json.error?.message ?? '').split('\n  - ').slice(1).map((item) => {
      const m = /^(?:line (\d+)|file)(?: \(([^)]+)\))?: (.*)$/s.exec(item);
      assert.ok(m, `a problem names its line or the file: ${item}`);
      return { ...(m[1] ? { line: Number(m[1]) } : {}), key: m[2] ?? '', message: m[3]!, hint: m[3]! };
    });
  }

  it('writes the shipped workflow and finds it fit, and --check passes it', async () => {
    const fx = makeRemoteFixture();
    const written = await revise(fx.user, ['actions', 'init']);
    assert.equal(written.code, 0, written.stdout + written.stderr);
    const check = await revise(fx.user, ['actions', 'init', '--check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.deepEqual((check.json as { result: { workflow: { problems: unknown[] } } }).result.workflow.problems, []);
  });

  it('refuses broken YAML, naming the line, and leaves the file as it was', async () => {
    const { refused, file, content } = await checked((shipped) => shipped.replace('    types: [submitted]', '    types: [submitted'));
    const found = problems(refused);
    assert.ok(found.length > 0);
    assert.equal(found[0]!.line, REVISE_WORKFLOW.split('\n').findIndex((l) => l === '  issue_comment:') + 1, JSON.stringify(found));
    assert.match(found[0]!.message, /end with a \]/);
    assert.equal(readFileSync(file, 'utf8'), content, 'nothing was rewritten');
  });

  it('refuses `permissions: write-all` and a job that writes scopes a round does not need', async () => {
    const found = problems((await checked((shipped) => shipped.replace('permissions: {}', 'permissions: write-all').replace('      pull-requests: write   #', '      issues: write\n      pull-requests: write   #'))).refused);
    assert.deepEqual(found.map((p) => p.key), ['permissions', 'jobs.round.permissions.issues']);
    assert.equal(found[0]!.line, REVISE_WORKFLOW.split('\n').indexOf('permissions: {}') + 1);
    assert.match(found[0]!.message, /write-all.*every scope/);
    assert.match(found[1]!.hint, /issues: read/);
  });

  it('refuses a dispatch input, a step input, the concurrency group or the Revise step that is missing', async () => {
    const noInput = problems((await checked((shipped) => shipped.replace(/ {6}feedback:\n {8}description: Reviewer feedback for the round\n {8}required: false\n {8}type: string\n/, ''))).refused);
    assert.deepEqual(noInput.map((p) => p.key), ['on.workflow_dispatch.inputs.feedback'], JSON.stringify(noInput));
    assert.match(noInput[0]!.hint, /Declare `feedback:`/);
    const noWith = problems((await checked((shipped) => shipped.replace('          round: ${{ inputs.round }}\n', ''))).refused);
    assert.deepEqual(noWith.map((p) => p.key), ['jobs.round.steps.with.round']);
    const noGroup = problems((await checked((shipped) => shipped.replace(/^concurrency:\n.*\n.*\n/m, ''))).refused);
    assert.deepEqual(noGroup.map((p) => p.key), ['concurrency']);
    const noStep = problems((await checked((shipped) => shipped.replace('uses: revise-dev/revise@v0', 'uses: someone/other@v1'))).refused);
    assert.deepEqual(noStep.map((p) => p.key), ['jobs']);
  });

  it('says the file is missing when there is none to check', async () => {
    const fx = makeRemoteFixture();
    const none = await revise(fx.user, ['actions', 'init', '--check']);
    assert.equal(none.json.error?.code, 'actions-workflow-missing');
    assert.match(none.json.error?.hint ?? '', /revise actions init/);
  });
});
