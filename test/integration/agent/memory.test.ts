import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { cleanupTempDirs } from '../../helpers/tempDir';
import { makeAgentSandbox } from './agentFixtures';

const MB = 1024 * 1024;

describe('agent output volume', function () {
  this.timeout(180_000);
  afterEach(cleanupTempDirs);

  it('logs 200 MB of agent output while the runner grows by less than 64 MB', () => {
    const sb = makeAgentSandbox();
    const logPath = join(sb.runDir, 'round-1.log');
    const env = sb.env(sb.script([{ printBytes: 200 * MB }, { say: 'done' }]));
    const probe = resolve(__dirname, 'memoryProbe.ts');
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe, String(200 * MB), sb.worktree, logPath, JSON.stringify(env)], {
      encoding: 'utf8',
      cwd: resolve(__dirname, '../../..'),
    });
    const m = JSON.parse(out) as { status: string; sessionId: string | null; logBytes: number; seenChars: number; rssGrowth: number; heapGrowth: number; durationMs: number };
    console.log(`      200 MB run: rss +${(m.rssGrowth / MB).toFixed(1)} MB, heap +${(m.heapGrowth / MB).toFixed(1)} MB, ${m.durationMs} ms`);
    assert.equal(m.status, 'succeeded');
    assert.ok(m.sessionId, 'the result line after 200 MB was still read');
    assert.ok(m.logBytes > 200 * MB, `the log holds everything (${m.logBytes} bytes)`);
    assert.ok(m.seenChars > 200 * MB, 'the subscriber saw everything');
    assert.ok(m.rssGrowth < 64 * MB, `rss grew by ${m.rssGrowth} bytes`);
  });
});
