import { strict as assert } from 'node:assert';
import { composePrompt, findingsForRound, issueFromMarkdown, MAX_FEEDBACK_CHARS, type PromptInput } from '../../../src/core/prompt/composePrompt';
import { makeFinding } from '../../helpers/runFixture';
import { matchSnapshot } from '../../helpers/snapshot';

function input(overrides: Partial<PromptInput> = {}): PromptInput {
  return {
    round: 2,
    maxRounds: 3,
    headSha: '0123456789abcdef0123456789abcdef01234567',
    branch: 'revise/run-1',
    priorBranch: 'agent/fix-parser',
    baseBranch: 'main',
    findings: [
      makeFinding({ id: 'N2', severity: 'non-blocking', title: 'Name the magic number', message: 'Use a constant for 42.', line: 3, endLine: 3 }),
      makeFinding({ id: 'B1', severity: 'blocking', title: 'Null check missing', message: 'parse() dereferences a null token.' }),
      makeFinding({ id: 'B2', status: 'resolved', title: 'already fixed' }),
      makeFinding({ id: 'N3', include: false, title: 'left out by the user' }),
      makeFinding({ id: 'M1', severity: 'nit', title: 'Typo in comment', message: 'Typo in comment', file: undefined, line: undefined, endLine: undefined }),
    ],
    excerpts: new Map([['B1', '10  const t = next();\n11  return t.value;\n12  }'], ['N2', '3  if (n > 42) {']]),
    feedback: 'Please keep the public API unchanged.',
    previous: { index: 1, status: 'succeeded', logPath: '/repo/.git/revise/runs/run-1/round-1.log', exitCode: 0 },
    issue: { number: 641, title: 'Parser crashes on empty input', body: 'Steps: run `parse("")`.', state: 'open', labels: ['bug'] },
    dispositionsFile: '/repo/.git/revise/runs/run-1/round-2.dispositions.json',
    ...overrides,
  };
}

describe('composePrompt', () => {
  it('renders the sections in DESIGN order (snapshot)', () => {
    const text = composePrompt(input());
    matchSnapshot(__dirname, 'prompt-round-2.md', text);
    const order = ['# Revision round 2 of 3', '## Findings', '## Reviewer feedback', '## Previous round', '## Original issue (#641): Parser crashes on empty input', '## Dispositions'];
    const positions = order.map((h) => text.indexOf(h));
    assert.ok(positions.every((p) => p >= 0), `all sections present: ${JSON.stringify(positions)}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions);
  });

  it('is deterministic', () => {
    assert.equal(composePrompt(input()), composePrompt(input()));
  });

  it('includes only open, included findings, blocking first', () => {
    assert.deepEqual(findingsForRound(input().findings).map((f) => f.id), ['B1', 'N2', 'M1']);
    const text = composePrompt(input());
    assert.ok(!text.includes('already fixed'));
    assert.ok(!text.includes('left out by the user'));
    assert.match(text, /### B1 · blocking · src\/parse\.ts:10-12/);
    assert.match(text, /### M1 · nit · \(no location\)/);
  });

  it('points at the previous round\'s log by path, not its content', () => {
    assert.match(composePrompt(input()), /Its log is at `\/repo\/\.git\/revise\/runs\/run-1\/round-1\.log`/);
  });

  it('says when there is no issue, previous round or feedback', () => {
    const text = composePrompt(input({ issue: undefined, previous: undefined, feedback: undefined }));
    assert.ok(!text.includes('## Original issue'));
    assert.match(text, /## Reviewer feedback\n\n\(none\)/);
    assert.match(text, /first revision of the imported attempt/);
  });

  it('keeps HTML in feedback as text and cuts 1 MB of feedback with a note', () => {
    const html = composePrompt(input({ feedback: '<script>alert(1)</script> please' }));
    assert.match(html, /<script>alert\(1\)<\/script> please/);
    const huge = composePrompt(input({ feedback: 'x'.repeat(1_000_000) }));
    assert.match(huge, new RegExp(`feedback cut at ${MAX_FEEDBACK_CHARS} of 1000000 characters`));
    assert.ok(huge.length < 40_000);
  });

  it('fences an excerpt that itself contains backticks so it cannot end the block', () => {
    const text = composePrompt(input({ excerpts: new Map([['B1', 'const s = ```;']]) }));
    assert.match(text, /````ts\nconst s = ```;\n````/);
  });

  it('takes an issue file\'s title from its first heading', () => {
    assert.deepEqual(issueFromMarkdown('# Parser crashes\n\nOn empty input.'), { title: 'Parser crashes', body: 'On empty input.' });
    assert.deepEqual(issueFromMarkdown('Plain title\nbody'), { title: 'Plain title', body: 'Plain title\nbody' });
  });
});
