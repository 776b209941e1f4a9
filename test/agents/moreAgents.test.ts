/**
 * The real Gemini CLI, opencode and Qwen Code binaries drive rounds through `revise round`, each against
 * the scripted model server speaking its own protocol (Gemini API; OpenAI Chat Completions for the other
 * two): two rounds with commits, the session resumed (the model sees round 1's turns in round 2), an
 * allowed command run and a refused one recorded, dispositions from the reply's trailer (round 1) and
 * through the file the prompt offers (round 2), the previous round's log read where the CLI may, usage;
 * a lasting 401 failing the round with the CLI's own words and exit 4; for Gemini, a lost session.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sh } from '../helpers/gitFixture';
import { pathAfter, requestChanges, runRound, useAgentWorlds, type AgentWorld } from './harness';
import type { Step } from './modelServer/script';
import type { MoreAgentName } from './moreAgents';
import { describeRound, dispositionsJson, expectFailedRound, expectUsage, lastRound } from './roundChecks';

interface AgentCase {
  /** Read src/parse.ts (where the CLI insists) and replace `find` with `replace` in it. */
  editParse(worktree: string, find: string, replace: string): Step[];
  /** Run a shell command. */
  shell(command: string): Step;
  /** Create a new file; the path may come from the request (a path the prompt names). */
  write(path: string | ((request: string) => string), content: string): Step;
  /**
   * Read a file the prompt names. Gemini CLI's read_file refuses paths a `.gitignore` ignores ("is
   * ignored by configured ignore patterns"), which is why the round folder is excluded through the
   * repository's info/exclude instead: every CLI here reads the previous round's log.
   */
  read?(path: (request: string) => string): Step;
  resumeFlag: string;
  unauthorized: RegExp;
  /**
   * Where, under the agent's home, the CLI keeps its session transcripts (to lose one). Only Gemini's
   * fallback runs here, to keep the suite short; the other CLIs' words for a lost session are checked
   * on their real output in test/integration/agent/moreAgents.test.ts.
   */
  transcripts?: string;
}

const CASES: Record<MoreAgentName, AgentCase> = {
  gemini: {
    // Gemini's write_file overwrites without a prior read; its `replace` also wants an `instruction`.
    editParse: (worktree, find, replace) => [{ tool: 'write_file', input: { file_path: join(worktree, 'src', 'parse.ts'), content: readFileSync(join(worktree, 'src', 'parse.ts'), 'utf8').replace(find, replace) } }],
    shell: (command) => ({ tool: 'run_shell_command', input: { command, description: command } }),
    write: (path, content) => ({ tool: 'write_file', input: inputAt(path, (file_path) => ({ file_path, content })) }),
    read: (path) => ({ tool: 'read_file', input: inputAt(path, (file_path) => ({ file_path })) }),
    resumeFlag: '--resume',
    unauthorized: /API key not valid/,
    transcripts: join('.gemini', 'tmp'),
  },
  qwen: {
    editParse: (worktree, find, replace) => [
      { tool: 'read_file', input: { file_path: join(worktree, 'src', 'parse.ts') } },
      { tool: 'edit', input: { file_path: join(worktree, 'src', 'parse.ts'), old_string: find, new_string: replace } },
    ],
    shell: (command) => ({ tool: 'run_shell_command', input: { command, description: command } }),
    write: (path, content) => ({ tool: 'write_file', input: inputAt(path, (file_path) => ({ file_path, content })) }),
    read: (path) => ({ tool: 'read_file', input: inputAt(path, (file_path) => ({ file_path })) }),
    resumeFlag: '--resume',
    // Qwen Code exits 0 on a provider error; Revise reads its `[API Error: 401 …]` reply as the failure.
    unauthorized: /Incorrect API key provided/,
  },
  opencode: {
    editParse: (worktree, find, replace) => [
      { tool: 'read', input: { filePath: join(worktree, 'src', 'parse.ts') } },
      { tool: 'edit', input: { filePath: join(worktree, 'src', 'parse.ts'), oldString: find, newString: replace } },
    ],
    shell: (command) => ({ tool: 'bash', input: { command, description: command } }),
    write: (path, content) => ({ tool: 'write', input: inputAt(path, (filePath) => ({ filePath, content })) }),
    read: (path) => ({ tool: 'read', input: inputAt(path, (filePath) => ({ filePath })) }),
    resumeFlag: '--session',
    unauthorized: /Incorrect API key provided/,
  },
};

/** A tool input naming `path`, resolved against the request when the path comes from the prompt. */
function inputAt(path: string | ((request: string) => string), input: (path: string) => unknown): unknown {
  return typeof path === 'string' ? input(path) : (request: string) => input(path(request));
}

const DISPOSITIONS = /Either write/;
const PREVIOUS_LOG = /Its log is at/;

