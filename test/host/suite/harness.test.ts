import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Checks on the harness itself, so that a passing "no git / no network during activation" is not vacuous.
describe('Host harness', () => {
  it('records a git call made from the extension host in the git-call log', () => {
    const log = process.env.HOST_TEST_GIT_LOG;
    assert.ok(log, 'HOST_TEST_GIT_LOG is set');
    const before = readFileSync(log, 'utf8');
    execFileSync('git', ['--version'], { cwd: process.env.HOST_TEST_WORKSPACE });
    const added = readFileSync(log, 'utf8').slice(before.length);
    assert.match(added, /\t--version\n$/);
  });

  it('records a network request made from the extension host in the network log, and refuses it', async () => {
    const log = process.env.HOST_TEST_NET_LOG;
    assert.ok(log, 'HOST_TEST_NET_LOG is set');
    const before = readFileSync(log, 'utf8');
    await assert.rejects(async () => {
      const res = await fetch('https://api.github.com/zen');
      if (!res.ok) throw new Error(`status ${res.status}`);
    });
    const added = readFileSync(log, 'utf8').slice(before.length);
    assert.match(added, /^extension-host\tCONNECT api\.github\.com:443$/m);
  });

  it('opens the workspace folder the driver prepared', () => {
    const workspace = process.env.HOST_TEST_WORKSPACE;
    assert.ok(workspace);
    assert.equal(execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).trim(), 'main');
  });
});
