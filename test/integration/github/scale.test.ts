import assert from 'node:assert/strict';
import { fetchPullRequestReview, threadsToFindings } from '../../../src/github';
import { clientFor, useDouble } from './helpers';

describe('importing a large pull request', () => {
  const ctx = useDouble();

  it('imports 300 threads in 5 HTTP requests (PR, reviews, 3 pages of threads)', async () => {
    const s = ctx.double.state;
    const repo = s.addRepo({ owner: 'acme', name: 'big' });
    const pull = s.addPull(repo, { headRef: 'feature/big' });
    s.addReview(pull, { state: 'CHANGES_REQUESTED', author: 'alice', body: 'See the threads.' });
    for (let i = 0; i < 300; i++) {
      s.addThread(pull, {
        path: `src/file${i % 17}.ts`,
        line: (i % 400) + 1,
        isResolved: i % 10 === 0,
        comments: [
          { author: 'alice', body: `Finding ${i}` },
          { author: 'bob', body: 'Agreed' },
        ],
      });
    }
    const review = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'big' }, pull.number);
    assert.equal(review.threads.length, 300);
    const { added } = threadsToFindings(review.threads, { existing: [], now: '2026-01-02T00:00:00Z', prUrl: review.pr.url });
    assert.equal(added.length, 270);
    assert.deepEqual(ctx.double.requestsByRoute, { 'pulls/get': 1, 'pulls/list-reviews': 1, 'graphql:ReviewThreads': 3 });
    assert.equal(ctx.double.requestCount, 5);
  });

  it('reads every page of threads without waiting out the spacing GitHub asks between writes', async function () {
    // A minute between writes: were the read-only thread queries spaced like writes, the second
    // page alone would outlast mocha's timeout.
    this.timeout(20_000);
    const s = ctx.double.state;
    const repo = s.addRepo({ owner: 'acme', name: 'paged' });
    const pull = s.addPull(repo, { headRef: 'feature/paged' });
    for (let i = 0; i < 250; i++) s.addThread(pull, { path: 'src/a.ts', line: i + 1, comments: [{ author: 'alice', body: `Finding ${i}` }] });
    const review = await fetchPullRequestReview(clientFor(ctx.double, { throttle: { writeSpacingMs: 60_000 } }), { owner: 'acme', repo: 'paged' }, pull.number);
    assert.equal(review.threads.length, 250);
    assert.equal(ctx.double.requestsByRoute['graphql:ReviewThreads'], 3);
  });

  it('reads every comment of a thread longer than one page', async () => {
    const s = ctx.double.state;
    const repo = s.addRepo({ owner: 'acme', name: 'long' });
    const pull = s.addPull(repo, { headRef: 'feature/long' });
    const comments = Array.from({ length: 150 }, (_, i) => ({ author: i % 2 ? 'bob' : 'alice', body: `message ${i}` }));
    s.addThread(pull, { path: 'src/a.ts', line: 1, comments });
    const review = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'long' }, pull.number);
    assert.deepEqual(
      review.threads[0]!.comments.map((c) => c.body),
      comments.map((c) => c.body),
    );
    assert.equal(ctx.double.requestsByRoute['graphql:ThreadComments'], 1);
  });
});
