import assert from 'node:assert/strict';
import { GitHubError } from '../../../src/core/errors';
import { fetchPullRequestReview, postDispositionReplies, submitReview, threadsToFindings, type DispositionReply } from '../../../src/github';
import { seedReviewScenario, type ReviewScenario } from '../../github-double/scenario';
import { clientFor, useDouble } from './helpers';

const REPO = { owner: 'acme', repo: 'widgets' };

function itemsFor(sc: ReviewScenario): DispositionReply[] {
  const { blocking, nit, outdated } = sc.threads;
  return [
    { threadId: blocking.nodeId, findingId: 'G1', commentDatabaseId: blocking.comments[0]!.id, text: 'G1: fixed in abc123 — added a guard.', resolve: true },
    { threadId: nit.nodeId, findingId: 'G2', commentDatabaseId: nit.comments[0]!.id, text: 'G2: disagree — `x` is the name used upstream.' },
    { threadId: outdated.nodeId, findingId: 'G3', commentDatabaseId: null, text: 'G3: deferred #9 — needs a benchmark first.' },
  ];
}

describe('posting dispositions back to GitHub', () => {
  const ctx = useDouble();

  it('replies once per thread, and the replies appear in the next read of the threads', async () => {
    const sc = seedReviewScenario(ctx.double);
    const client = clientFor(ctx.double);
    const posted = await postDispositionReplies(client, REPO, sc.pull.number, itemsFor(sc), { mode: 'per-thread', resolveThreads: false, alreadyPosted: {} });
    assert.deepEqual(Object.keys(posted).sort(), [sc.threads.blocking.nodeId, sc.threads.nit.nodeId, sc.threads.outdated.nodeId].sort());
    assert.equal(ctx.double.requestsByRoute['pulls/create-reply-for-review-comment'], 2);
    assert.equal(ctx.double.requestsByRoute['graphql:AddThreadReply'], 1);

    const again = await fetchPullRequestReview(client, REPO, sc.pull.number);
    const byId = new Map(again.threads.map((t) => [t.id, t]));
    const reply = byId.get(sc.threads.blocking.nodeId)!.comments.at(-1)!;
    assert.equal(reply.author, 'revise-bot');
    assert.equal(reply.body, 'G1: fixed in abc123 — added a guard.');
    assert.equal(byId.get(sc.threads.outdated.nodeId)!.comments.at(-1)!.body, 'G3: deferred #9 — needs a benchmark first.');
    assert.equal(byId.get(sc.threads.blocking.nodeId)!.isResolved, false, 'never resolves a thread unless asked');
  });

  it('does not post again on retry with what was already posted', async () => {
    const sc = seedReviewScenario(ctx.double);
    const client = clientFor(ctx.double);
    const first = await postDispositionReplies(client, REPO, sc.pull.number, itemsFor(sc), { mode: 'per-thread', resolveThreads: false, alreadyPosted: {} });
    ctx.double.resetCounts();
    const second = await postDispositionReplies(client, REPO, sc.pull.number, itemsFor(sc), { mode: 'per-thread', resolveThreads: false, alreadyPosted: first });
    assert.deepEqual(second, first);
    assert.equal(ctx.double.requestCount, 0);
    assert.equal(sc.threads.blocking.comments.length, 3);
  });

  it('keeps what was posted before a failure halfway, so the retry posts only the rest', async () => {
    const sc = seedReviewScenario(ctx.double);
    const client = clientFor(ctx.double);
    const items = itemsFor(sc);
    ctx.double.injectFault({ route: 'graphql', kind: 'forbidden' });
    const seen: string[] = [];
    const error = await postDispositionReplies(client, REPO, sc.pull.number, items, {
      mode: 'per-thread',
      resolveThreads: false,
      alreadyPosted: {},
      onPosted: (key) => seen.push(key),
    }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof GitHubError);
    assert.equal(error.code, 'github-forbidden');
    const partial = error.details?.posted as Record<string, { id: string }>;
    assert.deepEqual(Object.keys(partial), [sc.threads.blocking.nodeId, sc.threads.nit.nodeId]);
    assert.deepEqual(seen, Object.keys(partial));

    const done = await postDispositionReplies(client, REPO, sc.pull.number, items, { mode: 'per-thread', resolveThreads: false, alreadyPosted: partial });
    assert.equal(Object.keys(done).length, 3);
    for (const t of [sc.threads.blocking, sc.threads.nit]) assert.equal(t.comments.filter((c) => c.author === 'revise-bot').length, 1);
    assert.equal(sc.threads.outdated.comments.filter((c) => c.author === 'revise-bot').length, 1);
  });

  it('posts one summary comment instead when asked, and only once', async () => {
    const sc = seedReviewScenario(ctx.double);
    const client = clientFor(ctx.double);
    const posted = await postDispositionReplies(client, REPO, sc.pull.number, itemsFor(sc), { mode: 'summary', resolveThreads: false, alreadyPosted: {} });
    assert.deepEqual(Object.keys(posted), ['summary']);
    assert.equal(sc.pull.comments.length, 1);
    assert.match(sc.pull.comments[0]!.body, /\*\*G1\*\*: G1: fixed/);
    await postDispositionReplies(client, REPO, sc.pull.number, itemsFor(sc), { mode: 'summary', resolveThreads: false, alreadyPosted: posted });
    assert.equal(sc.pull.comments.length, 1);
    assert.equal(sc.threads.blocking.comments.length, 2, 'no thread replies in summary mode');
  });

  it('posts nothing in mode off', async () => {
    const sc = seedReviewScenario(ctx.double);
    const posted = await postDispositionReplies(clientFor(ctx.double), REPO, sc.pull.number, itemsFor(sc), { mode: 'off', resolveThreads: false, alreadyPosted: {} });
    assert.deepEqual(posted, {});
    assert.equal(ctx.double.requestCount, 0);
  });

  it('resolves only the threads marked for it, and only when resolving is switched on', async () => {
    const sc = seedReviewScenario(ctx.double);
    const posted = await postDispositionReplies(clientFor(ctx.double), REPO, sc.pull.number, itemsFor(sc), { mode: 'per-thread', resolveThreads: true, alreadyPosted: {} });
    assert.equal(sc.threads.blocking.isResolved, true);
    assert.equal(sc.threads.nit.isResolved, false);
    assert.equal(sc.threads.outdated.isResolved, false);
    assert.ok(posted[`resolve:${sc.threads.blocking.nodeId}`]);
  });

  it('submits a review once', async () => {
    const sc = seedReviewScenario(ctx.double);
    const client = clientFor(ctx.double);
    const posted = await submitReview(client, REPO, sc.pull.number, { event: 'COMMENT', body: 'Revise: round 1 addressed 3 findings.', alreadyPosted: {} });
    assert.ok(posted.review);
    const again = await submitReview(client, REPO, sc.pull.number, { event: 'COMMENT', body: 'again', alreadyPosted: posted });
    assert.deepEqual(again, posted);
    assert.deepEqual(
      sc.pull.reviews.filter((r) => r.author === 'revise-bot').map((r) => r.state),
      ['COMMENTED'],
    );
  });
});

