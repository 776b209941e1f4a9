/**
 * Who can start a round from a pull request, with the real webhook payloads of
 * @octokit/webhooks-examples (altered where a case needs it) and the double's collaborator
 * permission endpoint: a changes-requested review or a `/revise` comment from someone with write
 * access starts one; bots, outsiders, read-only members and other events do not — and the entry
 * point then says why in its outputs and job summary, and runs nothing.
 */
import { strict as assert } from 'node:assert';
import { runAction } from '../../../src/action/runAction';
import { decideTrigger, reviseCommand, type ActionInputs, type RunnerEvent } from '../../../src/action/trigger';
import { repositoryPermission } from '../../../src/engine';
import { GitHubDouble } from '../../github-double';
import { simulatedRunner, webhookExample } from '../../helpers/actionsRunner';
import { isolateGitEnv, makeRemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs } from '../../helpers/tempDir';

const NO_INPUTS: ActionInputs = { pr: undefined, run: undefined, round: undefined, feedback: undefined };
const REPO = 'Codertocat/Hello-World';

/** A `/revise` comment on pull request #1 by `login` (`type`, `association`): the real example, moved onto a PR. */
function reviseComment(body: string, login: string, type: string, association: string): RunnerEvent {
  const payload = webhookExample('issue_comment', (p) => p.action === 'created');
  payload.issue.pull_request = { url: `https://api.github.com/repos/${REPO}/pulls/${payload.issue.number as number}`, html_url: '', diff_url: '', patch_url: '' };
  payload.comment.body = body;
  payload.comment.user.login = login;
  payload.comment.user.type = type;
  payload.comment.author_association = association;
  return { name: 'issue_comment', payload };
}

