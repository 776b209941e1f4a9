import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readReview, readReviewBytes, readSarif, readSarifBytes, type ReadAt } from '../../../src/core/findings';
import { readFromBuffer } from '../../../src/core/findings/sarifStream';

const fixtures = join(__dirname, '../../fixtures/reviews');
const corpus = join(fixtures, 'sarif-public');
const opts = { origin: 'scan.sarif', root: '/work/checkout' };

/** A file that hands out at most `size` bytes per read, so every window boundary is crossed. */
function dribble(bytes: Uint8Array, size: number): ReadAt {
  const whole = readFromBuffer(bytes);
  return (into, position) => whole(into.subarray(0, Math.min(size, into.length)), position);
}

function streamed(text: string, size = 7): ReturnType<typeof readSarifBytes> {
  const bytes = Buffer.from(text, 'utf8');
  return readSarifBytes(dribble(bytes, size), 0, opts);
}

function log(results: unknown[], run: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'lint', rules: [{ id: 'r0', shortDescription: { text: 'Rule zero' } }] } }, results, ...run }] };
}

describe('SARIF logs read a window at a time', () => {
  it('reads every public log exactly as the whole-text reader does, whatever the size of each read', () => {
    const names = readdirSync(corpus).filter((n) => n.endsWith('.sarif'));
    assert.ok(names.length >= 15);
    let read = 0;
    for (const name of names) {
      const bytes = readFileSync(join(corpus, name));
      let whole: ReturnType<typeof readSarif> | undefined;
      try {
        whole = readSarif(bytes.toString('utf8'), opts);
        read++;
      } catch {
        // Refused (SARIF 1.0.0): the window reader leaves it to the whole-text reader's refusal.
      }
      // 4093, 509 and 3 bytes cut multi-byte characters, escapes and the pretty-printed layout's lines anywhere (3 only in the smaller logs, for time).
      const sizes = bytes.length < 100_000 ? [1 << 22, 4093, 509, 3] : [1 << 22, 4093, 509];
      for (const size of sizes) assert.deepEqual(readSarifBytes(dribble(bytes, size), 0, opts), whole, `${name} read ${size} bytes at a time`);
    }
    assert.ok(read >= 15, `${read} logs read`);
  });

  it('reads results that come before the rules and artifacts they refer to, and characters cut between two reads', () => {
    const results = [
      { ruleIndex: 0, message: { text: 'Ünïcødé 😀 across reads — 中文' }, locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 3 } } }] },
      { ruleId: 'r0', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'src/b.ts' } } }] },
    ];
    const doc = { runs: [{ results, tool: { driver: { name: 'lint', rules: [{ id: 'r0', shortDescription: { text: 'Rule zero' } }] } }, artifacts: [{ location: { uri: 'src/a.ts' } }] }], version: '2.1.0' };
    const text = JSON.stringify(doc, null, 2);
    const read = streamed(text, 1);
    assert.deepEqual(read, readSarif(text, opts));
    assert.deepEqual(read.drafts.map((d) => [d.title, d.file, d.line, d.severity]), [
      ['r0: Ünïcødé 😀 across reads — 中文', 'src/a.ts', 3, 'non-blocking'],
      ['r0: Rule zero', 'src/b.ts', undefined, 'blocking'],
    ]);
  });

  it('reads a log with several runs, a run without results, one that is not an object, and results that are not an array', () => {
    const doc = { version: '2.1.0', runs: [log([{ ruleId: 'r0', message: { text: 'one' } }]).runs, 7, { tool: { driver: { name: 'b' } } }, { tool: { driver: { name: 'c' } }, results: { not: 'a list' } }].flat() };
    const text = JSON.stringify(doc);
    const read = streamed(text, 3);
    assert.deepEqual(read, readSarif(text, opts));
    assert.equal(read.drafts.length, 1);
    assert.equal(read.warnings.length, 2);
  });

  it('gives up on anything but plain, valid JSON, and the whole-text reader then reports it as before', () => {
    const good = JSON.stringify(log([{ ruleId: 'r0', message: { text: 'x' } }]), null, 2);
    const cases: Array<[string, string]> = [
      ['a truncated log', good.slice(0, -40)],
      ['text after the log', `${good}\n{}`],
      ['a syntax error inside a result', good.replace('"x"', '"x" oops')],
      ['a trailing comma', good.replace(/\n}$/, ',\n}')],
      ['a key given twice', good.replace('"version": "2.1.0"', '"version": "2.1.0", "version": "2.1.0"')],
      ['another version', good.replace('2.1.0', '2.0.0')],
      ['an empty file', ''],
      ['an array', '[]'],
    ];
    for (const [what, text] of cases) {
      assert.equal(streamed(text), undefined, what);
      const viaBytes = (): unknown => readReviewBytes(Buffer.from(text), { ...opts, fileName: 'scan.sarif' });
      const viaText = (): unknown => readReview(text, { ...opts, fileName: 'scan.sarif' });
      let expected: unknown;
      try {
        expected = viaText();
      } catch (error) {
        assert.throws(viaBytes, (thrown: Error) => thrown.message === (error as Error).message, what);
        continue;
      }
      assert.deepEqual(viaBytes(), expected, what);
    }
  });

  it('gives up on bytes that are not UTF-8, and the whole read refuses the file as before', () => {
    const good = Buffer.from(JSON.stringify(log([{ ruleId: 'r0', message: { text: 'x' } }])));
    const bad = Buffer.concat([good.subarray(0, 40), Buffer.from([0xc3, 0x28]), good.subarray(40)]);
    assert.equal(readSarifBytes(dribble(bad, 5), 0, opts), undefined);
    assert.throws(() => readReviewBytes(bad, { ...opts, fileName: 'scan.sarif' }), /not UTF-8 text/);
  });

  it('reads a compressed log and one with a byte-order mark like the same log in plain text', () => {
    const text = readFileSync(join(fixtures, 'semgrep.sarif'), 'utf8');
    const expected = readReview(text, { ...opts, fileName: 'semgrep.sarif' });
    assert.deepEqual(readReviewBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), { ...opts, fileName: 'semgrep.sarif' }), expected);
    assert.deepEqual(readReviewBytes(gzipSync(text), { ...opts, fileName: 'semgrep.sarif.gz' }), expected);
  });

  describe('pretty-printed logs, read by their lines', () => {
    /** `readAt` that counts the bytes it hands out. */
    function counting(bytes: Uint8Array, size: number): { readAt: ReadAt; total: () => number } {
      const inner = dribble(bytes, size);
      let total = 0;
      return {
        readAt: (into, position) => {
          const n = inner(into, position);
          total += n;
          return n;
        },
        total: () => total,
      };
    }

    /** Results well over one 64 kB piece, with characters of every UTF-8 length and escapes in their text. */
    function manyResults(count: number): unknown[] {
      return Array.from({ length: count }, (_, i) => ({
        ruleId: 'r0',
        level: i % 2 ? 'error' : 'warning',
        message: { text: `Result ${i}: "quoted" \\ back\\slash, tab\there, é, 中文, 😀 and a } with ] inside` },
        locations: [{ physicalLocation: { artifactLocation: { uri: `src/f${i % 7}.ts` }, region: { startLine: 1 + (i % 50), startColumn: 2 } } }],
        properties: { nested: [{ deep: { list: [1, 2, { x: '}' }] } }] },
      }));
    }

    it('reads a large pretty-printed log in two passes over the file, as the whole-text reader does at any read size', () => {
      const text = JSON.stringify(log(manyResults(600), { artifacts: [{ location: { uri: 'src/a.ts' } }] }), null, 2);
      assert.ok(text.length > 3 * 64 * 1024, 'several pieces');
      const expected = readSarif(text, opts);
      assert.equal(expected.drafts.length, 600);
      const bytes = Buffer.from(text, 'utf8');
      for (const size of [1 << 22, 4093, 509, 3]) {
        const { readAt, total } = counting(bytes, size);
        assert.deepEqual(readSarifBytes(readAt, 0, opts), expected, `read ${size} bytes at a time`);
        // Read by its lines: once for its layout, once for its results — not again byte by byte.
        assert.ok(total() <= 2 * bytes.length, `${size}: ${total()} bytes read for ${bytes.length}`);
      }
      // Windows line ends and a four-space indent read the same way.
      for (const variant of [text.replace(/\n/g, '\r\n'), JSON.stringify(JSON.parse(text), null, 4)]) {
        const { readAt, total } = counting(Buffer.from(variant, 'utf8'), 4093);
        assert.deepEqual(readSarifBytes(readAt, 0, opts), readSarif(variant, opts));
        assert.ok(total() <= 2 * Buffer.byteLength(variant));
      }
    });

    it('reads a log whose lines only look pretty-printed byte by byte, with the same result', () => {
      const pretty = JSON.stringify(log(manyResults(200)), null, 2);
      const resultsAt = pretty.indexOf('"results": [');
      const keyIndent = pretty.slice(pretty.lastIndexOf('\n', resultsAt) + 1, resultsAt);
      const cases: Array<[string, string]> = [
        // A nested array closes on a line with the results key's indent: that `]` is not the results' end.
        ['a nested `]` at the key\'s indent', pretty.replace('"deep": {', `"deep": {"early": [\n${keyIndent}],`)],
        // A nested object closes on a line with the first result's indent: a cut there is inside a result.
        ['a nested `}` at a result\'s indent', pretty.replace(/"properties": \{/g, `"properties": {"early": {\n${keyIndent}  },`)],
        // Results on one line each: no line ends a result, the whole array is one piece.
        ['one result per line', JSON.stringify(log(['RESULTS']), null, 2).replace('"RESULTS"', manyResults(200).map((r) => JSON.stringify(r)).join(`,\n${keyIndent}  `))],
      ];
      for (const [what, text] of cases) {
        assert.notEqual(text, pretty, what);
        const expected = readSarif(text, opts);
        assert.equal(expected.drafts.length, 200, what);
        for (const size of [1 << 22, 509]) assert.deepEqual(readSarifBytes(dribble(Buffer.from(text, 'utf8'), size), 0, opts), expected, `${what}, ${size} bytes at a time`);
      }
      // The misleading `]` is only found out by the pieces: the log is then read again, byte by byte.
      const { readAt, total } = counting(Buffer.from(cases[0]![1], 'utf8'), 4093);
      assert.deepEqual(readSarifBytes(readAt, 0, opts), readSarif(cases[0]![1], opts));
      assert.ok(total() > 2 * Buffer.byteLength(cases[0]![1]), 'read again');
    });

    it('reads more than a megabyte of results written one per line byte by byte, never as one piece', () => {
      const results = manyResults(4000);
      const text = JSON.stringify(log(['RESULTS']), null, 2).replace('"RESULTS"', results.map((r) => JSON.stringify(r)).join(',\n        '));
      assert.ok(text.length > 1 << 20);
      const { readAt, total } = counting(Buffer.from(text, 'utf8'), 1 << 22);
      const read = readSarifBytes(readAt, 0, opts);
      assert.deepEqual(read, readSarif(text, opts));
      assert.equal(read?.drafts.length, 4000);
      // Given up on as pretty once no result's end came within the first megabyte, and read again.
      assert.ok(total() > 2 * Buffer.byteLength(text), `${total()} bytes read for ${Buffer.byteLength(text)}`);
    });

    it('gives up on a pretty-printed log with a trailing comma or a syntax error after the first piece, as the whole-text reader refuses it', () => {
      const pretty = JSON.stringify(log(manyResults(200)), null, 2);
      const lastResultEnd = pretty.lastIndexOf('}\n    ]');
      const cases: Array<[string, string]> = [
        ['a trailing comma after the last result', `${pretty.slice(0, lastResultEnd + 1)},${pretty.slice(lastResultEnd + 1)}`],
        ['a syntax error in the last result', pretty.replace(/"Result 199:/, '"Result 199": oops')],
        ['a missing comma between two results', pretty.replace(/\},\n(\s*)\{\n(\s*)"ruleId": "r0",\n(\s*)"level": "error",\n(\s*)"message": \{\n(\s*)"text": "Result 151:/, (m) => m.replace('},', '}'))],
      ];
      for (const [what, text] of cases) {
        assert.notEqual(text, pretty, what);
        assert.throws(() => readSarif(text, opts), /not valid JSON/, what);
        assert.equal(readSarifBytes(dribble(Buffer.from(text, 'utf8'), 4093), 0, opts), undefined, what);
      }
    });
  });
});
