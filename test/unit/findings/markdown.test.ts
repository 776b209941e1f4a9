import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdownReview } from '../../../src/core/findings';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/reviews', name), 'utf8');

describe('parseMarkdownReview', () => {
  describe('a review in sections with B/N ids', () => {
    const drafts = parseMarkdownReview(fixture('seed-style-review.md'), { origin: 'review.md' });
    const byId = new Map(drafts.map((d) => [d.suggestedId ?? d.title, d]));

    it('finds every item of the Blocking, Non-blocking and Nits sections and nothing from the summary or test plan', () => {
      assert.deepEqual(
        drafts.map((d) => [d.suggestedId ?? '-', d.severity]),
        [
          ['B1', 'blocking'],
          ['B2', 'blocking'],
          ['B3', 'blocking'],
          ['N1', 'non-blocking'],
          ['N2', 'non-blocking'],
          ['N3', 'non-blocking'],
          ['-', 'nit'],
          ['-', 'nit'],
        ],
      );
      assert.ok(drafts.every((d) => !/Scheduler tests pass/.test(d.message) && !/backoff model is right/.test(d.message)));
    });

    it('takes the title from the item line and the whole item as the message', () => {
      const b1 = byId.get('B1')!;
      assert.equal(b1.title, '`flushQueue` releases the lock before the snapshot is written — a concurrent `enqueue` can be lost');
      assert.match(b1.message, /hand the snapshot to the writer together with the lock token/);
      assert.equal(b1.source.kind, 'markdown');
      assert.equal(b1.source.origin, 'review.md');
    });

    it('locates an item by the first path:line-line reference in it', () => {
      assert.deepEqual(pick(byId.get('B1')!), { file: 'src/queue/flush.ts', line: 41, endLine: 58 });
      assert.deepEqual(pick(byId.get('B2')!), { file: 'src/queue/shutdown.ts', line: 12, endLine: 30 });
      assert.deepEqual(pick(byId.get('N1')!), { file: 'src/queue/backoff.ts', line: 9, endLine: 9 });
      assert.deepEqual(pick(drafts[6]!), { file: 'src/queue/types.ts', line: 3, endLine: 7 });
    });

    it('keeps a file-only reference as a file without lines, and an item without any reference file-less', () => {
      assert.deepEqual(pick(byId.get('N2')!), { file: 'test/queue/scheduler.test.ts', line: undefined, endLine: undefined });
      assert.deepEqual(pick(byId.get('B3')!), { file: undefined, line: undefined, endLine: undefined });
      assert.equal(byId.get('B3')!.title, 'Retries for 410 Gone are still scheduled — the receiver said the endpoint is gone');
    });

    it('gives the same external ids when the same review is parsed again', () => {
      const again = parseMarkdownReview(fixture('seed-style-review.md'));
      assert.deepEqual(again.map((d) => d.source.externalId), drafts.map((d) => d.source.externalId));
      assert.equal(new Set(drafts.map((d) => d.source.externalId)).size, drafts.length);
    });
  });

  it('reads bare section lines and unnumbered items whose title is followed by a path paragraph, as GitHub renders a pasted review', () => {
    const text = [
      'No new blocking issues in the delta.',
      '',
      'Non-blocking',
      '',
      'Helper has no direct unit test — both new tests mock it out',
      '',
      'tests/test_recovery.py:593,659 patch the helper itself, so the new tests verify the wiring only.',
      '',
      'Four inline copies of the same sequence',
      '',
      'routes/pipelines.py:20589 and :20642 open-code the sequence.',
    ].join('\n');
    const drafts = parseMarkdownReview(text);
    assert.deepEqual(
      drafts.map((d) => [d.title, d.severity, d.file, d.line]),
      [
        ['Helper has no direct unit test — both new tests mock it out', 'non-blocking', 'tests/test_recovery.py', 593],
        ['Four inline copies of the same sequence', 'non-blocking', 'routes/pipelines.py', 20589],
      ],
    );
  });

  it('reads [severity/area] message (file:line); suggested fix lines with their severity words', () => {
    const drafts = parseMarkdownReview(fixture('llmkube-style.txt'));
    assert.deepEqual(
      drafts.map((d) => [d.severity, d.title, d.file, d.line, d.endLine]),
      [
        ['blocking', 'HMAC comparison uses == instead of hmac.Equal', 'pkg/webhook/verify.go', 42, 42],
        ['non-blocking', 'Retry loop ignores context cancellation', 'pkg/webhook/retry.go', 17, 31],
        ['non-blocking', 'No test for an expired timestamp header', 'pkg/webhook/verify_test.go', 1, 1],
        ['nit', 'Exported function lacks a doc comment', 'pkg/webhook/verify.go', 10, 10],
        ['nit', 'README does not mention the new WEBHOOK_SECRET variable', undefined, undefined, undefined],
      ],
    );
    assert.match(drafts[0]!.message, /^\(security\) .*suggested fix: use hmac\.Equal/);
  });

  it('uses the id prefix for severity when a review has ids but no sections', () => {
    const drafts = parseMarkdownReview('B1. Crash on empty input (src/a.ts:3)\nN2: Rename x (src/b.ts:9)\nM1 - spacing');
    assert.deepEqual(drafts.map((d) => [d.suggestedId, d.severity]), [['B1', 'blocking'], ['N2', 'non-blocking'], ['M1', 'nit']]);
  });

  it('keeps a review with no recognisable item as one file-less finding with its whole text', () => {
    const drafts = parseMarkdownReview('Looks mostly fine, but please reconsider the naming of the queue module.\nThanks!');
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.file, undefined);
    assert.match(drafts[0]!.message, /reconsider the naming.*\nThanks!/s);
    assert.equal(drafts[0]!.warnings?.length, 1);
  });

  it('returns nothing for an empty file', () => {
    assert.deepEqual(parseMarkdownReview('  \n\n'), []);
  });
});

function pick(d: { file?: string | undefined; line?: number | undefined; endLine?: number | undefined }): object {
  return { file: d.file, line: d.line, endLine: d.endLine };
}
