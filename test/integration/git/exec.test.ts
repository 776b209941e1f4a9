import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { GitError } from '../../../src/core/errors';
import { git, gitStatus } from '../../../src/git/exec';
import { isolateGitEnv, makeRemoteFixture, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { useStrayProcessCleanup } from '../../helpers/strayProcesses';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/** A loopback TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the git spawn point (src/git/exec.ts) against real git', () => {
  let undo: () => void;
  let fx: RemoteFixture;
  const strays = useStrayProcessCleanup();
  before(() => (undo = isolateGitEnv()));
  after(() => undo());
  beforeEach(() => (fx = makeRemoteFixture()));
  afterEach(() => cleanupTempDirs());

  it('resolves with stdout, and with the exit code and stderr through gitStatus', async () => {
    assert.equal((await git(fx.user, ['rev-parse', 'HEAD'])).trim(), sh(fx.user, ['rev-parse', 'HEAD']));
    const absent = await gitStatus(fx.user, ['rev-parse', '--verify', '--quiet', 'refs/heads/no-such-branch']);
    assert.equal(absent.exitCode, 1);
    assert.equal(absent.stdout, '');
    const bad = await gitStatus(fx.user, ['rev-parse', '--verify', 'refs/heads/no-such-branch']);
    assert.equal(bad.exitCode, 128);
    assert.match(bad.stderr, /fatal: Needed a single revision/);
  });

  it('keeps GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE of the caller from redirecting its commands', async () => {
    const other = makeRemoteFixture();
    const saved = { ...process.env };
    Object.assign(process.env, { GIT_DIR: join(other.user, '.git'), GIT_WORK_TREE: other.user, GIT_INDEX_FILE: join(other.user, '.git', 'index') });
    try {
      assert.equal((await git(fx.user, ['rev-parse', '--show-toplevel'])).trim(), fx.user);
    } finally {
      for (const key of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) if (saved[key] === undefined) delete process.env[key];
    }
  });

  it('refuses an abbreviated option instead of guessing which one was meant', async () => {
    const result = await gitStatus(fx.user, ['branch', '--show-curr']);
    assert.notEqual(result.exitCode, 0);
    assert.match(result.stderr, /abbreviat/);
  });

  it('kills git that has printed nothing for timeoutMs and says it timed out', async () => {
    const server = await silentServer();
    try {
      const result = await gitStatus(fx.user, ['ls-remote', '--end-of-options', `git://127.0.0.1:${server.port}/remote.git`], { timeoutMs: 300 });
      assert.equal(result.timedOut, true);
      assert.notEqual(result.exitCode, 0);
    } finally {
      await server.stop();
    }
  });

  it('settles once git has exited, even while a process git started still holds its output open', async () => {
    // The "ssh" git starts leaves a child behind that keeps stderr open (as an SSH master with
    // ControlPersist does) and fails; git then exits, and the call must not wait for that child.
    const dir = makeTempDir();
    const pidFile = join(dir, 'holder.pid');
    const ssh = join(dir, 'ssh.js');
    writeFileSync(
      ssh,
      `const { spawn } = require('node:child_process');
const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(holder.pid));
holder.unref();
process.stderr.write('ssh: connection refused\\n');
process.exit(255);
`,
    );
    const saved = process.env.GIT_SSH_COMMAND;
    process.env.GIT_SSH_COMMAND = `${JSON.stringify(process.execPath)} ${JSON.stringify(ssh)}`;
    try {
      const result = await gitStatus(fx.user, ['ls-remote', '--end-of-options', 'ssh://git.example.invalid/remote.git']);
      assert.equal(result.exitCode, 128);
      assert.match(result.stderr, /connection refused/);
    } finally {
      if (existsSync(pidFile)) strays.push(Number(readFileSync(pidFile, 'utf8')));
      if (saved === undefined) delete process.env.GIT_SSH_COMMAND;
      else process.env.GIT_SSH_COMMAND = saved;
    }
    // The holder is still alive: the call did not wait for it to end.
    assert.doesNotThrow(() => process.kill(strays[0]!, 0));
  });

  it('reports a folder that does not exist as such, not as git missing from PATH', async () => {
    const missing = join(makeTempDir(), 'missing');
    await assert.rejects(git(missing, ['status']), (e: unknown) => !(e instanceof GitError && e.code === 'git-not-found') && e instanceof Error && e.message.includes(missing));
  });
});
