import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cutNote, type LogCut } from '../../../src/agent/cappedLog';
import { runProcess } from '../../../src/agent/runProcess';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/** Byte i of the output is this function of i: any misplaced byte shows. */
const PRINTER = `
const total = Number(process.argv[1]);
const chunk = Number(process.argv[2]);
let at = 0;
function next() {
  while (at < total) {
    const n = Math.min(chunk + (at % 7), total - at);
    const b = Buffer.alloc(n);
    for (let k = 0; k < n; k++) b[k] = 32 + ((at + k) * 31 % 90);
    at += n;
    if (!process.stdout.write(b)) return void process.stdout.once('drain', next);
  }
}
next();`;

function expected(total: number): Buffer {
  const b = Buffer.alloc(total);
  for (let i = 0; i < total; i++) b[i] = 32 + ((i * 31) % 90);
  return b;
}

async function print(total: number, cap: number, chunk = 65_521): Promise<{ log: Buffer; cut: LogCut | undefined; dir: string }> {
  const dir = makeTempDir();
  const logPath = join(dir, 'round-1.log');
  const result = await runProcess({ argv: [process.execPath, '-e', PRINTER, String(total), String(chunk)], cwd: dir, env: process.env, logPath, logCapBytes: cap, timeoutMs: 120_000 });
  assert.equal(result.status, 'succeeded');
  return { log: readFileSync(logPath), cut: result.logCut, dir };
}

describe('round log cap', function () {
  this.timeout(120_000);
  afterEach(cleanupTempDirs);

  it('keeps the first and last halves of the cap, and says in the log how much was cut and where', async () => {
    const total = 10 * 1024 * 1024 + 12_345;
    const cap = 1024 * 1024;
    const { log, cut, dir } = await print(total, cap);
    const out = expected(total);
    const half = cap / 2;
    assert.deepEqual(cut, { capBytes: cap, cutBytes: total - cap, cutAt: half });
    const note = cutNote({ capBytes: cap, cutBytes: total - cap, cutAt: half });
    assert.match(note, /log capped at 1 MiB: 9449529 bytes of output cut here, after byte 524288/);
    assert.equal(log.length, cap + Buffer.byteLength(note));
    assert.ok(log.subarray(0, half).equals(out.subarray(0, half)), 'the head is the start of the output');
    assert.equal(log.subarray(half, half + Buffer.byteLength(note)).toString(), note);
    assert.ok(log.subarray(half + Buffer.byteLength(note)).equals(out.subarray(total - half)), 'the tail is the end of the output');
    assert.deepEqual(readdirSync(dir), ['round-1.log'], 'no segment file is left behind');
  });

  it('leaves a log under the cap exactly as printed', async () => {
    const total = 700_001;
    const { log, cut, dir } = await print(total, 1024 * 1024, 4093);
    assert.equal(cut, undefined);
    assert.ok(log.equals(expected(total)));
    assert.deepEqual(readdirSync(dir), ['round-1.log']);
  });

  it('keeps the exact tail when the output ends right after a segment filled up', async () => {
    const cap = 64 * 1024;
    const total = cap / 2 + 3 * (cap / 2);
    const { log, cut } = await print(total, cap, 1000);
    assert.deepEqual(cut, { capBytes: cap, cutBytes: total - cap, cutAt: cap / 2 });
    const out = expected(total);
    assert.ok(log.subarray(0, cap / 2).equals(out.subarray(0, cap / 2)));
    assert.ok(log.subarray(log.length - cap / 2).equals(out.subarray(total - cap / 2)));
  });
});
