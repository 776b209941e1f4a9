/**
 * Review bots through the GitHub double (every response checked against GitHub's OpenAPI and
 * GraphQL schema): their inline comments become findings with the bot's real title, severity and
 * own id; their review bodies are read by the markdown importer; `name[bot]` (REST) and `name`
 * (GraphQL) are one author. Comment bodies are in test/fixtures/reviews/bot-comments (sources:
 * test/fixtures/reviews/markdown/SOURCES.md).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdownReview } from '../../../src/core/findings';
import { fetchPullRequestReview, normalizeLogin, readReviewComment, reviewBotOf, threadsToFindings, toImportedReview } from '../../../src/github';
import { clientFor, useDouble } from './helpers';

const fixtures = join(__dirname, '../../fixtures/reviews');
const comment = (name: string): string => readFileSync(join(fixtures, 'bot-comments', name), 'utf8');
const review = (name: string): string => readFileSync(join(fixtures, 'markdown', name), 'utf8');

describe('review bots on a pull request', () => {
  const ctx = useDouble();

  function seed() {
    const s = ctx.double.state;
    const repo = s.addRepo({ owner: 'acme', name: 'webhooks' });
    const pull = s.addPull(repo, { title: 'Retry queue', body: 'Adds a retry queue.', headRef: 'feature/retry-queue', author: 'dev' });
    s.addReview(pull, { state: 'COMMENTED', author: 'coderabbitai[bot]', body: review('coderabbit-review-body.md') });
    s.addReview(pull, { state: 'COMMENTED', author: 'copilot-pull-request-reviewer[bot]', body: review('copilot-review-body.md') });
    const threads = {
      coderabbit: s.addThread(pull, { path: 'src/queue/deliver.ts', startLine: 40, line: 52, comments: [{ author: 'coderabbitai[bot]', body: comment('coderabbit-inline.md') }] }),
      bugbot: s.addThread(pull, { path: 'src/queue/flush.ts', startLine: 41, line: 58, comments: [{ author: 'cursor[bot]', body: comment('bugbot-inline.md') }] }),
      // Bugbot re-posts the same finding on new lines after a push.
      bugbotAgain: s.addThread(pull, { path: 'src/queue/flush.ts', startLine: 44, line: 61, comments: [{ author: 'cursor[bot]', body: comment('bugbot-inline.md') }] }),
      codex: s.addThread(pull, { path: 'src/queue/classify.ts', line: 17, comments: [{ author: 'chatgpt-codex-connector[bot]', body: comment('codex-inline.md') }] }),
      greptile: s.addThread(pull, { path: 'src/queue/backoff.ts', line: 9, comments: [{ author: 'greptile-apps[bot]', body: comment('greptile-inline.md') }] }),
      cubic: s.addThread(pull, { path: 'src/queue/deliver.ts', line: 144, comments: [{ author: 'cubic-dev-ai[bot]', body: comment('cubic-inline.md') }] }),
      copilot: s.addThread(pull, {
        path: 'src/queue/types.ts',
        startLine: 3,
        line: 7,
        comments: [
          { author: 'copilot-pull-request-reviewer[bot]', body: comment('copilot-inline.md') },
          { author: 'coderabbitai[bot]', body: 'Agreed; `retries` is the name used elsewhere.' },
        ],
      }),
    };
    return { pull, threads };
  }

  it("gives each bot's inline comment its real title, severity and location, and the bot's own id where it has one", async () => {
    const { pull, threads } = seed();
    const pr = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'webhooks' }, pull.number);
    const { added } = threadsToFindings(pr.threads, { existing: [], now: '2026-01-02T00:00:00Z', prUrl: pr.pr.url });
    assert.deepEqual(
      added.map((f) => [f.source.author, f.severity, f.file, f.line, f.endLine, f.title]),
      [
        ['coderabbitai', 'non-blocking', 'src/queue/deliver.ts', 40, 52, 'Retry loop ignores the abort signal.'],
        ['cursor', 'blocking', 'src/queue/flush.ts', 41, 58, 'Snapshot written after the lock is released'],
        ['chatgpt-codex-connector', 'blocking', 'src/queue/classify.ts', 17, 17, 'Treat HTTP 410 as permanent failure'],
        ['greptile-apps', 'non-blocking', 'src/queue/backoff.ts', 9, 9, 'Jitter is seeded per process'],
        ['cubic-dev-ai', 'nit', 'src/queue/deliver.ts', 144, 144, 'Log level for an expected 429 is WARN; INFO is enough and keeps the alerting channel quiet.'],
        ['copilot-pull-request-reviewer', 'nit', 'src/queue/types.ts', 3, 7, '`retryCount` and `retries` name the same thing; keep one.'],
      ],
    );
    assert.deepEqual(
      added.map((f) => f.source.externalId),
      [
        'coderabbit:cr-comment:v1:3e8f1a2b9c0d4e5f6a7b8c9d',
        'bugbot:7c1d9a52-3b4e-4f60-8a71-2e9b0c3d4f15',
        threads.codex.nodeId,
        threads.greptile.nodeId,
        threads.cubic.nodeId,
        threads.copilot.nodeId,
      ],
    );
    assert.deepEqual(added.map((f) => f.source.threadId), [threads.coderabbit.nodeId, threads.bugbot.nodeId, threads.codex.nodeId, threads.greptile.nodeId, threads.cubic.nodeId, threads.copilot.nodeId]);
  });

  it("keeps the bots' prompts and suggestions in the message and drops their bookkeeping", async () => {
    const { pull } = seed();
    const pr = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'webhooks' }, pull.number);
    const { added } = threadsToFindings(pr.threads, { existing: [], now: 'now', prUrl: pr.pr.url });
    const [coderabbit, bugbot, codex] = added;
    assert.match(coderabbit!.message, /<summary>🤖 Prompt for AI Agents<\/summary>/);
    assert.match(coderabbit!.message, /Proposed fix/);
    assert.doesNotMatch(coderabbit!.message, /Analysis chain|Script executed|fingerprinting|cr-comment|Potential issue/);
    assert.match(coderabbit!.message, /^\*\*Retry loop ignores the abort signal\.\*\*\n/);
    assert.match(bugbot!.message, /releases the queue lock before `writeSnapshot` runs/);
    assert.doesNotMatch(bugbot!.message, /Fix in Cursor|BUGBOT_BUG_ID|LOCATIONS/);
    assert.doesNotMatch(codex!.message, /Useful\? React/);
    assert.match(added[5]!.message, /```suggestion\n {2}retries: number;\n```/);
  });

  it('adds nothing when the same threads are read again, and closes the finding whose thread was resolved', async () => {
    const { pull, threads } = seed();
    const client = clientFor(ctx.double);
    const first = await fetchPullRequestReview(client, { owner: 'acme', repo: 'webhooks' }, pull.number);
    const once = threadsToFindings(first.threads, { existing: [], now: 'now', prUrl: first.pr.url });
    const existing = once.added;
    threads.bugbot.isResolved = true;
    const second = await fetchPullRequestReview(client, { owner: 'acme', repo: 'webhooks' }, pull.number);
    const again = threadsToFindings(second.threads, { existing, now: 'now', prUrl: second.pr.url });
    assert.deepEqual(again.added, []);
    assert.deepEqual(again.closed, [existing[1]!.id]);
  });

  it("is one author for a bot's review (REST, `name[bot]`) and its threads (GraphQL, `name`)", async () => {
    const { pull } = seed();
    const pr = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'webhooks' }, pull.number);
    assert.deepEqual(pr.reviews.map((r) => r.author), ['coderabbitai', 'copilot-pull-request-reviewer']);
    assert.deepEqual([...new Set(pr.threads.flatMap((t) => t.comments.map((c) => c.author)))].sort(), [
      'chatgpt-codex-connector',
      'coderabbitai',
      'copilot-pull-request-reviewer',
      'cubic-dev-ai',
      'cursor',
      'greptile-apps',
    ]);
  });

  it("reads the findings embedded in the bots' review bodies (6 from CodeRabbit, 3 from Copilot)", async () => {
    const { pull } = seed();
    const pr = await fetchPullRequestReview(clientFor(ctx.double), { owner: 'acme', repo: 'webhooks' }, pull.number);
    assert.deepEqual(pr.reviews.map((r) => parseMarkdownReview(r.body).length), [6, 3]);
  });
});

describe('a review shaped like a webhook delivery', () => {
  const webhookReview = {
    id: 80,
    node_id: 'PRR_kwDOAbc123',
    user: { login: 'coderabbitai[bot]', type: 'Bot' },
    body: null,
    commit_id: 'ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091',
    submitted_at: '2026-01-02T00:00:00Z',
    state: 'commented',
    html_url: 'https://github.com/acme/webhooks/pull/1#pullrequestreview-80',
    pull_request_url: 'https://api.github.com/repos/acme/webhooks/pulls/1',
    author_association: 'NONE',
  };

  it('reads a null body as an empty one instead of failing, and keeps the bot as one author', () => {
    const imported = toImportedReview(webhookReview);
    assert.deepEqual(imported, { id: 'PRR_kwDOAbc123', databaseId: 80, state: 'COMMENTED', author: 'coderabbitai', body: '', url: webhookReview.html_url, commitId: webhookReview.commit_id });
    assert.deepEqual(parseMarkdownReview(imported.body), []);
  });

  it('skips an approval and a deleted author does not fail', () => {
    assert.equal(toImportedReview({ ...webhookReview, state: 'approved' }), undefined);
    assert.equal(toImportedReview({ ...webhookReview, user: null })?.author, null);
  });
});

describe('recognising a review bot', () => {
  it('by its login with or without [bot], and by its markers when the author is unknown (a pasted comment)', () => {
    assert.equal(reviewBotOf('coderabbitai[bot]', ''), 'coderabbit');
    assert.equal(reviewBotOf('coderabbitai', ''), 'coderabbit');
    assert.equal(reviewBotOf('Copilot', ''), 'copilot');
    assert.equal(normalizeLogin('cursor[bot]'), normalizeLogin('cursor'));
    assert.deepEqual(
      ['coderabbit-inline.md', 'bugbot-inline.md', 'codex-inline.md', 'greptile-inline.md'].map((name) => reviewBotOf(null, comment(name))),
      ['coderabbit', 'bugbot', 'codex', 'greptile'],
    );
    assert.equal(reviewBotOf('alice', 'Please rename this.'), undefined);
  });

  it("reads Greptile's older labelled form: the text after `**logic:**` is the title, `**style:**` is a nit", () => {
    const logic = readReviewComment('greptile-apps[bot]', '**logic:** The retry counter is never reset after a successful delivery.');
    assert.deepEqual([logic.bot, logic.severity, logic.title], ['greptile', undefined, 'The retry counter is never reset after a successful delivery.']);
    const style = readReviewComment('greptile-apps', '**style:** Prefer `const` here.');
    assert.deepEqual([style.severity, style.title], ['nit', 'Prefer `const` here.']);
  });

  it("keeps a person's comment as written: first line as title, severity left to the thread rules", () => {
    const reading = readReviewComment('alice', '## Wrong bound\nThe loop stops one early.');
    assert.deepEqual(reading, { title: 'Wrong bound', message: '## Wrong bound\nThe loop stops one early.' });
  });
});