describe('refreshing findings from GitHub', () => {
  const ctx = useDouble();

  it('adds threads opened since, closes findings whose thread was resolved, and never duplicates', async () => {
    const sc = seedReviewScenario(ctx.double);
    const client = clientFor(ctx.double);
    const opts = { now: '2026-01-02T00:00:00Z', prUrl: 'https://github.com/acme/widgets/pull/2' };
    const first = threadsToFindings((await fetchPullRequestReview(client, REPO, sc.pull.number)).threads, { ...opts, existing: [] });
    assert.equal(first.added.length, 3);

    sc.threads.nit.isResolved = true;
    ctx.double.state.addThread(sc.pull, { path: 'src/new.ts', line: 7, comments: [{ author: 'alice', body: 'One more: handle null.' }] });
    const second = threadsToFindings((await fetchPullRequestReview(client, REPO, sc.pull.number)).threads, { ...opts, existing: first.added });
    assert.deepEqual(second.closed, ['G2']);
    assert.deepEqual(
      second.added.map((f) => [f.id, f.file, f.line]),
      [['G4', 'src/new.ts', 7]],
    );

    const all = [...first.added.map((f) => (second.closed.includes(f.id) ? { ...f, status: 'resolved' as const } : f)), ...second.added];
    const third = threadsToFindings((await fetchPullRequestReview(client, REPO, sc.pull.number)).threads, { ...opts, existing: all });
    assert.deepEqual(third, { added: [], closed: [] });
  });
});