describe('who can start a Revise round from a pull request', function () {
  this.timeout(30_000);
  let double: GitHubDouble;
  let restoreEnv: () => void;
  const permission = (login: string) => repositoryPermission({ token: 't', apiUrl: double.baseUrl }, REPO, login);

  before(async () => {
    restoreEnv = isolateGitEnv();
    double = await GitHubDouble.start();
    const repo = double.state.addRepo({ owner: 'Codertocat', name: 'Hello-World' });
    double.actions.setPermission(repo, 'writer', 'write');
    double.actions.setPermission(repo, 'maintainer', 'maintain');
    double.actions.setPermission(repo, 'reader', 'read');
    double.actions.setPermission(repo, 'triager', 'triage');
  });
  beforeEach(() => double.resetCounts());
  afterEach(() => double.assertNoViolations());
  after(async () => {
    await double.stop();
    restoreEnv();
    cleanupTempDirs();
  });

  it('reads the command and its feedback only at the start of a comment', () => {
    assert.deepEqual(reviseCommand('/revise please guard the input'), { feedback: 'please guard the input' });
    assert.deepEqual(reviseCommand('  /revise\n\nmultiline\nfeedback'), { feedback: 'multiline\nfeedback' });
    assert.equal(reviseCommand('please /revise this'), undefined);
    assert.equal(reviseCommand('/revised the wording'), undefined);
  });

  it('starts a round for a member or collaborator with write or maintain access, with the comment as feedback', async () => {
    for (const [login, association] of [['writer', 'COLLABORATOR'], ['maintainer', 'MEMBER']] as const) {
      const trigger = await decideTrigger(reviseComment('/revise guard the input', login, 'User', association), NO_INPUTS, 'octocat', permission);
      assert.deepEqual(trigger, { kind: 'round', pr: 1, feedback: 'guard the input', actor: login, via: 'comment' });
    }
    assert.equal(double.requestsByRoute['repos/get-collaborator-permission-level'], 2, 'their permission was asked for');
  });

  it("starts a round for the repository's owner without asking", async () => {
    const trigger = await decideTrigger(reviseComment('/revise', 'Codertocat', 'User', 'OWNER'), NO_INPUTS, 'octocat', permission);
    assert.equal(trigger.kind, 'round');
    assert.equal(double.requestCount, 0);
  });

  it('refuses members and collaborators with read or triage access, and users who are not collaborators', async () => {
    for (const login of ['reader', 'triager', 'stranger']) {
      const trigger = await decideTrigger(reviseComment('/revise', login, 'User', 'MEMBER'), NO_INPUTS, 'octocat', permission);
      assert.equal(trigger.kind, 'skip', login);
      assert.match(trigger.kind === 'skip' ? trigger.reason : '', new RegExp(`${login} has (read|triage|none) access`));
    }
  });

  it('refuses bots and outside contributors without asking GitHub', async () => {
    const bot = await decideTrigger(reviseComment('/revise', 'renovate[bot]', 'Bot', 'NONE'), NO_INPUTS, 'octocat', permission);
    assert.match(bot.kind === 'skip' ? bot.reason : '', /is a bot/);
    const appAsMember = await decideTrigger(reviseComment('/revise', 'helper[bot]', 'Bot', 'MEMBER'), NO_INPUTS, 'octocat', permission);
    assert.equal(appAsMember.kind, 'skip', 'a bot is refused whatever its association');
    for (const association of ['CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'NONE']) {
      const outsider = await decideTrigger(reviseComment('/revise', 'someone', 'User', association), NO_INPUTS, 'octocat', permission);
      assert.match(outsider.kind === 'skip' ? outsider.reason : '', /no write access/);
    }
    assert.equal(double.requestCount, 0);
  });

  it('ignores comments on issues, reviews that do not request changes, and other events (real payloads as sent)', async () => {
    const onIssue = webhookExample('issue_comment', (p) => p.action === 'created');
    onIssue.comment.body = '/revise';
    assert.equal((await decideTrigger({ name: 'issue_comment', payload: onIssue }, NO_INPUTS, 'octocat', permission)).kind, 'skip');
    const commented = webhookExample('pull_request_review', (p) => p.action === 'submitted');
    assert.equal(commented.review.state, 'commented');
    assert.equal((await decideTrigger({ name: 'pull_request_review', payload: commented }, NO_INPUTS, 'octocat', permission)).kind, 'skip');
    const dismissed = webhookExample('pull_request_review', (p) => p.action === 'dismissed');
    assert.equal((await decideTrigger({ name: 'pull_request_review', payload: dismissed }, NO_INPUTS, 'octocat', permission)).kind, 'skip');
    assert.equal((await decideTrigger({ name: 'push', payload: {} }, NO_INPUTS, 'octocat', permission)).kind, 'skip');
  });

  it('starts a round for a changes-requested review by a writer, with its body as feedback; a bot reviewer is refused', async () => {
    const review = webhookExample('pull_request_review', (p) => p.action === 'submitted');
    review.review.state = 'changes_requested';
    review.review.body = 'Guard the empty input.';
    review.review.author_association = 'COLLABORATOR';
    review.review.user.login = 'writer';
    assert.deepEqual(await decideTrigger({ name: 'pull_request_review', payload: review }, NO_INPUTS, 'octocat', permission), { kind: 'round', pr: review.pull_request.number, feedback: 'Guard the empty input.', actor: 'writer', via: 'review' });
    review.review.user = { ...review.review.user, login: 'reviewer-bot[bot]', type: 'Bot' };
    assert.equal((await decideTrigger({ name: 'pull_request_review', payload: review }, NO_INPUTS, 'octocat', permission)).kind, 'skip');
  });

  it('runs nothing for a refused event, and says why in the outputs and the job summary', async () => {
    const fx = makeRemoteFixture();
    const runner = simulatedRunner(fx.root, fx.bare, REPO, reviseComment('/revise', 'reader', 'User', 'COLLABORATOR'), double.baseUrl, { github_token: 't' });
    const outcome = await runAction(runner.env);
    assert.equal(outcome.exitCode, 0, 'a refused event is not a failed job');
    assert.equal(runner.outputs().skipped, 'true');
    assert.match(runner.outputs().reason!, /reader has read access/);
    assert.match(runner.summary(), /No round ran: reader has read access/);
    assert.equal(double.requestsByRoute['pulls/get'], undefined, 'the pull request was not even read');
  });

  it('refuses bad inputs with a clear error before reading anything', async () => {
    const fx = makeRemoteFixture();
    const dispatch = { name: 'workflow_dispatch', payload: webhookExample('workflow_dispatch') };
    for (const [inputs, message] of [
      [{ github_token: 't', pr: 'two' }, /Input "pr" must be a positive whole number/],
      [{ github_token: 't', pr: '2', agent: 'custom' }, /Input "agent" must be one of/],
      [{ github_token: 't', pr: '2', run: '../x' }, /Input "run" is not a Revise run id/],
      [{ pr: '2' }, /Input "github_token" is empty/],
    ] as const) {
      const runner = simulatedRunner(makeTempDirIn(fx.root), fx.bare, REPO, dispatch, double.baseUrl, inputs);
      await assert.rejects(runAction(runner.env), message);
      assert.deepEqual(runner.outputs(), {});
    }
    assert.equal(double.requestCount, 0);
  });
});

let dirs = 0;
function makeTempDirIn(root: string): string {
  return `${root}/runner-${++dirs}`;
}
