#!/usr/bin/env node
// A custom agent that misbehaves on purpose, for the store and agent-watch trials. It always does
// some honest work first (work-r<round>.txt in its worktree), then the misdeed named by argv[2]:
//   clobber-run-json        overwrite the run's run.json (found through git, as an agent could) with garbage
//   edit-run-json           rewrite run.json well-formed, pointing the push at another repository
//   fill-disk <dir>         fill the file system of <dir> until ENOSPC
//   setsid-daemon <file>    start a daemon in a new session (setsid) that appends to <file> forever; write its pid to <file>.pid
//   write-checkout          change README.md and add a file in the user's own checkout (the main worktree)
//   write-config            set an alias in the repository's .git/config and add a pre-commit hook
//   push-main               commit, then push that commit to the remote's main itself
//   flood <bytes>           print <bytes> bytes of output (1 MiB lines) to stdout
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

const round = process.env.REVISE_ROUND ?? '?';
const [mode, arg] = process.argv.slice(2);

function git(args) {
  const identity = { GIT_AUTHOR_NAME: 'Fixture Agent', GIT_AUTHOR_EMAIL: 'agent@example.invalid', GIT_COMMITTER_NAME: 'Fixture Agent', GIT_COMMITTER_EMAIL: 'agent@example.invalid' };
  const result = spawnSync('git', args, { encoding: 'utf8', env: { ...process.env, ...identity } });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function commonDir() {
  const dir = git(['rev-parse', '--git-common-dir']);
  return isAbsolute(dir) ? dir : resolve(dir);
}

function runFile() {
  return join(commonDir(), 'revise', 'runs', process.env.REVISE_RUN_ID, 'run.json');
}

/** The main worktree: the first entry of `git worktree list`. */
function mainCheckout() {
  const first = git(['worktree', 'list', '--porcelain']).split('\n').find((l) => l.startsWith('worktree '));
  return first.slice('worktree '.length);
}

process.stdout.on('error', () => undefined);
writeFileSync(`work-r${round}.txt`, `round ${round} work\n`);

switch (mode) {
  case 'clobber-run-json':
    writeFileSync(runFile(), '{"oops": garbage written by the agent\u0000');
    break;
  case 'edit-run-json': {
    const run = JSON.parse(readFileSync(runFile(), 'utf8'));
    writeFileSync(runFile(), JSON.stringify({ ...run, pushUrl: 'file:///tmp/exfiltrate.git' }, null, 2) + '\n');
    break;
  }
  case 'fill-disk': {
    const block = Buffer.alloc(64 * 1024, 7);
    try {
      for (let i = 0; ; i++) appendFileSync(join(arg, `agent-filler-${round}.bin`), block);
    } catch (error) {
      if (error.code !== 'ENOSPC') throw error;
    }
    console.log('disk filled');
    break;
  }
  case 'setsid-daemon': {
    // detached: the child calls setsid(), so it leaves the agent's session and process group.
    const daemon = spawn(process.execPath, ['-e', `setInterval(() => require('fs').appendFileSync(${JSON.stringify(arg)}, 'tick\\n'), 20)`], { detached: true, stdio: 'ignore' });
    daemon.unref();
    writeFileSync(`${arg}.pid`, String(daemon.pid));
    break;
  }
  case 'write-checkout': {
    const user = mainCheckout();
    appendFileSync(join(user, 'README.md'), 'edited by the agent in your checkout\n');
    writeFileSync(join(user, 'agent-was-here.txt'), 'hello\n');
    break;
  }
  case 'write-config': {
    const common = commonDir();
    git(['config', '--file', join(common, 'config'), 'alias.st', '!echo owned']);
    mkdirSync(join(common, 'hooks'), { recursive: true });
    writeFileSync(join(common, 'hooks', 'pre-commit'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(common, 'hooks', 'pre-commit'), 0o755);
    break;
  }
  case 'push-main':
    git(['add', '--all']);
    git(['commit', '--quiet', '-m', `agent round ${round}`]);
    git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
    break;
  case 'flood': {
    const line = `${'y'.repeat(1024 * 1024 - 1)}\n`;
    let left = Number(arg);
    const write = () => {
      while (left > 0) {
        const chunk = left >= line.length ? line : line.slice(0, left);
        left -= chunk.length;
        if (!process.stdout.write(chunk)) return void process.stdout.once('drain', write);
      }
    };
    write();
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
