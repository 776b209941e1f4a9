import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { locateFinding, mergeImported, parseMarkdownReview, type FindingDraft, type LocateContext } from '../../../src/core/findings';
import type { Finding } from '../../../src/core/model';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

function draft(file: string | undefined, line?: number, endLine?: number): FindingDraft {
  return {
    severity: 'blocking',
    title: 'Something is off',
    message: 'Something is off here.',
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined ? { line, endLine: endLine ?? line } : {}),
    source: { kind: 'markdown', externalId: `md:${file ?? 'none'}` },
  };
}

describe('locateFinding', () => {
  let worktree: string;
  let outside: string;
  let ctx: LocateContext;

  before(() => {
    const base = makeTempDir();
    worktree = join(base, 'wt');
    outside = join(base, 'outside');
    mkdirSync(join(worktree, 'src'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(worktree, 'src', 'a.ts'), 'one\ntwo\nthree\nfour\n');
    writeFileSync(join(outside, 'secret.txt'), 'secret\n');
    symlinkSync(join(outside, 'secret.txt'), join(worktree, 'src', 'leak.txt'));
    symlinkSync(outside, join(worktree, 'linked-dir'));
    symlinkSync(join(worktree, 'src', 'a.ts'), join(worktree, 'alias.ts'));
    ctx = { worktree, realpath: (p) => realpath(p), exists: (p) => Promise.resolve(existsSync(p)), readFile: (p) => readFile(p, 'utf8'), commit: 'c'.repeat(40) };
  });
  after(cleanupTempDirs);

  it('keeps a path inside the worktree, normalised, and anchors the lines at the commit', async () => {
    const located = await locateFinding(draft('./src/../src/a.ts', 2, 3), ctx);
    assert.equal(located.file, 'src/a.ts');
    assert.deepEqual(located.anchor, { commit: 'c'.repeat(40), line: 2, endLine: 3, text: 'two\nthree' });
    assert.equal(located.warnings, undefined);
  });

  it('follows a symlink that stays inside the worktree', async () => {
    assert.equal((await locateFinding(draft('alias.ts', 1), ctx)).file, 'alias.ts');
  });

  for (const [name, file, why] of [
    ['an absolute path', '/etc/passwd', /absolute paths are refused/],
    ['a Windows absolute path', 'C:\\Windows\\win.ini', /absolute paths are refused/],
    ['a .. escape', 'src/../../outside/secret.txt', /outside the worktree \(\.\.\)/],
    ['a symlinked file leading outside', 'src/leak.txt', /symlink that leads outside/],
    ['a path through a symlinked folder leading outside', 'linked-dir/secret.txt', /symlink that leads outside/],
    ['a file that does not exist', 'src/missing.ts', /does not exist/],
  ] as const) {
    it(`refuses ${name} for location but keeps the finding file-less with its text and a warning`, async () => {
      const located = await locateFinding(draft(file, 1, 2), ctx);
      assert.equal(located.file, undefined);
      assert.equal(located.line, undefined);
      assert.equal(located.message, 'Something is off here.');
      assert.match(located.warnings![0]!, why);
      assert.ok(located.warnings![0]!.includes(`${file}:1-2`));
    });
  }

  it('keeps the file but drops a line past the end of it', async () => {
    const located = await locateFinding(draft('src/a.ts', 99), ctx);
    assert.equal(located.file, 'src/a.ts');
    assert.equal(located.line, undefined);
    assert.match(located.warnings![0]!, /past the end/);
  });

  it('checks the worktree through its real path, so a worktree reached through a symlink still works', async () => {
    const via = join(makeTempDir(), 'via');
    symlinkSync(realpathSync(worktree), via);
    assert.equal((await locateFinding(draft('src/a.ts', 1), { ...ctx, worktree: via })).file, 'src/a.ts');
  });
});

describe('mergeImported', () => {
  const now = '2026-02-02T00:00:00.000Z';
  const review = ['Blocking', 'B1. Lock released early (src/a.ts:1)', 'B3. Missing event (src/b.ts:2)', 'Non-blocking', '- Rename (src/c.ts:3)', 'Nits', '- Typo'].join('\n');

  it("keeps the review's ids when free and numbers the rest by severity", () => {
    const { findings, added, updated } = mergeImported([], parseMarkdownReview(review), { now, origin: 'review.md' });
    assert.deepEqual(added, ['B1', 'B3', 'N1', 'M1']);
    assert.deepEqual(updated, []);
    assert.ok(findings.every((f) => f.status === 'open' && f.include && f.createdAt === now && f.source.origin === 'review.md'));
  });

  it('does not duplicate anything when the same review is imported again, and keeps statuses', () => {
    const first = mergeImported([], parseMarkdownReview(review), { now });
    const triaged: Finding[] = first.findings.map((f) => (f.id === 'B1' ? { ...f, status: 'dismissed', reason: 'by design' } : f));
    const second = mergeImported(triaged, parseMarkdownReview(review), { now: 'later' });
    assert.deepEqual(second.added, []);
    assert.deepEqual(second.updated, []);
    assert.deepEqual(second.findings, triaged);
  });

  it('gives a review id that is taken the next free id of its severity, and adds new items from a changed review', () => {
    const existing = mergeImported([], parseMarkdownReview('B1. Old thing (src/x.ts:1)\nB2. Other (src/y.ts:2)'), { now }).findings;
    const next = mergeImported(existing, parseMarkdownReview('B1. New thing (src/z.ts:5)\nB2. Other (src/y.ts:2)'), { now });
    assert.deepEqual(next.added, ['B3']);
    assert.equal(next.findings.length, 3);
  });

  it('updates the text of a finding whose external id matches but whose severity changed', () => {
    const drafts: FindingDraft[] = [{ ...draft('src/a.ts', 1), source: { kind: 'json', externalId: 'json:t-1' } }];
    const first = mergeImported([], drafts, { now });
    const second = mergeImported(first.findings, [{ ...drafts[0]!, severity: 'nit' }], { now });
    assert.deepEqual(second.updated, [first.added[0]]);
    assert.equal(second.findings[0]!.severity, 'nit');
    assert.equal(second.findings[0]!.id, 'B1');
  });

  it('merges an item repeated within one import into one finding', () => {
    const { added } = mergeImported([], [draft('src/a.ts', 1), draft('src/a.ts', 1)], { now });
    assert.deepEqual(added, ['B1']);
  });
});
