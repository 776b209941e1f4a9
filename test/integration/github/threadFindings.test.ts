import assert from 'node:assert/strict';
import { threadsToFindings, type ImportedThread } from '../../../src/github';

function thread(over: Partial<ImportedThread> & { body?: string }): ImportedThread {
  const { body = 'Please change this.', ...rest } = over;
  return {
    id: 'PRRT_1',
    isResolved: false,
    isOutdated: false,
    path: 'src/a.ts',
    line: 4,
    originalLine: 4,
    startLine: null,
    originalStartLine: null,
    diffSide: 'RIGHT',
    url: 'https://github.com/o/r/pull/1#discussion_r1',
    comments: [{ id: 'C1', databaseId: 1, author: 'alice', body, createdAt: '2026-01-01T00:00:00Z', url: 'u' }],
    ...rest,
  };
}

function one(t: ImportedThread) {
  const { added } = threadsToFindings([t], { existing: [], nextId: (p) => `${p}1`, now: 'now', prUrl: 'https://github.com/o/r/pull/1' });
  return added[0];
}

describe('mapping review threads to findings', () => {
  it('does not read "non-blocking" as blocking', () => {
    assert.equal(one(thread({ body: 'non-blocking: consider a map here' }))?.severity, 'non-blocking');
    assert.equal(one(thread({ body: 'This is a blocker for release' }))?.severity, 'blocking');
  });

  it('titles a finding with the first non-empty line, without heading marks, and shortens a long one', () => {
    assert.equal(one(thread({ body: '\n\n## Wrong bound\nmore' }))?.title, 'Wrong bound');
    const long = one(thread({ body: 'x'.repeat(300) }))!.title;
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('…'));
  });

  it('keeps a file-level thread on its file without lines', () => {
    const f = one(thread({ line: null, originalLine: null }))!;
    assert.equal(f.file, 'src/a.ts');
    assert.equal(f.line, undefined);
    assert.equal(f.anchor, undefined);
  });

  it('warns that a comment on the left side refers to the base version', () => {
    assert.ok(one(thread({ diffSide: 'LEFT' }))?.warnings?.some((w) => /base version/.test(w)));
  });

  it('uses the original lines of a thread whose line GitHub nulled even if not flagged outdated', () => {
    const f = one(thread({ line: null, originalLine: 9, originalStartLine: 7 }))!;
    assert.deepEqual([f.line, f.endLine], [7, 9]);
  });

  it('skips a thread with no comments and gives it no id', () => {
    let calls = 0;
    const { added } = threadsToFindings([thread({ comments: [] })], { existing: [], nextId: (p) => `${p}${++calls}`, now: 'now', prUrl: 'x' });
    assert.deepEqual(added, []);
    assert.equal(calls, 0);
  });
});
