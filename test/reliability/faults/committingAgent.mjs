#!/usr/bin/env node
// A custom agent for fault trials: it commits several times while it works, so a kill can land
// before, between or inside its commits. It announces each step as one line appended to
// $FAULT_EVENTS ("<round> <step> [detail]"), the event a test waits for before it kills.
//   FAULT_COMMITS   commits to make (default 3)
//   FAULT_CHUNKS    1 KiB chunks written per file, announced one by one (default 4)
//   FAULT_HANG      "1": after the last step, keep appending to orphan.txt in the worktree until
//                   killed (an agent still busy when whatever started it has died)
import { spawnSync } from 'node:child_process';
import { appendFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { setInterval } from 'node:timers';

const round = process.env.REVISE_ROUND ?? '?';
const commits = Number(process.env.FAULT_COMMITS ?? '3');
const chunks = Number(process.env.FAULT_CHUNKS ?? '4');
const events = process.env.FAULT_EVENTS;

function announce(step) {
  if (events) appendFileSync(events, `${round} ${step}\n`);
}

function git(args) {
  const identity = { GIT_AUTHOR_NAME: 'Fixture Agent', GIT_AUTHOR_EMAIL: 'agent@example.invalid', GIT_COMMITTER_NAME: 'Fixture Agent', GIT_COMMITTER_EMAIL: 'agent@example.invalid' };
  const result = spawnSync('git', args, { encoding: 'utf8', env: { ...process.env, ...identity } });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

// Whoever reads our output may die first; an orphaned agent keeps working regardless.
process.stdout.on('error', () => undefined);
announce(`started ${process.pid}`);
for (let i = 1; i <= commits; i++) {
  const fd = openSync(`work-r${round}-${i}.txt`, 'w');
  for (let c = 0; c < chunks; c++) {
    writeSync(fd, `${'x'.repeat(1023)}\n`);
    announce(`wrote ${i}.${c}`);
  }
  closeSync(fd);
  announce(`committing ${i}`);
  git(['add', '--all']);
  git(['commit', '--quiet', '--no-verify', '-m', `agent: round ${round} step ${i}`]);
  announce(`committed ${i} ${git(['rev-parse', 'HEAD'])}`);
}
appendFileSync(`leftover-r${round}.txt`, 'not committed by the agent\n');
announce('leftover');
console.log('B1: fixed — done');
if (process.env.FAULT_HANG === '1') {
  announce('hanging');
  setInterval(() => appendFileSync('orphan.txt', `${Date.now()}\n`), 20);
}
