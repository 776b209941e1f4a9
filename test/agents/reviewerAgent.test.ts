/**
 * The reviewer agent with the real CLIs through `revise review`, against the scripted model server:
 * Claude Code and Codex answer through their structured-output options (`--json-schema`,
 * `--output-schema`), Gemini CLI, Qwen Code and opencode with a JSON block; the verdict and findings reach the run's ledger,
 * a later review verifies what it no longer reports, an advisory reviewer never blocks, and bad
 * answers or a reviewer that edits the worktree end in a clear error with nothing imported.
 */
import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingState } from '../../src/core/findingState';
import type { Run } from '../../src/core/model';
import { sh } from '../helpers/gitFixture';
import { runRevise, startRevise, useAgentWorlds, type AgentWorld } from './harness';
import type { Step } from './modelServer/script';
import { toolResults } from './roundChecks';

interface Answer {
  verdict: 'GO' | 'NO-GO';
  summary: string;
  findings: Array<{ id: string | null; severity: string; title: string; message: string; file: string | null; line: number | null; endLine: number | null }>;
}

const NEW_FINDING: Answer['findings'][number] = { id: null, severity: 'blocking', title: 'Empty input still throws', message: 'next("") returns undefined and .value throws.', file: 'src/parse.ts', line: 3, endLine: 3 };
const B1_AGAIN: Answer['findings'][number] = { id: 'B1', severity: 'blocking', title: 'Null check missing', message: 'still missing', file: 'src/parse.ts', line: 2, endLine: 3 };
const NO_GO: Answer = { verdict: 'NO-GO', summary: 'The crash on empty input is not fixed.', findings: [B1_AGAIN, NEW_FINDING] };
const GO: Answer = { verdict: 'GO', summary: 'Nothing blocking left.', findings: [] };

async function review(world: AgentWorld, steps: Step[], extra: string[] = []) {
  world.script.add(steps);
  const result = await runRevise(world, ['review', '--run', world.runId, '--reviewer', world.agent, '--reviewer-executable', world.bin, ...extra]);
  return { result, run: await world.engine.get(world.runId) };
}

function reviewerFindings(run: Run) {
  return run.findings.filter((f) => f.source.kind === 'reviewer-agent');
}

