/**
 * The markdown review corpus (test/fixtures/reviews/markdown, sources in SOURCES.md there): every
 * finding a careful reader would take from each review, with its file, lines, severity and title.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdownReview, type FindingDraft } from '../../../src/core/findings';

type Expected = [severity: string, file: string | undefined, line: number | undefined, endLine: number | undefined, title: string];

const read = (name: string): string => readFileSync(join(__dirname, '../../fixtures/reviews/markdown', name), 'utf8');
const row = (d: FindingDraft): Expected => [d.severity, d.file, d.line, d.endLine, d.title];

const corpus: Record<string, Expected[]> = {
  'coderabbit-review-body.md': [
    ['blocking', 'src/billing/invoice.ts', 88, 95, 'Division by zero when an invoice has no line items.'],
    ['non-blocking', 'src/billing/tax.ts', 12, 12, 'Tax rate is read from the environment on every call.'],
    ['non-blocking', 'src/billing/currency.ts', 30, 41, 'Rounding still happens before the discount is applied.'],
    ['nit', 'src/billing/invoice.ts', 3, 3, 'Unused import `Decimal`.'],
    ['nit', 'src/billing/invoice.ts', 120, 126, 'Prefer `Array.prototype.reduce` over the manual loop.'],
    ['nit', 'test/billing/invoice.test.ts', 44, 58, 'Test names describe the implementation, not the behaviour.'],
  ],
  'coderabbit-review-body-2026.md': [
    ['non-blocking', 'internal/worker/pool.go', 112, 118, 'Workers keep running after the context is cancelled.'],
    ['nit', 'internal/worker/pool_test.go', 20, 20, 'Use `t.Cleanup` instead of `defer` for the pool shutdown.'],
    ['nit', 'internal/worker/pool_test.go', 64, 71, 'Table-driven cases would remove the three copies of the setup.'],
  ],
  'copilot-review-body.md': [
    ['nit', 'src/queue/backoff.ts', 14, 14, 'The magic number `30000` for the maximum delay would read better as a named constant such as `MAX_BACKOFF_MS`.'],
    ['non-blocking', 'src/queue/flush.ts', 61, 61, 'The snapshot file is written with `writeFileSync` without a temporary file and rename; a crash mid-write leaves a truncated snapshot that `loadSnapshot` cannot parse.'],
    ['nit', 'test/queue/flush.test.ts', 22, 22, "Test name 'works' does not say what behaviour is being verified."],
  ],
  'human-bullets.md': [
    ['blocking', 'src/server/session.ts', 48, 48, 'the session cookie is set without `Secure` and `SameSite`, so it is sent over plain HTTP on the staging domain.'],
    ['non-blocking', 'src/server/session.ts', 102, 110, 'the expiry check uses `<` where the comment says "inclusive"; a session is rejected one second early.'],
    ['blocking', 'src/server/csrf.ts', 17, 17, 'compares tokens with `===`; use `crypto.timingSafeEqual`.'],
    ['nit', 'src/server/routes.ts', 5, 5, 'import order (node builtins first, like the rest of the repo)'],
    ['non-blocking', 'src/server/routes.ts', 33, 33, 'the 404 handler logs the full URL including the query string, which can carry tokens.'],
    ['nit', 'test/server/session.test.ts', 12, 12, 'could use fake timers instead of the real clock.'],
    ['non-blocking', undefined, undefined, undefined, 'Please also update the CHANGELOG.'],
  ],
  'claude-code-review.md': [
    ['blocking', 'src/export/csv.ts', 27, 34, 'CSV injection: cells starting with `=`, `+`, `-` or `@` are written unescaped'],
    ['blocking', 'src/export/stream.ts', 58, 58, 'File handle leaked when the query throws'],
    ['non-blocking', 'src/export/csv.ts', 40, 44, 'Quotes inside quoted cells are not doubled'],
    ['non-blocking', 'src/export/csv.ts', 12, 12, 'the `DELIMITER` constant is exported but only used in this file.'],
    ['non-blocking', 'test/export/csv.test.ts', undefined, undefined, 'Consider adding a test for an empty report (`test/export/csv.test.ts`).'],
  ],
  'claude-action-review.md': [
    ['blocking', 'custom_components/acme/coordinator.py', 58, 58, 'Unclosed session on setup failure'],
    ['non-blocking', 'custom_components/acme/sensor.py', 88, 94, '`native_value` returns `0` when the device is offline; return `None` so the state becomes `unknown`.'],
    ['nit', 'custom_components/acme/const.py', 3, 3, '`DOMAIN` is redefined in `sensor.py`; import it.'],
  ],
  'numbered-ranges.md': [
    ['non-blocking', 'src/theme/ThemeProvider.tsx', 21, 38, 'Theme toggle flickers on first paint'],
    ['non-blocking', 'src/theme/tokens.css', 10, 20, 'Contrast of `--muted-fg` on `--surface` is 3.1:1, below WCAG AA'],
    ['non-blocking', 'src/theme/useSystemTheme.ts', 7, 9, '`prefers-color-scheme` listener is never removed'],
    ['non-blocking', 'src/theme/storage.ts', 15, 19, 'Typo in the storage key (`dashbaord-theme`)'],
    ['blocking', 'src/pages/_document.tsx', 11, 11, 'the server-rendered HTML does not set `data-theme`, so hydration mismatches'],
    ['non-blocking', 'test/theme/__snapshots__/ThemeProvider.test.tsx.snap', 1, 6, 'The snapshot test was regenerated without looking at it'],
  ],
};

describe('the markdown review corpus', () => {
  const total = Object.values(corpus).reduce((n, list) => n + list.length, 0);

  for (const [name, expected] of Object.entries(corpus)) {
    it(`takes the ${expected.length} findings a reader would from ${name}, each with its file, lines, severity and title`, () => {
      assert.deepEqual(parseMarkdownReview(read(name)).map(row), expected);
    });
  }

  it(`extracts ${total} of ${total} findings across the corpus, with no stray emphasis or unpaired backticks in titles and messages`, () => {
    const all = Object.keys(corpus).flatMap((name) => parseMarkdownReview(read(name)));
    assert.equal(all.length, total);
    for (const d of all) {
      assert.doesNotMatch(d.title, /\*\*|__(?!snapshots)|<\/?\w+|!\[/, d.title);
      assert.equal((d.title.match(/`/g) ?? []).length % 2, 0, d.title);
      assert.equal(d.message.split('\n')[0]!.split('**').length % 2, 1, d.message);
    }
  });

  it("uses CodeRabbit's own comment ids as external ids, so a re-posted comment merges with the first", () => {
    const drafts = parseMarkdownReview(read('coderabbit-review-body.md'));
    assert.deepEqual(
      drafts.map((d) => d.source.externalId?.startsWith('coderabbit:') ? d.source.externalId : 'hash'),
      ['coderabbit:cr-comment:v1:5f1c0a9e2b7d4c31a8e6f0b2', 'coderabbit:cr-comment:v1:0d9b7e4a61c2f85e3a9b11c7', 'hash', 'coderabbit:cr-comment:v1:77aa01c3e9d54b28f6e0c4d1', 'coderabbit:cr-comment:v1:a3c9e0f1b2d84e7f90c1d2e3', 'hash'],
    );
  });

  it("keeps CodeRabbit's prompt and suggested change with their comment and drops its bookkeeping (review details, LGTM notes)", () => {
    const drafts = parseMarkdownReview(read('coderabbit-review-body.md'));
    assert.match(drafts[0]!.message, /<summary>🤖 Prompt for AI Agents<\/summary>[\s\S]*guard averageLineTotal/);
    assert.match(drafts[4]!.message, /```suggestion\n {2}const total = lines\.reduce/);
    const text = drafts.map((d) => d.message).join('\n');
    assert.doesNotMatch(text, /LGTM|Review profile|Files selected|cr-comment|_⚠️ Potential issue_|_🔴 Critical_/);
  });

  it("reads nothing from bots' overviews that carry no findings (Codex, Greptile, Bugbot, Copilot without suppressed comments), instead of keeping them whole", () => {
    const copilot = read('copilot-review-body.md').replace(/<details>\n<summary>Comments suppressed[\s\S]*?<\/details>/, '');
    assert.doesNotMatch(copilot, /suppressed/);
    for (const text of [copilot, read('codex-review-body.md'), read('greptile-summary.md'), read('bugbot-review-body.md')]) assert.deepEqual(parseMarkdownReview(text), []);
  });

  it('keeps a person\'s review that only mentions a bot whole, as any review without recognisable items', () => {
    const drafts = parseMarkdownReview('I agree with CodeRabbit and the Copilot review here: the retry logic needs another look before we merge.');
    assert.equal(drafts.length, 1);
    assert.match(drafts[0]!.message, /retry logic needs another look/);
  });

  it('drops the stray ** a bold id item leaves in its title and message', () => {
    const [d] = parseMarkdownReview('### Blocking\n\n**B1. `ratio()` divides by a zero divisor**\n\nsrc/math.ts:4-9\n\nThe guard is missing.');
    assert.equal(d!.title, '`ratio()` divides by a zero divisor');
    assert.match(d!.message, /^`ratio\(\)` divides by a zero divisor\n/);
    assert.deepEqual([d!.suggestedId, d!.severity, d!.file, d!.line, d!.endLine], ['B1', 'blocking', 'src/math.ts', 4, 9]);
  });

  it('reads an assessment list of [CRITICAL] / [PROBLEM] / [SUGGESTION] lines when it is the whole review', () => {
    const drafts = parseMarkdownReview('Overall assessment: request changes.\n- [CRITICAL] rel/sensor.py:143 - Memory leak\n- [PROBLEM] rel/data_processing.py:87 - Inefficient algorithm\n- [SUGGESTION] rel/test_init.py:45 - Improve x variable name');
    assert.deepEqual(drafts.map(row), [
      ['blocking', 'rel/sensor.py', 143, 143, 'Memory leak'],
      ['non-blocking', 'rel/data_processing.py', 87, 87, 'Inefficient algorithm'],
      ['nit', 'rel/test_init.py', 45, 45, 'Improve x variable name'],
    ]);
  });

  it('counts a heading with an emoji and a count as a section', () => {
    const drafts = parseMarkdownReview('#### 🔴 Critical (1)\n\n- Token logged in plain text (src/log.ts:3)\n\n#### 🧹 Nits\n\n- Trailing space in src/log.ts:9');
    assert.deepEqual(drafts.map(row), [
      ['blocking', 'src/log.ts', 3, 3, 'Token logged in plain text'],
      ['nit', 'src/log.ts', 9, 9, 'Trailing space'],
    ]);
  });

  it('reads the section words reviewers use, and not a topic heading that happens to start with one', () => {
    const cases: Array<[string, string]> = [
      ['## Must fix', 'blocking'],
      ['## Should fix', 'non-blocking'],
      ['### Nitpicks (optional)', 'nit'],
      ['**Nice to have**', 'nit'],
      ['#### 🟢 Low priority', 'nit'],
      ['### 🟠 Major issues (2)', 'non-blocking'],
      ['Blockers:', 'blocking'],
      ['### Error handling', 'non-blocking'],
    ];
    for (const [heading, severity] of cases) {
      const drafts = parseMarkdownReview(`${heading}\n\n- thing (src/a.ts:3)\n`);
      assert.deepEqual(drafts.map((d) => d.severity), [severity], heading);
    }
  });

  it('reads each way of writing a location', () => {
    const cases: Array<[string, string, number | undefined, number | undefined]> = [
      ['- https://github.com/o/r/blob/0123abc/src/x.js#L7-L9 wrong bound', 'src/x.js', 7, 9],
      ['- wrong bound in [x.js](./src/x.js#L7)', 'src/x.js', 7, 7],
      ['- src/x.js L1-L6 wrong bound', 'src/x.js', 1, 6],
      ['- src/x.js lines 15-19: wrong bound', 'src/x.js', 15, 19],
      ['- wrong bound in src/x.js at line 11', 'src/x.js', 11, 11],
      ['- wrong bound (src/x.js, line 4)', 'src/x.js', 4, 4],
      ['- In `@src/x.js` around lines 42 - 45, guard the bound', 'src/x.js', 42, 45],
      ['- `src/x.js`:12 wrong bound', 'src/x.js', 12, 12],
      ['- src/x.js#L3-L5 wrong bound', 'src/x.js', 3, 5],
      ['- ./src/x.js:8 wrong bound', 'src/x.js', 8, 8],
    ];
    for (const [text, file, line, endLine] of cases) {
      const [d] = parseMarkdownReview(text);
      assert.deepEqual([d?.file, d?.line, d?.endLine], [file, line, endLine], text);
    }
  });

  it('sets severity from a label in the item over the section it is in', () => {
    const drafts = parseMarkdownReview(['### Non-blocking', '', '- nit: rename `x` (src/a.ts:1)', '- **Blocking.** crash on empty input (src/a.ts:2)', '- [blocker] leak (src/a.ts:3)', '- (optional) inline this (src/a.ts:4)', '- suggestion: use a map (src/a.ts:5)', '- critical: token in logs (src/a.ts:6)', '- plain (src/a.ts:7)', '- P1 (xref): the linked folder does not exist (src/a.ts:8)'].join('\n'));
    assert.deepEqual(
      drafts.map((d) => [d.line, d.severity, d.title]),
      [
        [1, 'nit', 'rename `x`'],
        [2, 'blocking', 'crash on empty input'],
        [3, 'blocking', 'leak'],
        [4, 'nit', 'inline this'],
        [5, 'nit', 'use a map'],
        [6, 'blocking', 'token in logs'],
        [7, 'non-blocking', 'plain'],
        [8, 'blocking', 'the linked folder does not exist'],
      ],
    );
  });
});
