import * as assert from 'node:assert/strict';
import { anchorRange, diffHunks, shiftRangesForEdit, type TextChange } from '../../../src/core/findings';

const original = ['import x', '', 'function load() {', '  const a = 1;', '  return a;', '}', '', 'export {}'].join('\n');
const anchor = { commit: 'c1', line: 4, endLine: 5, text: '  const a = 1;\n  return a;' };

function edit(startLine: number, startChar: number, endLine: number, endChar: number, text: string): TextChange {
  return { range: { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } }, text };
}

describe('anchorRange', () => {
  it('keeps the range when the anchored text is still at the same lines', () => {
    assert.deepEqual(anchorRange(anchor, original), { line: 4, endLine: 5, outdated: false, method: 'exact' });
  });

  it('maps the range through the diff from the anchor commit when lines were added above', () => {
    const current = original.replace('import x', 'import x\nimport y\nimport z');
    assert.deepEqual(anchorRange(anchor, current, { diff: diffHunks(original, current) }), { line: 6, endLine: 7, outdated: false, method: 'diff' });
  });

  it('finds re-indented text by a whitespace-insensitive search, nearest match first', () => {
    const current = ['const a = 1;', 'return a;', '', 'function load() {', '    const  a = 1;', '    return a;', '}'].join('\n');
    assert.deepEqual(anchorRange(anchor, current, { diff: diffHunks(original, current) }), { line: 5, endLine: 6, outdated: false, method: 'fuzzy' });
  });

  it('marks the finding outdated at its best position when its text is gone', () => {
    const current = original.replace('  const a = 1;\n  return a;', '  return 2;');
    const result = anchorRange(anchor, current, { diff: diffHunks(original, current) });
    assert.equal(result.outdated, true);
    assert.equal(result.method, 'outdated');
    assert.equal(result.line, 4);
  });

  it('clamps an outdated range to a shorter document', () => {
    assert.deepEqual(anchorRange({ line: 40, endLine: 42, text: 'gone' }, 'a\nb'), { line: 2, endLine: 2, outdated: true, method: 'outdated' });
  });
});

describe('shiftRangesForEdit', () => {
  const ranges = [{ line: 4, endLine: 5 }];

  it('moves a range down when lines are inserted above it', () => {
    assert.deepEqual(shiftRangesForEdit(ranges, edit(1, 0, 1, 0, 'a\nb\n')), [{ line: 6, endLine: 7 }]);
  });

  it('moves a range up when lines above it are deleted', () => {
    assert.deepEqual(shiftRangesForEdit(ranges, edit(0, 0, 2, 0, '')), [{ line: 2, endLine: 3 }]);
  });

  it('leaves a range alone for an edit below it or on the same line count', () => {
    assert.deepEqual(shiftRangesForEdit(ranges, edit(7, 0, 7, 0, 'x\n')), ranges);
    assert.deepEqual(shiftRangesForEdit(ranges, edit(1, 0, 1, 0, 'typed')), ranges);
  });

  it('grows a range when a line is inserted inside it and shrinks it when one is deleted', () => {
    assert.deepEqual(shiftRangesForEdit(ranges, edit(3, 5, 3, 5, '\n')), [{ line: 4, endLine: 6 }]);
    assert.deepEqual(shiftRangesForEdit([{ line: 4, endLine: 6 }], edit(4, 0, 5, 0, '')), [{ line: 4, endLine: 5 }]);
  });

  it('marks a range outdated when all of its lines are deleted', () => {
    assert.deepEqual(shiftRangesForEdit(ranges, edit(3, 0, 5, 0, '')), [{ line: 4, endLine: 4, outdated: true }]);
  });

  it('treats text joined onto the first line as an edit inside the range', () => {
    assert.deepEqual(shiftRangesForEdit(ranges, edit(2, 3, 3, 0, '')), [{ line: 3, endLine: 4 }]);
  });
});
