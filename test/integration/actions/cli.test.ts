/**
 * `revise actions` through the real CLI: init writes the shipped workflow (and keeps a changed one),
 * and dispatch and follow refuse what they cannot do with a code and a hint naming the next command.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REVISE_WORKFLOW } from '../../../src/engine';
import { reviseCliAsync as reviseCli } from '../../helpers/cli';
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

  it('init writes the workflow into the repository, and refuses to replace a changed one without --force', async () => {
    const fx = makeRemoteFixture();
    const first = await reviseCli(fx.user, ['actions', 'init']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const file = join(fx.user, '.github', 'workflows', 'revise-round.yml');
    assert.equal(readFileSync(file, 'utf8'), REVISE_WORKFLOW);
    writeFileSync(file, 'name: mine\n');
    const refused = await reviseCli(fx.user, ['actions', 'init']);
    assert.equal(refused.code, 2);
    assert.equal(refused.json.error?.code, 'actions-workflow-exists');
    assert.match(refused.json.error?.hint ?? '', /--force/);
    assert.equal(readFileSync(file, 'utf8'), 'name: mine\n');
    assert.equal((await reviseCli(fx.user, ['actions', 'init', '--force'])).code, 0);
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
