/**
 * The real Claude Code CLI drives rounds through `revise round`, against the scripted Anthropic Messages
 * API: two rounds with commits, the session resumed, dispositions written through the file the prompt
 * offers, usage and cost recorded; faults (transient, 401, 500, 529, a hang), cancel and a lost session.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sh } from '../helpers/gitFixture';
import { pathAfter, requestChanges, runRound, useAgentWorlds } from './harness';
import type { Step } from './modelServer/script';
import { faultCases } from './faultCases';
import { describeRound, dispositionsJson, expectUsage, lastRound, lastRequestBody, toolResults } from './roundChecks';

const DISPOSITIONS = /Either write/;
const PREVIOUS_LOG = /Its log is at/;

/** Read src/parse.ts, then edit it (Claude refuses an Edit of a file it has not read). */
function editParse(worktree: string, find: string, replace: string): Step[] {
  const file = join(worktree, 'src', 'parse.ts');
  return [
    { tool: 'Read', input: { file_path: file } },
    { tool: 'Edit', input: { file_path: file, old_string: find, new_string: replace } },
  ];
}

function writeDispositions(kind: string, note: string): Step {
  return { tool: 'Write', input: (request: string) => ({ file_path: pathAfter(DISPOSITIONS)(request), content: dispositionsJson({ B1: { kind, note } }) }) };
}

describe('real agent: Claude Code through revise round', function () {
  this.timeout(60_000);
  const newWorld = useAgentWorlds('claude');

  it('runs two rounds with commits, resumes the session, reads the previous log and writes dispositions through the file', async () => {
    const world = await newWorld();
    const one = await runRound(world, [
      ...editParse(world.worktree, '  return token.value;', '  if (!token) throw new Error("empty input");\n  return token.value;'),
      writeDispositions('fixed', 'throws on empty input (round 1)'),
      { text: 'Added the null check.' },
    ]);
    assert.equal(one.result.code, 0, one.result.stdout + one.result.stderr);
    const round1 = lastRound(one.run);
    assert.equal(round1.status, 'succeeded', describeRound(round1));
    assert.match(readFileSync(join(world.worktree, 'src', 'parse.ts'), 'utf8'), /empty input/);
    assert.notEqual(round1.headAfter, round1.headBefore, 'the edit is committed');
    assert.equal(sh(world.worktree, ['status', '--porcelain']), '', 'nothing is left uncommitted, and no agent-facing file is in the worktree');
    const sessionId = round1.agent?.sessionId;
    assert.ok(sessionId, 'the session id is read from the stream-json output');
    assert.ok((round1.agent?.costUsd ?? 0) > 0, 'the cost is recorded');
    const turns = world.script.taken.length;
    assert.equal(turns, 4);
    expectUsage(round1, turns, 'anthropic');
    const b1 = one.run.findings.find((f) => f.id === 'B1');
    assert.deepEqual([b1?.disposition?.kind, b1?.disposition?.note], ['fixed', 'throws on empty input (round 1)'], 'the disposition comes from the file the agent wrote');
    assert.deepEqual(toolResults(lastRequestBody(world)).filter((r) => r.isError), [], 'no tool call was refused');

    await requestChanges(world.engine, one.run, 'One more pass.');
    const two = await runRound(world, [
      { tool: 'Read', input: (request: string) => ({ file_path: pathAfter(PREVIOUS_LOG)(request) }) },
      { tool: 'Write', input: { file_path: join(world.worktree, 'NOTES.md'), content: 'round two\n' } },
      writeDispositions('fixed', 'kept (round 2)'),
      { text: 'Round two done.' },
    ]);
    assert.equal(two.result.code, 0, two.result.stdout + two.result.stderr);
    const round2 = lastRound(two.run);
    assert.equal(round2.status, 'succeeded', describeRound(round2));
    assert.ok(round2.agent?.argv.includes('--resume') && round2.agent.argv.includes(sessionId), 'round 2 resumes round 1');
    const firstOfRound2 = JSON.stringify(world.script.taken[turns]!.body);
    assert.ok(firstOfRound2.includes('Revision round 1') && firstOfRound2.includes('Added the null check.'), "the model saw round 1's turns in round 2");
    assert.ok(firstOfRound2.includes('Revision round 2'), "and round 2's prompt");
    assert.equal(sh(world.worktree, ['log', '-1', '--format=%s']), 'revise: round 2');
    assert.ok(existsSync(join(world.worktree, 'NOTES.md')));
    const results = toolResults(lastRequestBody(world));
    assert.deepEqual(results.filter((r) => r.isError), [], `no tool call was refused: ${JSON.stringify(results)}`);
    assert.ok(results.some((r) => r.text.includes('"type":"result"') && r.text.includes(sessionId)), "the agent could read round 1's log");
    assert.equal(two.run.findings.find((f) => f.id === 'B1')?.disposition?.note, 'kept (round 2)');
  });

  it('may run the verify command (allowed by default), and the command it was denied is recorded on the round', async () => {
    const world = await newWorld();
    const { result, run } = await runRound(
      world,
      [
        { tool: 'Bash', input: { command: 'sh -c true', description: 'run the verify command' } },
        { tool: 'Bash', input: { command: 'sh -c "echo no > denied.txt"', description: 'run another command' } },
        { text: 'Checked.\nB1: fixed — verified' },
      ],
      ['--verify-command', 'sh -c true'],
    );
    const round = lastRound(run);
    assert.equal(round.status, 'succeeded', describeRound(round));
    assert.equal(result.code, 0, result.stderr);
    const [verify, other] = toolResults(lastRequestBody(world));
    assert.equal(verify?.isError, false, `the verify command ran: ${verify?.text}`);
    assert.equal(other?.isError, true, `another command was denied: ${other?.text}`);
    assert.equal(existsSync(join(world.worktree, 'denied.txt')), false);
    assert.match(JSON.stringify(round.agent), /echo no > denied\.txt/, 'the denied command is recorded on the round');
  });

  faultCases('claude', {
    transient: 'overloaded',
    words: { unauthorized: /invalid x-api-key|Invalid API key/i, 'server-error': /Internal server error|\b500\b/i, overloaded: /Overloaded|\b529\b/i },
    transcripts: '.claude/projects',
    sessionGone: /No conversation found/i,
  });
});