for (const [agent, cli] of Object.entries(CASES) as [MoreAgentName, AgentCase][]) {
  describe(`real agent: ${agent} through revise round`, function () {
    this.timeout(120_000);
    const world = useAgentWorlds(agent);

    it('runs two rounds with commits and the session resumed, runs only the allowed command and records the refused one, reads dispositions from the reply and from the file', async () => {
      const w: AgentWorld = await world();
      const one = await runRound(
        w,
        [
          ...cli.editParse(w.worktree, '  return token.value;', '  if (!token) throw new Error("empty input");\n  return token.value;'),
          cli.shell('git status --short'),
          cli.shell('touch evil.txt'),
          { text: 'Added the null check.\n\nB1: fixed — throws on empty input' },
        ],
        ['--allow-command', 'git status'],
      );
      const round1 = lastRound(one.run);
      assert.equal(one.result.code, 0, one.result.stdout + one.result.stderr);
      assert.equal(round1.status, 'succeeded', describeRound(round1));
      assert.match(readFileSync(join(w.worktree, 'src', 'parse.ts'), 'utf8'), /empty input/);
      assert.notEqual(round1.headAfter, round1.headBefore, 'the edit is committed');
      assert.equal(sh(w.worktree, ['log', '-1', '--format=%s']), 'revise: round 1');
      assert.equal(existsSync(join(w.worktree, 'evil.txt')), false, 'the command that was not allowed did not run');
      assert.deepEqual(round1.agent?.denied?.map((d) => d.detail), ['touch evil.txt'], 'the refused command is recorded on the round');
      const sessionId = round1.agent?.sessionId;
      assert.ok(sessionId, 'the session id is read from the JSON output');
      const turns = w.script.taken.length;
      assert.equal(turns, cli.editParse(w.worktree, '', '').length + 3);
      // The Gemini API and Chat Completions, like the Responses API, report input with its cached part and no cache writes.
      expectUsage(round1, turns, 'openai');
      assert.deepEqual([one.run.findings.find((f) => f.id === 'B1')?.disposition?.kind], ['fixed'], 'the disposition comes from the reply');

      await requestChanges(w.engine, one.run, 'One more pass.');
      const two = await runRound(w, [
        ...(cli.read ? [cli.read(pathAfter(PREVIOUS_LOG))] : []),
        cli.write(join(w.worktree, 'NOTES.md'), 'round two\n'),
        cli.write(pathAfter(DISPOSITIONS), dispositionsJson({ B1: { kind: 'fixed', note: 'kept (round 2)' } })),
        { text: 'Round two done.' },
      ]);
      const round2 = lastRound(two.run);
      assert.equal(two.result.code, 0, two.result.stdout + two.result.stderr);
      assert.equal(round2.status, 'succeeded', describeRound(round2));
      const argv = round2.agent?.argv ?? [];
      assert.equal(argv[argv.indexOf(cli.resumeFlag) + 1], sessionId, 'round 2 resumes round 1');
      assert.equal(round2.agent?.sessionId, sessionId, 'and stays in that session');
      const firstOfRound2 = JSON.stringify(w.script.taken[turns]!.body);
      assert.ok(firstOfRound2.includes('Revision round 1') && firstOfRound2.includes('Added the null check.'), "the model saw round 1's turns in round 2");
      assert.ok(firstOfRound2.includes('Revision round 2'), "and round 2's prompt");
      assert.equal(readFileSync(join(w.worktree, 'NOTES.md'), 'utf8'), 'round two\n');
      assert.equal(two.run.findings.find((f) => f.id === 'B1')?.disposition?.note, 'kept (round 2)', 'the disposition comes from the file the agent wrote');
      if (cli.read) {
        // Round 1's log holds the CLI's own JSON output, session id included; the read sent it to the model.
        assert.equal(firstOfRound2.includes(sessionId), false, 'the session id is not in the conversation before the read');
        assert.ok(JSON.stringify(w.script.taken[turns + 1]!.body).includes(sessionId), "the agent could read round 1's log");
      }
      assert.equal(sh(w.worktree, ['log', '-1', '--format=%s']), 'revise: round 2');
    });

    it("fails the round on a lasting 401, with the CLI's own words in round.error and exit 4", async () => {
      await expectFailedRound(await world(), [{ fault: 'unauthorized', sticky: true }], cli.unauthorized);
    });

    if (cli.transcripts) {
      const transcripts = cli.transcripts;
      it('falls back to a fresh session when the one to resume is gone', async () => {
        const w = await world();
        const one = await runRound(w, [{ text: 'Looked.\nB1: deferred #12 — later' }]);
        const lost = lastRound(one.run).agent?.sessionId;
        assert.ok(lost);
        rmSync(join(w.home, transcripts), { recursive: true });
        await requestChanges(w.engine, one.run, 'Again.');
        const two = await runRound(w, [{ text: 'Fresh start.\nB1: fixed — done now' }]);
        const round2 = lastRound(two.run);
        assert.equal(round2.status, 'succeeded', describeRound(round2));
        assert.equal(round2.agent?.freshSession?.lostSessionId, lost);
        assert.ok(round2.agent?.sessionId && round2.agent.sessionId !== lost, 'a new session');
        assert.equal(round2.agent?.argv.includes(cli.resumeFlag), false, 'the fresh run resumes nothing');
        assert.equal(two.run.findings.find((f) => f.id === 'B1')?.disposition?.kind, 'fixed');
      });
    }
  });
}
