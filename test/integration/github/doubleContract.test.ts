import assert from 'node:assert/strict';
import { GitHubDouble } from '../../github-double';
import { seedReviewScenario } from '../../github-double/scenario';
import { TOKEN } from './helpers';

/** These tests prove the double's checks can fail: each one breaks the contract on purpose. */
describe('the GitHub double rejects what GitHub would not accept or send', () => {
  let double: GitHubDouble;
  beforeEach(async () => {
    double = await GitHubDouble.start();
  });
  afterEach(async () => {
    await double.stop();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${double.baseUrl}${path}`, {
      method,
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  }

  it('records a request body that breaks the operation schema (a review event GitHub does not know)', async () => {
    const sc = seedReviewScenario(double);
    const res = await call('POST', `/repos/acme/widgets/pulls/${sc.pull.number}/reviews`, { event: 'LGTM', body: 'ok' });
    assert.equal(res.status, 422);
    assert.throws(() => double.assertNoViolations(), /1 contract violation\(s\):\n- request pulls\/create-review: body\/event must be equal to one of the allowed values/);
    assert.deepEqual(double.takeViolations(), [], 'assertNoViolations clears what it reported');
  });

  it('records a reply without its required body, and a path parameter of the wrong type', async () => {
    seedReviewScenario(double);
    await call('POST', '/repos/acme/widgets/pulls/2/comments/1/replies', { text: 'wrong field' });
    await call('GET', '/repos/acme/widgets/pulls/two');
    const violations = double.takeViolations();
    assert.ok(violations.some((v) => /body\/? must have required property 'body'/.test(v)), violations.join('\n'));
    assert.ok(violations.some((v) => /path\/pull_number must be integer/.test(v)), violations.join('\n'));
  });

  it('records an unknown query parameter', async () => {
    seedReviewScenario(double);
    await call('GET', '/repos/acme/widgets/pulls?state=open&include_threads=true');
    assert.deepEqual(double.takeViolations(), ['request pulls/list: query parameter "include_threads" is not defined by pulls/list']);
  });

  it('records a path that is not a GitHub endpoint', async () => {
    seedReviewScenario(double);
    const res = await call('GET', '/repos/acme/widgets/pulls/2/threads');
    assert.equal(res.status, 404);
    assert.deepEqual(double.takeViolations(), ['GET /repos/acme/widgets/pulls/2/threads is not a GitHub REST endpoint']);
  });

  it('records a response that breaks the schema (state the double was seeded with wrongly)', async () => {
    const sc = seedReviewScenario(double);
    (sc.pull.reviews[0] as { state: string }).state = 'REJECTED';
    (sc.pull.reviews[1] as { body: unknown }).body = 42;
    await call('GET', `/repos/acme/widgets/pulls/${sc.pull.number}/reviews`);
    const violations = double.takeViolations();
    assert.ok(violations.some((v) => /response pulls\/list-reviews: response 200\/1\/body must be string/.test(v)), violations.join('\n'));
    // `state` is a plain string in GitHub's schema: the description does not constrain it, and the double says so by not flagging it.
    assert.ok(!violations.some((v) => /state/.test(v)));
  });

  it('records a GraphQL field that does not exist in the schema', async () => {
    seedReviewScenario(double);
    const res = await call('POST', '/graphql', {
      query: 'query Bad { repository(owner: "acme", name: "widgets") { pullRequest(number: 2) { reviewThreads(first: 1) { nodes { resolved } } } } }',
    });
    assert.equal(res.status, 200);
    const violations = double.takeViolations();
    assert.equal(violations.length, 1);
    assert.match(violations[0]!, /Cannot query field "resolved" on type "PullRequestReviewThread". Did you mean "isResolved"/);
  });

  it('records a connection asked for more than 100 nodes, as GitHub refuses it', async () => {
    seedReviewScenario(double);
    await call('POST', '/graphql', { query: 'query Big { repository(owner: "acme", name: "widgets") { pullRequest(number: 2) { reviewThreads(first: 500) { totalCount } } } }' });
    assert.match(double.takeViolations().join('\n'), /more than 100 records/);
  });

  it('records a resolver that breaks non-null rules (a thread seeded without a path)', async () => {
    const sc = seedReviewScenario(double);
    (sc.threads.nit as { path: unknown }).path = null;
    await call('POST', '/graphql', { query: 'query P { repository(owner: "acme", name: "widgets") { pullRequest(number: 2) { reviewThreads(first: 10) { nodes { path } } } } }' });
    assert.match(double.takeViolations().join('\n'), /Cannot return null for non-nullable field PullRequestReviewThread.path/);
  });

  it('answers a GraphQL lookup of something missing the way GitHub does, without a violation', async () => {
    const res = await call('POST', '/graphql', { query: 'query Missing { repository(owner: "acme", name: "nope") { id } }' });
    assert.deepEqual((res.json as { errors: Array<{ type: string }> }).errors.map((e) => e.type), ['NOT_FOUND']);
    assert.deepEqual(double.takeViolations(), []);
  });

  it('paginates with real Link headers', async () => {
    const repo = double.state.addRepo({ owner: 'acme', name: 'many' });
    for (let i = 0; i < 5; i++) double.state.addPull(repo, { headRef: `b${i}` });
    const res = await fetch(`${double.baseUrl}/repos/acme/many/pulls?per_page=2&page=2`, { headers: { authorization: `token ${TOKEN}` } });
    const link = res.headers.get('link') ?? '';
    assert.match(link, /<http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/many\/pulls\?per_page=2&page=3>; rel="next"/);
    assert.match(link, /page=1>; rel="prev"/);
    assert.match(link, /page=3>; rel="last"/);
    assert.equal(((await res.json()) as unknown[]).length, 2);
    double.assertNoViolations();
  });
});
