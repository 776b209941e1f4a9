import * as assert from 'node:assert/strict';
import { Run } from '../../../src/core/model';
import { isTextOf, jsonPieces, runTextPieces, validateRun } from '../../../src/store/runDocument';
import { makeFinding, makeRun } from '../../helpers/runFixture';

/** A run with `n` findings, some with every optional field, text outside ASCII and keys out of schema order. */
function largeRun(n: number): Run {
  const findings = Array.from({ length: n }, (_, i) =>
    makeFinding({
      id: `N${i + 1}`,
      title: `Finding ${i} — “quoted” 😀`,
      message: `line one\nline two \u2028 ${i}`,
      ...(i % 3 === 0 ? { file: `src/f${i}.ts`, line: i + 1, endLine: i + 2, column: 3, endColumn: 9, anchor: { commit: 'abc', line: i + 1, endLine: i + 2, text: 'x\ty' } } : {}),
      ...(i % 5 === 0 ? { warnings: ['w1', 'w2'], disposition: { kind: 'fixed' as const, round: 1 } } : {}),
    }),
  );
  return makeRun({ findings });
}

describe('run document: validation and text of a large run', () => {
  it('gives the text of JSON.stringify(doc, null, 2) in pieces, long arrays a few elements at a time', () => {
    const docs: object[] = [
      {},
      { a: undefined, b: () => 1 },
      { a: [], b: [1, undefined, { c: '😀\u2028"\\' }], d: null },
      { long: Array.from({ length: 1000 }, (_, i) => (i % 7 ? { i, s: `x${i}`, nested: [i, { y: [] }] } : null)), after: 'end' },
      { long: Array.from({ length: 300 }, () => undefined) },
      largeRun(200),
    ];
    for (const doc of docs) {
      const pieces = [...jsonPieces(doc)];
      assert.equal(pieces.join(''), JSON.stringify(doc, null, 2));
      assert.ok(pieces.every((p) => p.length < 128 * 1024));
    }
    const run = largeRun(150);
    assert.equal([...runTextPieces(run)].join(''), `${JSON.stringify(run, null, 2)}\n`);
  });

  it('tells whether a text is the pieces joined without joining them', () => {
    const run = largeRun(100);
    const text = `${JSON.stringify(run, null, 2)}\n`;
    assert.equal(isTextOf(text, runTextPieces(run)), true);
    assert.equal(isTextOf(`${text} `, runTextPieces(run)), false);
    assert.equal(isTextOf(text.slice(0, -1), runTextPieces(run)), false);
    assert.equal(isTextOf(text.replace('Finding 99', 'Finding 98'), runTextPieces(run)), false);
  });

  it('validates like Run.safeParse: the same data, in the same key order, and the same first issue', () => {
    const run = largeRun(120);
    // Keys out of order, an unknown key, a default to fill: validation makes its own copy of that finding.
    const odd = { ...run.findings[7]!, extra: true } as Record<string, unknown>;
    delete odd.include;
    const input = { ...run, findings: [...run.findings.slice(0, 7), { createdAt: odd.createdAt, ...odd }, ...run.findings.slice(8)] };
    for (const owned of [false, true]) {
      const ours = validateRun(structuredClone(input), owned);
      const zods = Run.safeParse(structuredClone(input));
      assert.ok(ours.success && zods.success);
      assert.equal(JSON.stringify(ours.data), JSON.stringify(zods.data));
    }
    const broken = [
      { ...input, findings: input.findings.map((f, i) => (i === 50 ? { ...f, line: -1 } : f)) },
      { ...input, title: 3, findings: input.findings.map((f, i) => (i === 5 ? { ...f, severity: 'huge' } : f)) },
      { ...input, history: 'no', findings: input.findings.map((f, i) => (i === 5 ? { ...f, severity: 'huge' } : f)) },
    ];
    for (const doc of broken) {
      const ours = validateRun(doc);
      const zods = Run.safeParse(doc);
      assert.ok(!ours.success && !zods.success);
      assert.deepEqual(ours.error.issues[0], zods.error.issues[0]);
    }
  });

  it('keeps a finding of an owned run that is already what validation makes of it, and copies the others', () => {
    const run = Run.parse(largeRun(10));
    const changed = { ...run.findings[3]!, unknown: 1 };
    const input = { ...run, findings: [...run.findings.slice(0, 3), changed, ...run.findings.slice(4)] };
    const owned = validateRun(input, true);
    assert.ok(owned.success);
    assert.equal(owned.data.findings[0], input.findings[0]);
    assert.notEqual(owned.data.findings[3], changed);
    assert.equal('unknown' in owned.data.findings[3]!, false);
    const copied = validateRun(input);
    assert.ok(copied.success);
    assert.notEqual(copied.data.findings[0], input.findings[0], 'a run that is not handed over is never shared');
  });
});
