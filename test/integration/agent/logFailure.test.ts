import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runProcess } from '../../../src/agent/runProcess';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/** Prints `total` bytes of `x` lines as fast as its pipe takes them. */
const PRINTER = `
const line = Buffer.from('x'.repeat(1023) + '\\n');
const chunk = Buffer.concat(Array.from({ length: 64 }, () => line));
let left = Number(process.argv[1]);
function next() {
  while (left > 0) {
    const piece = chunk.subarray(0, Math.min(chunk.length, left));
    left -= piece.length;
    if (!process.stdout.write(piece)) return void process.stdout.once('drain', next);
  }
}
next();`;

describe('a round log that cannot be written', function () {
  this.timeout(60_000);
  afterEach(cleanupTempDirs);

  for (const cap of [undefined, 4 * 1024 * 1024]) {
    it(`lets the process run to its end and reports why there is no log${cap ? ' (capped log)' : ''}`, async function () {
      // /dev/full takes the open and fails every write with ENOSPC, as a full disk does.
      if (!existsSync('/dev/full')) this.skip();
      const total = 24 * 1024 * 1024;
      let seen = 0;
      const result = await runProcess({
        argv: [process.execPath, '-e', PRINTER, String(total)],
        cwd: makeTempDir(),
        env: process.env,
        logPath: '/dev/full',
        ...(cap ? { logCapBytes: cap } : {}),
        timeoutMs: 15_000,
        onOutput: (text) => (seen += text.length),
      });
      assert.equal(result.status, 'succeeded', 'the output did not stall on the broken log');
      assert.equal(seen, total, 'the subscriber saw all of the output');
      assert.match(result.logError ?? '', /ENOSPC/);
    });
  }
});
