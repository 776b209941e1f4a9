import assert from 'node:assert/strict';
import { GitHubError, type ErrorCode } from '../../../src/core/errors';
import { hintFor } from '../../../src/cli/hints';
import { fetchPullRequestReview, getPullRequest, listOpenPullRequests, submitReview } from '../../../src/github';
import { seedReviewScenario } from '../../github-double/scenario';
import { clientFor, TOKEN, useDouble } from './helpers';

const REPO = { owner: 'acme', repo: 'widgets' };

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GitHubError, `expected a GitHubError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the call to fail');
}

function expectError(error: GitHubError, code: ErrorCode, ...patterns: RegExp[]): void {
  assert.equal(error.code, code, error.message);
  for (const p of patterns) assert.match(error.message, p);
  assert.ok(!error.message.includes(TOKEN) && !JSON.stringify(error.details ?? {}).includes(TOKEN), 'the token never appears in a message');
}

describe('GitHub failures become typed errors with a next step', () => {
  const ctx = useDouble();

  it('maps a refused token (401) to github-auth', async () => {
    seedReviewScenario(ctx.double);
    const error = await failure(listOpenPullRequests(clientFor(ctx.double, { token: 'wrong-token' }), REPO));
    expectError(error, 'github-auth', /401/, /valid token/);
    assert.equal(hintFor(error, undefined), 'Set GITHUB_TOKEN to a valid token with the `repo` scope, then try again.', 'the CLI says where its token comes from');
  });

  it('maps SSO enforcement (403 with X-GitHub-SSO) to github-forbidden, saying to authorize the token for the organization', async () => {
    const sc = seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/get', kind: 'sso' });
    const error = await failure(getPullRequest(clientFor(ctx.double), REPO, sc.pull.number));
    expectError(error, 'github-forbidden', /X-GitHub-SSO/, /Authorize the token for the organization at https:\/\/github\.com\/orgs\/acme\/sso/);
  });

  it('maps a plain 403 to github-forbidden naming the scope it needs', async () => {
    const sc = seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/get', kind: 'forbidden' });
    const error = await failure(getPullRequest(clientFor(ctx.double), REPO, sc.pull.number));
    expectError(error, 'github-forbidden', /`repo` scope/);
  });

  it('maps a 404 to github-not-found, mentioning that the token may not see a private repository', async () => {
    seedReviewScenario(ctx.double);
    const error = await failure(fetchPullRequestReview(clientFor(ctx.double), REPO, 99));
    expectError(error, 'github-not-found', /#99/, /token cannot see this private repository/);
  });

  it('maps a repository that does not exist to github-not-found', async () => {
    const error = await failure(getPullRequest(clientFor(ctx.double), { owner: 'acme', repo: 'nowhere' }, 1));
    expectError(error, 'github-not-found', /private repository/);
  });

  it('maps a 422 to github-invalid with a next step', async () => {
    const sc = seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/create-review', kind: 'unprocessable' });
    const error = await failure(submitReview(clientFor(ctx.double), REPO, sc.pull.number, { event: 'COMMENT', body: 'x', alreadyPosted: {} }));
    expectError(error, 'github-invalid', /422/, /refresh and try again/);
  });

  it('gives up on a primary rate limit that resets later than it may wait, saying when it resets', async () => {
    seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/list', kind: 'primary-rate-limit', resetIn: 3600 });
    const warnings: string[] = [];
    const error = await failure(listOpenPullRequests(clientFor(ctx.double, { warnings }), REPO));
    expectError(error, 'github-rate-limited', /rate limit/, /resets at \d{4}-/, /Wait and try again/);
    assert.equal(ctx.double.requestsByRoute['pulls/list'], 1);
    assert.ok(warnings.some((w) => /giving up/.test(w)));
  });

  it('gives up on a secondary rate limit that keeps coming back', async () => {
    seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/list', kind: 'secondary-rate-limit', times: 10 });
    const error = await failure(listOpenPullRequests(clientFor(ctx.double, { throttle: { maxRetries: 2 } }), REPO));
    expectError(error, 'github-rate-limited', /secondary rate limit/);
    assert.equal(ctx.double.requestsByRoute['pulls/list'], 3);
  });

  it('maps a server error that persists through the retries to github-failed', async () => {
    seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/list', kind: 'server-error', status: 503, times: 10 });
    const error = await failure(listOpenPullRequests(clientFor(ctx.double, { throttle: { retries: 2 } }), REPO));
    expectError(error, 'github-failed', /503/, /Try again/);
    assert.equal(ctx.double.requestsByRoute['pulls/list'], 3);
  });

  it('maps a request that never answers to github-unreachable after the timeout', async () => {
    seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/list', kind: 'hang', times: 10 });
    const error = await failure(listOpenPullRequests(clientFor(ctx.double, { requestTimeoutMs: 300, throttle: { retries: 1 } }), REPO));
    expectError(error, 'github-unreachable', /did not answer/);
    assert.match(hintFor(error, undefined) ?? '', /network or proxy/, 'the CLI says what to check');
  });

  it('maps a closed port to github-unreachable naming the API URL', async () => {
    const client = clientFor(ctx.double, { throttle: { retries: 0 } });
    await ctx.double.stop();
    const error = await failure(listOpenPullRequests(client, REPO));
    expectError(error, 'github-unreachable', /127\.0\.0\.1/);
    assert.deepEqual([error.details?.apiUrl, error.details?.field], [ctx.double.baseUrl, 'github.apiUrl'], 'the details name the API URL it tried');
    assert.match(hintFor(error, undefined) ?? '', /--github-api-url/, 'the CLI names its flag for the API URL');
  });
});

describe('throttling and retries recover from transient failures', () => {
  const ctx = useDouble();

  it('waits out a 403 secondary rate limit and succeeds', async () => {
    seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/list', kind: 'secondary-rate-limit', retryAfter: 2 });
    const warnings: string[] = [];
    const prs = await listOpenPullRequests(clientFor(ctx.double, { warnings }), REPO);
    assert.equal(prs.length, 1);
    assert.equal(ctx.double.requestsByRoute['pulls/list'], 2);
    assert.ok(warnings.some((w) => /secondary rate limit.*retrying in 2s/.test(w)));
    assert.ok(warnings.every((w) => !w.includes(TOKEN)), 'the token is never logged');
  });

  it('waits out a primary rate limit that resets soon and succeeds', async () => {
    seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'graphql', kind: 'primary-rate-limit', resetIn: 1 });
    const prs = await listOpenPullRequests(clientFor(ctx.double), REPO);
    assert.equal(prs[0]?.reviewState, 'changes-requested');
  });

  it('retries a 502 and succeeds', async () => {
    const sc = seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'pulls/get', kind: 'server-error', status: 502 });
    const pr = await getPullRequest(clientFor(ctx.double), REPO, sc.pull.number);
    assert.equal(pr.number, sc.pull.number);
    assert.equal(ctx.double.requestsByRoute['pulls/get'], 2);
  });

  it('retries a GraphQL 502 during the thread import and still gets every thread', async () => {
    const sc = seedReviewScenario(ctx.double);
    ctx.double.injectFault({ route: 'graphql', kind: 'server-error', status: 502 });
    const review = await fetchPullRequestReview(clientFor(ctx.double), REPO, sc.pull.number);
    assert.equal(review.threads.length, 4);
  });
});
