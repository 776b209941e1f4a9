/**
 * The real Codex CLI drives rounds through `revise round`, against the scripted OpenAI Responses API, with
 * its real tools (`exec_command` in its sandbox, `apply_patch`): two rounds with commits, the thread
 * resumed with the same write access, dispositions written through the file the prompt offers, usage
 * recorded; faults (a dropped stream it reconnects, 401, 500, overloaded, a hang), cancel and a lost thread.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sh } from '../helpers/gitFixture';
import { faultCases } from './faultCases';
import { pathAfter, requestChanges, runRound, useAgentWorlds } from './harness';
import type { Step } from './modelServer/script';
import { describeRound, dispositionsJson, expectUsage, lastRequestBody, lastRound, toolResults } from './roundChecks';

const DISPOSITIONS = /Either write/;
const PREVIOUS_LOG = /Its log is at/;

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function shell(cmd: string | ((request: string) => string)): Step {
  return { tool: 'exec_command', input: (request: string) => ({ cmd: typeof cmd === 'string' ? cmd : cmd(request) }) };
}

function patch(body: string): Step {
  return { tool: 'apply_patch', input: `*** Begin Patch\n${body}*** End Patch\n` };
}

/** The agent writes its dispositions with a shell command, to the path the prompt offers. */
function writeDispositions(kind: string, note: string): Step {
  return shell((request) => `printf '%s' ${quote(dispositionsJson({ B1: { kind, note } }))} > ${quote(pathAfter(DISPOSITIONS)(request))}`);
}

