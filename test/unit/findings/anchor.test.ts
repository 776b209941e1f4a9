import * as assert from 'node:assert/strict';
import { applyPatch, structuredPatch } from 'diff';
import { seeded } from '../../helpers/seeded';
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

describe('diffHunks on texts with long common starts and ends', () => {
  it('gives hunks that turn the old text into the new one, for 300 seeded edits (repeated lines, final newline or not, CRLF)', () => {
    const pick = seeded(7).int;
    for (let trial = 0; trial < 300; trial++) {
      // Few distinct lines, so the diff meets ambiguous, repeated lines at the cut points.
      const lines = Array.from({ length: 1 + pick(40) }, () => `line ${pick(4)}`);
      const edited = [...lines];
      for (let edits = 1 + pick(3); edits > 0; edits--) {
        const at = pick(edited.length + 1);
        const kind = pick(3);
        if (kind === 0) edited.splice(at, 0, `new ${pick(4)}`);
        else if (kind === 1 && edited.length > 0) edited.splice(Math.min(at, edited.length - 1), 1);
        else if (edited.length > 0) edited[Math.min(at, edited.length - 1)] = `changed ${pick(4)}`;
      }
      const eol = pick(2) ? '\r\n' : '\n';
      const oldText = lines.join('\n') + (pick(2) ? '\n' : '');
      const newText = edited.join(eol) + (pick(2) ? eol : '');
      const patched = applyPatch(oldText, { oldFileName: 'a', newFileName: 'b', oldHeader: '', newHeader: '', hunks: diffHunks(oldText, newText).map((h) => ({ ...h, lines: [...h.lines] })) });
      assert.equal(patched, newText.replace(/\r\n/g, '\n'), `trial ${trial}: ${JSON.stringify(oldText)} → ${JSON.stringify(newText)}`);
    }
  });

  it('maps a finding near the end of a 50,000-line file through an edit near its top', () => {
    const original = Array.from({ length: 50_000 }, (_, i) => `const v${i} = ${i};`).join('\n');
    const current = `// header\n${original.replace('const v3 = 3;', 'const v3 = 33;')}`;
    const hunks = diffHunks(original, current);
    const whole = structuredPatch('a', 'b', original, current, undefined, undefined, { context: 0 }).hunks;
    assert.deepEqual(hunks, whole, 'the same hunks as diffing every line');
    assert.deepEqual(hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]), [[1, 0, 1, 1], [4, 1, 5, 1]]);
    const anchor = { line: 49_990, endLine: 49_990, text: 'const v49989 = 49989;' };
    assert.deepEqual(anchorRange(anchor, current, { diff: hunks }), { line: 49_991, endLine: 49_991, outdated: false, method: 'diff' });
  });
});
