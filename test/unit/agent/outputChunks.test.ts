import { strict as assert } from 'node:assert';
import { createOutputParser, FINAL_TEXT_LIMIT, type OutputFormat } from '../../../src/agent/outputParsers';

/** Feed `text` in pieces of `size` characters, as pipes cut output anywhere. */
function parse(format: OutputFormat, text: string, size: number) {
  const parser = createOutputParser(format);
  for (let at = 0; at < text.length; at += size) parser.push(text.slice(at, at + size));
  return parser.end();
}

/**
 * The readers skip lines that cannot matter without cutting them out of the chunk; whatever the
 * chunk size, they must read the same as when fed whole.
 */
describe('output readers over chunked output', () => {
  const result = JSON.stringify({ type: 'result', session_id: 's-1', total_cost_usd: 0.5, result: 'done\nB1: fixed' });
  const claude = ['plain text before', 'x'.repeat(5000), `\ufeff${JSON.stringify({ type: 'system', subtype: 'init', session_id: 's-0' })}`, `   ${result}`, 'tail text'].join('\n') + '\n';

  for (const size of [1, 7, 64, 1024, claude.length]) {
    it(`claude stream-json in pieces of ${size}: the result line, even indented, and nothing from other lines`, () => {
      assert.deepEqual(parse('claude', claude, size), { sessionId: 's-1', costUsd: 0.5, finalText: 'done\nB1: fixed' });
    });
  }

  it('aider: its cost line is read when indented or cut across pieces, other T-lines are not', () => {
    const text = 'Thinking about it\n  Tokens: 2.3k sent, 120 received. Cost: $0.01 message, $0.05 session.\nApplied edit\n';
    for (const size of [1, 5, text.length]) {
      const parsed = parse('aider', text, size);
      assert.equal(parsed.costUsd, 0.05);
      assert.deepEqual(parsed.usage, { inputTokens: 2300, outputTokens: 120 });
      assert.equal(parsed.finalText, text);
    }
  });

  it('plain text keeps exactly its last FINAL_TEXT_LIMIT characters, fed in any pieces', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'y'.repeat(i % 300)}`).join('\n');
    assert.ok(text.length > FINAL_TEXT_LIMIT);
    for (const size of [4096, 65536, 100_000]) assert.equal(parse('text', text, size).finalText, text.slice(-FINAL_TEXT_LIMIT));
  });
});
