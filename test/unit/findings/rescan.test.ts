import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { locateFindings, mergeImported, readSarif, type ImportScope } from '../../../src/core/findings';
import type { Finding } from '../../../src/core/model';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const result = (rule: string, text: string, line: number, column = 1, file = 'src/a.js') => ({
  ruleId: rule,
  level: 'warning',
  message: { text },
  locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: line, startColumn: column } } }],
});
const scan = (tool: string, results: unknown[]) => readSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: tool } }, results }] });

describe('re-importing a scan of the same tool', () => {
  after(cleanupTempDirs);
  const at = (n: number) => `2026-02-0${n}T00:00:00.000Z`;

  it('moves a finding whose lines moved instead of adding a duplicate, keeping its id and status', () => {
    const first = scan('lint', [result('eqeqeq', "Expected '==='", 6, 5), result('no-debugger', 'debugger', 7)]);
    const merged = mergeImported([], first.drafts, { now: at(1), scopes: first.scopes });
    const triaged: Finding[] = merged.findings.map((f) => (f.title.startsWith('eqeqeq') ? { ...f, status: 'dismissed', reason: 'on purpose' } : f));
    const second = scan('lint', [result('eqeqeq', "Expected '==='", 9, 5), result('no-debugger', 'debugger', 10)]);
    const again = mergeImported(triaged, second.drafts, { now: at(2), scopes: second.scopes });
    assert.deepEqual(again.added, []);
    assert.deepEqual(again.moved.sort(), merged.added.slice().sort());
    assert.deepEqual(again.gone, []);
    const eq = again.findings.find((f) => f.title.startsWith('eqeqeq'))!;
    assert.deepEqual([eq.id, eq.status, eq.line, eq.column], [triaged[0]!.id, 'dismissed', 9, 5]);
    assert.equal(again.findings.length, 2);
  });

  it('marks the findings a re-scan no longer reports as gone, and clears the mark when they come back', () => {
    const first = scan('lint', [result('a', 'one', 1), result('b', 'two', 2)]);
    const merged = mergeImported([], first.drafts, { now: at(1), scopes: first.scopes });
    const fixed = scan('lint', [result('a', 'one', 1)]);
    const after = mergeImported(merged.findings, fixed.drafts, { now: at(2), scopes: fixed.scopes });
    const b = merged.findings.find((f) => f.title === 'b: two')!;
    assert.deepEqual(after.gone, [b.id]);
    assert.equal(after.findings.find((f) => f.id === b.id)!.goneSince, at(2));
    assert.equal(after.findings.find((f) => f.id === b.id)!.status, 'open', 'gone is a mark, not a verdict');
    const back = mergeImported(after.findings, first.drafts, { now: at(3), scopes: first.scopes });
    assert.deepEqual([back.added, back.updated, back.gone], [[], [b.id], []]);
    assert.equal(back.findings.find((f) => f.id === b.id)!.goneSince, undefined);
  });

  it("an empty scan marks all of that tool's findings gone, and never touches another tool's", () => {
    const lint = scan('lint', [result('a', 'one', 1)]);
    const other = scan('other', [result('a', 'one', 1)]);
    let findings = mergeImported([], lint.drafts, { now: at(1), scopes: lint.scopes }).findings;
    findings = mergeImported(findings, other.drafts, { now: at(1), scopes: other.scopes }).findings;
    const empty = scan('lint', []);
    const after = mergeImported(findings, empty.drafts, { now: at(2), scopes: empty.scopes });
    assert.deepEqual(after.gone, [findings.find((f) => f.source.author === 'lint')!.id]);
  });

  it('matches a moved result to the finding whose anchored text is the same, when the same message appears twice in a file', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/a.js'), 'c == d;\n\n\na == b;\n');
    const ctx = { worktree: dir, realpath: (p: string) => realpath(p), exists: async (p: string) => !!(await realpath(p).catch(() => undefined)), readFile: (p: string) => readFile(p, 'utf8'), commit: 'c1' };
    const first = scan('lint', [result('eqeqeq', 'use ===', 1, 3), result('eqeqeq', 'use ===', 4, 3)]);
    const merged = mergeImported([], await locateFindings(first.drafts, ctx), { now: at(1), scopes: first.scopes });
    const [onCd, onAb] = merged.added;
    // a == b deleted, lines added on top: c == d is now on line 6, nearer to where a == b was.
    writeFileSync(join(dir, 'src/a.js'), '//\n//\n//\n//\n//\nc == d;\n');
    const second = scan('lint', [result('eqeqeq', 'use ===', 6, 3)]);
    const after = mergeImported(merged.findings, await locateFindings(second.drafts, { ...ctx, commit: 'c2' }), { now: at(2), scopes: second.scopes });
    assert.deepEqual([after.added, after.moved, after.gone], [[], [onCd], [onAb]]);
    const cd = after.findings.find((f) => f.id === onCd)!;
    assert.deepEqual([cd.line, cd.anchor?.text, cd.anchor?.commit], [6, 'c == d;', 'c2']);
  });

  it('never moves a finding on a plain re-import without a scope (a markdown review written against an older commit)', () => {
    const first = scan('lint', [result('a', 'one', 1)]);
    const merged = mergeImported([], first.drafts, { now: at(1) });
    const later: ImportScope[] = [];
    const moved = scan('lint', [result('a', 'one', 1)]).drafts.map((d) => ({ ...d, line: 40, endLine: 40 }));
    const after = mergeImported(merged.findings, moved, { now: at(2), scopes: later });
    assert.deepEqual([after.moved, after.gone], [[], []]);
    assert.equal(after.findings[0]!.line, 1);
  });
});
