import { strict as assert } from 'node:assert';
import { StringDecoder } from 'node:string_decoder';
import { OutputDecoder } from '../../../src/agent/outputDecoder';

/** Decode `bytes` cut at `cuts` with both decoders; the pieces joined must be the same text. */
function both(bytes: Buffer, cuts: number[]): { ours: string; utf8: string } {
  const ours = new OutputDecoder();
  const utf8 = new StringDecoder('utf8');
  let a = '';
  let b = '';
  let at = 0;
  for (const end of [...cuts, bytes.length]) {
    const chunk = bytes.subarray(at, end);
    a += ours.write(chunk);
    b += utf8.write(chunk);
    at = end;
  }
  return { ours: a + ours.end(), utf8: b + utf8.end() };
}

describe('output decoder', () => {
  const text = 'plain ASCII line\nnaïve café — 日本語 🙂 done\n';
  const bytes = Buffer.from(text);

  it('reads characters cut across chunks at every byte, between ASCII-only chunks', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const cuts = [Math.min(5, cut), cut].filter((c, i, all) => all.indexOf(c) === i);
      assert.equal(both(bytes, cuts).ours, text, `cut at ${cut}`);
    }
  });

  it('reads pure ASCII chunks as they are', () => {
    const ascii = Buffer.from('{"type":"result"}\n'.repeat(100));
    assert.equal(both(ascii, [7, 500, 501]).ours, ascii.toString());
  });

  it('gives what UTF-8 decoding gives for any bytes, broken sequences included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      // Mostly ASCII with some bytes of multi-byte and invalid sequences, as real output might carry.
      const data = Buffer.from(Array.from({ length: 300 }, () => (random() < 0.9 ? 32 + Math.floor(random() * 95) : 128 + Math.floor(random() * 128))));
      const cuts = Array.from({ length: 6 }, () => 1 + Math.floor(random() * 298)).sort((x, y) => x - y).filter((c, i, all) => all.indexOf(c) === i);
      const { ours, utf8 } = both(data, cuts);
      assert.equal(ours, utf8, `round ${round}`);
    }
  });

  it('ends a character cut off at the end of the output as U+FFFD', () => {
    const cutOff = Buffer.from('ok 🙂').subarray(0, 5);
    assert.equal(both(cutOff, [3]).ours, 'ok \ufffd');
  });
});
