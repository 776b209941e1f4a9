import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fetchPullRequestReview, parseGitHubRemote, threadsToFindings } from '../../../src/github';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';
import { seedReviewScenario } from '../../github-double/scenario';
import { clientFor, useDouble } from './helpers';

describe('importing a pull request review from GitHub', () => {
  const ctx = useDouble();
  afterEach(cleanupTempDirs);

  it('starts from a clean repository whose origin names the GitHub repository', async () => {
    const dir = makeTempDir();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
    const repo = parseGitHubRemote(git('remote', 'get-url', 'origin'));
    assert.deepEqual(repo, { host: 'github.com', owner: 'acme', repo: 'widgets' });
    const sc = seedReviewScenario(ctx.double);
    const review = await fetchPullRequestReview(clientFor(ctx.double), repo, sc.pull.number);
    assert.equal(review.pr.number, sc.pull.number);
    assert.equal(review.threads.filter((t) => !t.isResolved).length, 3);
  });

  it('turns the 3 unresolved threads (one outdated) into findings on the right lines and skips the resolved one', async () => {
    const sc = seedReviewScenario(ctx.double);
    const review = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'widgets' }, sc.pull.number);

    assert.equal(review.pr.headBranch, 'feature/empty-input');
    assert.equal(review.pr.baseBranch, 'main');
    assert.equal(review.pr.isFork, false);
    assert.equal(review.pr.reviewState, 'changes-requested');
    assert.equal(review.threads.length, 4);
    assert.deepEqual(
      review.reviews.map((r) => [r.state, r.author]),
      [
        ['CHANGES_REQUESTED', 'alice'],
        ['COMMENTED', 'carol'],
      ],
    );
    assert.match(review.reviews[0]!.body, /README needs an example/);

    const { added, closed } = threadsToFindings(review.threads, { existing: [], now: '2026-01-02T00:00:00Z', prUrl: review.pr.url });
    assert.deepEqual(closed, []);
    assert.deepEqual(
      added.map((f) => [f.id, f.severity, f.file, f.line, f.endLine, f.title]),
      [
        ['G1', 'blocking', 'src/parse.ts', 10, 12, 'Blocking: this throws on empty input.'],
        ['G2', 'nit', 'src/util.ts', 5, 5, 'nit: rename `x` to `count`'],
        ['G3', 'non-blocking', 'src/old.ts', 18, 20, 'This loop is quadratic.'],
      ],
    );
    const [g1, , g3] = added;
    assert.deepEqual(g1!.source.context, ['alice: Blocking: this throws on empty input.\nAdd a guard before indexing.', 'dave: Agreed, and please add a test.']);
    assert.equal(g1!.source.kind, 'github-thread');
    assert.equal(g1!.source.externalId, sc.threads.blocking.nodeId);
    assert.equal(g1!.source.threadId, sc.threads.blocking.nodeId);
    assert.equal(g1!.anchor, undefined);
    assert.deepEqual(g3!.anchor, { commit: sc.oldCommit, line: 18, endLine: 20, text: '' });
    assert.ok(g3!.warnings?.some((w) => /outdated/.test(w)));
  });

  it('finds the linked issue through the closing references', async () => {
    const sc = seedReviewScenario(ctx.double);
    const review = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'widgets' }, sc.pull.number);
    assert.deepEqual(review.closingIssue, { number: sc.issue.number, title: 'Widgets crash on empty input', body: 'Steps to reproduce: call parse("").', state: 'open', labels: ['bug', 'p1'] });
    assert.equal(ctx.double.requestsByRoute['issues/get'], undefined);
  });

  it('falls back to "Fixes #N" in the body and reads that issue over REST', async () => {
    const sc = seedReviewScenario(ctx.double, { linkBy: 'body' });
    const review = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'widgets' }, sc.pull.number);
    assert.equal(review.closingIssue?.number, sc.issue.number);
    assert.deepEqual(review.closingIssue?.labels, ['bug', 'p1']);
    assert.equal(ctx.double.requestsByRoute['issues/get'], 1);
  });

  it('exposes the REST id of each thread comment for replies', async () => {
    const sc = seedReviewScenario(ctx.double);
    const review = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'widgets' }, sc.pull.number);
    const thread = review.threads.find((t) => t.id === sc.threads.blocking.nodeId)!;
    assert.deepEqual(
      thread.comments.map((c) => c.databaseId),
      sc.threads.blocking.comments.map((c) => c.id),
    );
    assert.equal(thread.commitOid, sc.pull.headSha);
  });
});
