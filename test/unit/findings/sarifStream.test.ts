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
      for (const size of [1 << 22, 4093]) assert.deepEqual(readSarifBytes(dribble(bytes, size), 0, opts), whole, `${name} read ${size} bytes at a time`);
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
});