describe('real agent: Codex through revise round', function () {
  this.timeout(60_000);
  const newWorld = useAgentWorlds('codex');

  it('runs two rounds with commits, resumes the thread with write access, reads the previous log and writes dispositions through the file', async () => {
    const world = await newWorld();
    const one = await runRound(world, [
      shell('cat src/parse.ts'),
      // The sandbox is real here: the repository is not under /tmp, where it would allow this write.
      shell('echo out > ../outside.txt'),
      patch('*** Update File: src/parse.ts\n@@\n-  return token.value;\n+  if (!token) throw new Error("empty input");\n+  return token.value;\n'),
      writeDispositions('fixed', 'throws on empty input (round 1)'),
      { text: 'Added the null check.' },
    ]);
    const round1 = lastRound(one.run);
    assert.equal(round1.status, 'succeeded', describeRound(round1));
    assert.equal(one.result.code, 0, one.result.stderr);
    assert.match(readFileSync(join(world.worktree, 'src', 'parse.ts'), 'utf8'), /empty input/);
    assert.notEqual(round1.headAfter, round1.headBefore, 'the patch is committed');
    assert.equal(sh(world.worktree, ['status', '--porcelain']), '', 'nothing is left uncommitted, and no agent-facing file is in the worktree');
    const threadId = round1.agent?.sessionId;
    assert.ok(threadId, 'the thread id is read from thread.started');
    const turns = world.script.taken.length;
    assert.equal(turns, 5);
    expectUsage(round1, turns, 'openai');
    const refused = toolResults(lastRequestBody(world)).filter((r) => r.isError);
    assert.equal(refused.length, 1, `only the write outside the worktree was refused: ${JSON.stringify(refused)}`);
    assert.match(refused[0]!.text, /outside\.txt: Read-only file system/);
    assert.equal(existsSync(join(world.worktree, '..', 'outside.txt')), false);
    const b1 = one.run.findings.find((f) => f.id === 'B1');
    assert.deepEqual([b1?.disposition?.kind, b1?.disposition?.note], ['fixed', 'throws on empty input (round 1)'], 'the disposition comes from the file the agent wrote');

    await requestChanges(world.engine, one.run, 'One more pass.');
    const two = await runRound(world, [
      shell((request) => `cat ${quote(pathAfter(PREVIOUS_LOG)(request))}`),
      patch('*** Add File: NOTES.md\n+round two\n'),
      writeDispositions('fixed', 'kept (round 2)'),
      { text: 'Round two done.' },
    ]);
    const round2 = lastRound(two.run);
    assert.equal(round2.status, 'succeeded', describeRound(round2));
    assert.equal(two.result.code, 0, two.result.stderr);
    const argv = round2.agent?.argv ?? [];
    assert.ok(argv.includes('resume') && argv.includes(threadId), `round 2 resumes round 1's thread: ${argv.join(' ')}`);
    const firstOfRound2 = JSON.stringify(world.script.taken[turns]!.body);
    assert.ok(firstOfRound2.includes('Revision round 1') && firstOfRound2.includes('Added the null check.'), "the model saw round 1's turns in round 2");
    assert.ok(firstOfRound2.includes('Revision round 2'), "and round 2's prompt");
    assert.match(firstOfRound2, /"sandbox_mode\\?":\\?"workspace-write/, 'the resumed thread runs in the workspace-write sandbox');
    assert.ok(existsSync(join(world.worktree, 'NOTES.md')), 'the resumed round could write');
    assert.equal(sh(world.worktree, ['log', '-1', '--format=%s']), 'revise: round 2');
    const results = toolResults(lastRequestBody(world));
    assert.deepEqual(results.slice(turns - 1).filter((r) => r.isError), [], `no command or patch of round 2 was refused: ${JSON.stringify(results)}`);
    assert.ok(results.some((r) => r.text.includes('"type":"turn.completed"') && r.text.includes(threadId)), "the agent could read round 1's log");
    assert.equal(two.run.findings.find((f) => f.id === 'B1')?.disposition?.note, 'kept (round 2)');
  });

  it('resumes a thread that ran on another machine (a runner): the imported rollout is placed under this CODEX_HOME', async () => {
    const world = await newWorld();
    const one = await runRound(world, [{ text: 'Looked at the parser.' }]);
    const threadId = lastRound(one.run).agent?.sessionId;
    assert.ok(threadId, describeRound(lastRound(one.run)));
    // What importing a runner's round leaves: the rollout in the run folder's sessions/, and none in this machine's CODEX_HOME.
    const sessions = join(world.home, '.codex', 'sessions');
    const rollout = readdirSync(sessions, { recursive: true, encoding: 'utf8' }).find((p) => p.endsWith(`${threadId}.jsonl`));
    assert.ok(rollout, `Codex wrote the rollout of ${threadId} under ${sessions}`);
    const runDir = dirname(lastRound(one.run).logPath!);
    mkdirSync(join(runDir, 'sessions'), { recursive: true });
    copyFileSync(join(sessions, rollout), join(runDir, 'sessions', basename(rollout)));
    rmSync(sessions, { recursive: true });

    await requestChanges(world.engine, one.run, 'One more pass.');
    const turns = world.script.taken.length;
    const two = await runRound(world, [{ text: 'Round two done.' }]);
    const round2 = lastRound(two.run);
    assert.equal(round2.status, 'succeeded', describeRound(round2));
    assert.ok(round2.agent?.argv.includes(threadId), `round 2 resumes the imported thread: ${round2.agent?.argv.join(' ')}`);
    const firstOfRound2 = JSON.stringify(world.script.taken[turns]!.body);
    assert.ok(firstOfRound2.includes('Looked at the parser.'), "the model saw round 1's turns");
    assert.ok(existsSync(join(sessions, rollout)), 'placed where Codex itself keeps it');
  });

  faultCases('codex', {
    transient: 'cut-stream',
    // Codex words a 500 as "high demand" and a 503 as "at capacity"; a 401 keeps the provider's message.
    words: { unauthorized: /401 Unauthorized: Incorrect API key/, 'server-error': /experiencing high demand/, overloaded: /model is at capacity/ },
    transcripts: '.codex/sessions',
    sessionGone: /no rollout found/i,
  });
});
