import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { descendants } from '../../helpers/leakCheck';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const root = join(__dirname, '..', '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('mocha root hook: no process left behind', function () {
  this.timeout(120_000);
  after(cleanupTempDirs);

  it('fails the suite that left a process running, names it, kills it, and passes the suite that cleaned up', () => {
    const pidFile = join(makeTempDir('revise-leak-'), 'pid');
    const result = spawnSync(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', join(root, '.mocharc.json'), join(root, 'test', 'fixtures', 'leaky', 'leaks.fixture.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LEAK_PID_FILE: pidFile },
      timeout: 90_000,
    });
    const output = result.stdout + result.stderr;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(result.status, 1, `one failure (the leak check), so exit 1:\n${output}`);
    assert.match(output, /"after all" hook: no process left behind/);
    assert.match(output, new RegExp(`"a suite that forgets its child" left 1 process\\(es\\) running; they were killed:\\n\\s+pid ${pid} .*sleep 300`));
    assert.match(output, /2 passing/, 'both tests passed; only the check of the forgetful suite failed');
    assert.match(output, /1 failing/);
    assert.ok(!alive(pid), 'the leftover sleep was killed');
  });

  it('sees a running child of this process and stops seeing it once it exited', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    assert.ok(descendants().some((p) => p.pid === child.pid && /sleep 30/.test(p.command)));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    assert.ok(!descendants().some((p) => p.pid === child.pid));
  });
});
