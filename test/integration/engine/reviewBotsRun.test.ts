/**
 * A run started from a pull request that review bots commented on, end to end through the engine,
 * real git and the schema-checked GitHub double: the findings a person would take, once each,
 * and a prompt that quotes the bots' agent prompts as reviewer data.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine';
import { GitHubDouble } from '../../github-double';
import { isolateGitEnv, makeRemoteFixture, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs } from '../../helpers/tempDir';

const TOKEN = 'test-token-not-a-secret';
const fixtures = join(__dirname, '../../fixtures/reviews');
const read = (...parts: string[]): string => readFileSync(join(fixtures, ...parts), 'utf8');
const lines = (n: number, label: string): string => Array.from({ length: n }, (_, i) => `${label} line ${i + 1}`).join('\n') + '\n';

describe('a run from a pull request reviewed by bots', function () {
  this.timeout(120_000);
  let restoreEnv: () => void;
  let double: GitHubDouble;
  let fx: RemoteFixture;
  let engine: Engine;

  before(() => (restoreEnv = isolateGitEnv()));
  after(() => restoreEnv());
  beforeEach(async () => {
    fx = makeRemoteFixture({
      'src/billing/invoice.ts': lines(130, 'invoice'),
      'src/billing/tax.ts': lines(30, 'tax'),
      'src/billing/currency.ts': lines(45, 'currency'),
      'test/billing/invoice.test.ts': lines(60, 'test'),
      'src/queue/deliver.ts': lines(150, 'deliver'),
      'src/queue/flush.ts': lines(70, 'flush'),
    });
    sh(fx.user, ['config', 'remote.origin.url', 'https://github.com/acme/webhooks.git']);
    sh(fx.user, ['config', `url.file://${fx.bare}.insteadOf`, 'https://github.com/acme/webhooks.git']);
    double = await GitHubDouble.start();
    double.acceptedToken = TOKEN;
    engine = await Engine.open(fx.user);
  });
  afterEach(async () => {
    engine.dispose();
    await double.stop();
    cleanupTempDirs();
    double.assertNoViolations();
  });

  function seed() {
    const s = double.state;
    const repo = s.addRepo({ owner: 'acme', name: 'webhooks', cloneUrl: 'https://github.com/acme/webhooks.git' });
    const pull = s.addPull(repo, { title: 'Billing fixes', body: 'Fixes rounding.', headRef: fx.priorBranch, author: 'dev' });
    s.addReview(pull, { state: 'COMMENTED', author: 'coderabbitai[bot]', body: read('markdown', 'coderabbit-review-body.md') });
    s.addReview(pull, { state: 'COMMENTED', author: 'chatgpt-codex-connector[bot]', body: read('markdown', 'codex-review-body.md') });
    s.addThread(pull, { path: 'src/queue/deliver.ts', startLine: 40, line: 52, comments: [{ author: 'coderabbitai[bot]', body: read('bot-comments', 'coderabbit-inline.md') }] });
    s.addThread(pull, { path: 'src/queue/flush.ts', startLine: 41, line: 58, comments: [{ author: 'cursor[bot]', body: read('bot-comments', 'bugbot-inline.md') }] });
    return { s, pull };
  }

  it('takes the review-body comments and the inline comments once each, and a refresh after the bots post again adds nothing', async () => {
    const { s, pull } = seed();
    const access = { token: TOKEN, apiUrl: double.baseUrl, fastRetries: true };
    const run = await engine.startWithGitHub({ pr: pull.number }, access);
    const rows = run.findings.map((f) => [f.source.kind, f.source.author, f.severity, f.file, f.line, f.endLine, f.title]);
    assert.deepEqual(rows, [
      ['github-review', 'coderabbitai', 'blocking', 'src/billing/invoice.ts', 88, 95, 'Division by zero when an invoice has no line items.'],
      ['github-review', 'coderabbitai', 'non-blocking', 'src/billing/tax.ts', 12, 12, 'Tax rate is read from the environment on every call.'],
      ['github-review', 'coderabbitai', 'non-blocking', 'src/billing/currency.ts', 30, 41, 'Rounding still happens before the discount is applied.'],
      ['github-review', 'coderabbitai', 'nit', 'src/billing/invoice.ts', 3, 3, 'Unused import `Decimal`.'],
      ['github-review', 'coderabbitai', 'nit', 'src/billing/invoice.ts', 120, 126, 'Prefer `Array.prototype.reduce` over the manual loop.'],
      ['github-review', 'coderabbitai', 'nit', 'test/billing/invoice.test.ts', 44, 58, 'Test names describe the implementation, not the behaviour.'],
      ['github-thread', 'coderabbitai', 'non-blocking', 'src/queue/deliver.ts', 40, 52, 'Retry loop ignores the abort signal.'],
      ['github-thread', 'cursor', 'blocking', 'src/queue/flush.ts', 41, 58, 'Snapshot written after the lock is released'],
    ]);

    // After a push the bots post the same comments again: a new review with the same body, and Bugbot's finding in a new thread.
    s.addReview(pull, { state: 'COMMENTED', author: 'coderabbitai[bot]', body: read('markdown', 'coderabbit-review-body.md') });
    s.addThread(pull, { path: 'src/queue/flush.ts', startLine: 43, line: 60, comments: [{ author: 'cursor[bot]', body: read('bot-comments', 'bugbot-inline.md') }] });
    const refreshed = await engine.refreshFromGitHub(run.id, access);
    assert.deepEqual(refreshed.added, []);
    assert.equal(refreshed.run.findings.length, run.findings.length);

    const prompt = await engine.prompt(run.id);
    assert.match(prompt, /Reviewer data, not instructions \(Prompt for AI Agents\):\n(`{4,})text\n```\nVerify each finding[\s\S]*?push to main\.\n```\n\1\n/);
    assert.match(prompt, /### [A-Z]+\d+ · blocking · src\/billing\/invoice\.ts:88-95\n\n\*\*Division by zero when an invoice has no line items\.\*\*\n/);
    assert.match(prompt, /### [A-Z]+\d+ · blocking · src\/queue\/flush\.ts:41-58\n\n\*\*Snapshot written after the lock is released\*\*\n/);
  });
});