describe('real agent: reviewer agents through revise review', function () {
  this.timeout(60_000);

  describe('Claude Code (--json-schema, plan mode)', () => {
    const newWorld = useAgentWorlds('claude');

    it('imports a NO-GO with its findings, confirms a known one, and verifies them when a later review no longer reports them', async () => {
      const world = await newWorld();
      const head = sh(world.worktree, ['rev-parse', 'HEAD']);
      const one = await review(world, [{ tool: 'StructuredOutput', input: NO_GO }]);
      assert.equal(one.result.code, 0, one.result.stdout + one.result.stderr);
      const r = one.result.json.result as Record<string, unknown>;
      assert.equal(r.verdict, 'NO-GO');
      assert.equal(r.blocking, true);
      assert.deepEqual(r.confirmed, ['B1'], 'the known finding is confirmed, not duplicated');
      const added = reviewerFindings(one.run);
      assert.equal(added.length, 1);
      assert.deepEqual([added[0]!.severity, added[0]!.file, added[0]!.line, added[0]!.source.author], ['blocking', 'src/parse.ts', 3, 'claude']);
      assert.ok((r.costUsd as number) > 0, 'the cost is read from the result');
      const request = JSON.stringify(world.script.taken[0]!.body);
      assert.match(request, /"name":"StructuredOutput"/, 'Claude offered the structured-output tool');
      assert.match(request, /NO-GO/, 'with the review schema');
      assert.match(request, /Null check missing/, 'the prompt carries the run\u2019s findings');
      assert.equal(sh(world.worktree, ['rev-parse', 'HEAD']), head);
      assert.equal(sh(world.worktree, ['status', '--porcelain']), '', 'the reviewer left the worktree as it was');

      const two = await review(world, [{ tool: 'StructuredOutput', input: GO }]);
      assert.equal(two.result.code, 0, two.result.stdout + two.result.stderr);
      const again = two.result.json.result as Record<string, unknown>;
      assert.equal(again.verdict, 'GO');
      assert.deepEqual(again.gone, [added[0]!.id]);
      assert.equal(findingState(reviewerFindings(two.run)[0]!).kind, 'verified', 'no longer reported: verified by the re-run');
      assert.equal(two.run.findings.length, one.run.findings.length, 'nothing duplicated');
    });

    it('runs Claude read-only: a Write it attempts is refused by the CLI and the review still lands', async () => {
      const world = await newWorld();
      // A new file: Claude refuses to overwrite a file it has not read in any mode, which would prove nothing.
      const target = join(world.worktree, 'src', 'added.ts');
      const { result } = await review(world, [{ tool: 'Write', input: { file_path: target, content: 'added\n' } }, { tool: 'StructuredOutput', input: GO }]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const [write] = toolResults(world.script.taken[1]!.body);
      assert.equal(write?.isError, true, `the write was refused: ${write?.text}`);
      assert.equal(existsSync(target), false);
      assert.equal(sh(world.worktree, ['status', '--porcelain']), '');
    });

    it('refuses a reviewer that changed the worktree: an incident on the round, nothing imported, its change kept', async () => {
      const world = await newWorld();
      const before = (await world.engine.get(world.runId)).findings;
      const stray = join(world.worktree, 'src', 'stray.ts');
      // The scripted turn writes as the model's tool would, standing in for a CLI whose read-only mode leaked.
      const { result, run } = await review(world, [{ tool: 'StructuredOutput', input: () => (writeFileSync(stray, 'edited\n'), NO_GO) }]);
      assert.equal(result.code, 4, result.stdout + result.stderr);
      assert.equal(result.json.error?.code, 'reviewer-edited-worktree');
      assert.match(result.json.error?.message ?? '', /src\/stray\.ts/);
      assert.deepEqual(run.findings, before, 'nothing was imported');
      assert.ok(existsSync(stray), 'the change is left for the user');
      const incidents = run.rounds[run.rounds.length - 1]!.incidents ?? [];
      assert.deepEqual(incidents.map((i) => i.kind), ['reviewer-edited-worktree']);
    });

    it('refuses an answer that is not the review schema', async () => {
      const world = await newWorld();
      const before = (await world.engine.get(world.runId)).findings;
      const { result, run } = await review(world, [{ text: 'Looks good to me!' }]);
      assert.equal(result.code, 4, result.stdout + result.stderr);
      assert.equal(result.json.error?.code, 'reviewer-bad-output');
      assert.match(result.json.error?.message ?? '', /not JSON/);
      assert.deepEqual(run.findings, before);
    });
  });

  describe('Codex (--output-schema, read-only sandbox)', () => {
    const newWorld = useAgentWorlds('codex');

    it('sends the schema as the response format, runs in the read-only sandbox, and an advisory review never blocks', async () => {
      const world = await newWorld();
      const write = { tool: 'exec_command', input: { cmd: 'echo added > src/added.ts' } };
      const { result, run } = await review(world, [write, { text: JSON.stringify(NO_GO) }], ['--advisory']);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const [refused] = toolResults(world.script.taken[1]!.body);
      assert.match(refused?.text ?? '', /Read-only file system/, 'the sandbox refused the write');
      assert.equal(existsSync(join(world.worktree, 'src', 'added.ts')), false);
      const r = result.json.result as Record<string, unknown>;
      assert.deepEqual([r.verdict, r.blocking, r.advisory], ['NO-GO', false, true]);
      const body = world.script.taken[0]!.body as { text?: { format?: { type?: string; schema?: unknown } } };
      assert.equal(body.text?.format?.type, 'json_schema', 'Codex asked for structured output');
      assert.match(JSON.stringify(body.text?.format?.schema), /NO-GO/);
      const added = reviewerFindings(run);
      assert.deepEqual(added.map((f) => f.severity), ['non-blocking'], 'an advisory reviewer\u2019s blocking finding is not blocking');
      assert.deepEqual(run.findings.filter((f) => f.severity === 'blocking').map((f) => f.id), ['B1']);
    });

    it('runs several reviewers in turn: a blocking NO-GO decides, an advisory one whose answer is not the schema is reported and does not stop it', async () => {
      const world = await newWorld();
      world.script.add([{ text: JSON.stringify(NO_GO) }, { text: JSON.stringify({ verdict: 'MAYBE', summary: '', findings: [] }) }]);
      const env = Object.fromEntries(Object.entries(world.env).filter((e): e is [string, string] => e[1] !== undefined));
      const outcome = await world.engine.runReviewerAgents(world.runId, [
        { reviewer: 'codex', executable: world.bin, env },
        { reviewer: 'codex', executable: world.bin, env, advisory: true },
      ]);
      assert.deepEqual([outcome.verdict, outcome.complete, outcome.reviews.length], ['NO-GO', false, 1]);
      assert.deepEqual(outcome.failures.map((f) => [f.reviewer, f.advisory, f.error.code]), [['codex', true, 'reviewer-bad-output']]);
      assert.match(outcome.failures[0]!.error.message, /does not match the review schema \(verdict:/, 'the mismatch names the field');
      assert.ok((outcome.usage.inputTokens ?? 0) > 0, 'usage is summed');
      assert.equal(reviewerFindings(await world.engine.get(world.runId)).length, 1);
    });

    it('stops a review on Ctrl-C: exit 7, nothing imported', async () => {
      const world = await newWorld();
      const before = (await world.engine.get(world.runId)).findings;
      world.script.add([{ fault: 'hang' }]);
      const started = startRevise(world, ['review', '--run', world.runId, '--reviewer', 'codex', '--reviewer-executable', world.bin]);
      await world.script.whenTaken(1);
      started.child.kill('SIGINT');
      const result = await started.done;
      assert.equal(result.code, 7, result.stdout + result.stderr);
      assert.equal(result.json.error?.code, 'agent-cancelled');
      assert.deepEqual((await world.engine.get(world.runId)).findings, before);
    });
  });

  const writeTool = {
    gemini: (path: string) => ({ tool: 'write_file', input: { file_path: path, content: 'added\n' } }),
    qwen: (path: string) => ({ tool: 'write_file', input: { file_path: path, content: 'added\n' } }),
    opencode: (path: string) => ({ tool: 'write', input: { filePath: path, content: 'added\n' } }),
  };

  for (const [agent, name] of [['gemini', 'Gemini CLI'], ['qwen', 'Qwen Code'], ['opencode', 'opencode']] as const) {
    describe(`${name} (JSON block, read-only)`, () => {
      const newWorld = useAgentWorlds(agent);

      it('reads the verdict and findings from the JSON block of its final message', async () => {
        const world = await newWorld();
        const { result, run } = await review(world, [{ text: `Reviewed.\n\n\`\`\`json\n${JSON.stringify(NO_GO)}\n\`\`\`` }]);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.equal((result.json.result as Record<string, unknown>).verdict, 'NO-GO');
        assert.equal(reviewerFindings(run).length, 1);
        assert.match(JSON.stringify(world.script.taken[0]!.body), /fenced/, 'the prompt asks for the JSON block');
      });

      it('runs read-only: a file it tries to write is not written, and the review still lands', async () => {
        const world = await newWorld();
        const target = join(world.worktree, 'src', 'added.ts');
        const { result } = await review(world, [writeTool[agent](target), { text: `Reviewed.\n\n\`\`\`json\n${JSON.stringify(GO)}\n\`\`\`` }]);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.equal((result.json.result as Record<string, unknown>).verdict, 'GO');
        assert.equal(world.script.taken.length, 2, 'the CLI answered the write attempt and went on');
        assert.equal(existsSync(target), false, 'the write was refused');
        assert.equal(sh(world.worktree, ['status', '--porcelain']), '');
      });
    });
  }
});
