import assert from 'node:assert/strict';
import { mergeThreads, threadsToFindings, type ImportedThread } from '../../../src/github';

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
  const { added } = threadsToFindings([t], { existing: [], now: 'now', prUrl: 'https://github.com/o/r/pull/1' });
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
    const { added } = threadsToFindings([thread({ comments: [] }), thread({ id: 'PRRT_2' })], { existing: [], now: 'now', prUrl: 'x' });
    assert.deepEqual(added.map((f) => [f.id, f.source.threadId]), [['G1', 'PRRT_2']]);
  });

  it('merges a bot re-post in a new thread into the finding its id already names, like any import', () => {
    const bug = (title: string) => `### ${title}\n\n**High Severity**\n\nThe lock is released too early.\n\n<!-- BUGBOT_BUG_ID: 7c1d9a52 -->`;
    const first = threadsToFindings([thread({ id: 'PRRT_1', comments: [{ id: 'C1', databaseId: 1, author: 'cursor[bot]', body: bug('Lock released early'), createdAt: 'then', url: 'u' }] })], { existing: [], now: 'then', prUrl: 'x' });
    assert.deepEqual(first.added.map((f) => [f.id, f.source.externalId]), [['G1', 'bugbot:7c1d9a52']]);
    const repost = thread({ id: 'PRRT_9', comments: [{ id: 'C9', databaseId: 9, author: 'cursor[bot]', body: bug('Lock released before the write'), createdAt: 'now', url: 'u' }] });
    const merged = mergeThreads([repost, { ...repost, id: 'PRRT_10' }], { existing: first.added, now: 'now', prUrl: 'x' });
    assert.deepEqual([merged.added, merged.updated, merged.repeated], [[], ['G1'], 1]);
    assert.deepEqual(merged.findings.map((f) => [f.id, f.title, f.source.threadId]), [['G1', 'Lock released before the write', 'PRRT_1']]);
  });

  it('resolves the open finding of a thread resolved on GitHub, without changing the findings given', () => {
    const first = threadsToFindings([thread({})], { existing: [], now: 'then', prUrl: 'x' });
    const merged = mergeThreads([thread({ isResolved: true })], { existing: first.added, now: 'now', prUrl: 'x' });
    assert.deepEqual([merged.closed, merged.findings.map((f) => f.status), first.added.map((f) => f.status)], [['G1'], ['resolved'], ['open']]);
  });
});
