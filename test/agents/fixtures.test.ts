/**
 * The fixture CLIs in test/fixtures/bin/ stand in for the real ones everywhere else in the suite, so they
 * must behave like them: each case runs the real binary (against the scripted model server) and the
 * fixture on the same argv, stdin and folder. An argv one rejects, the other must reject too, with the same
 * exit code; an accepted run must print the event types, and the fields Revise's output parsers read, with
 * the same JSON types.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_BIN } from '../helpers/cli';
import { sh } from '../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../helpers/tempDir';
import { agentBins, agentEnv, ARTIFACTS, type AgentName } from './harness';

/** The agents that have a fixture CLI in test/fixtures/bin/. */
type FixtureAgent = Extract<AgentName, 'claude' | 'codex'>;
import { anthropicHandler } from './modelServer/anthropic';
import { openaiResponsesHandler } from './modelServer/openaiResponses';
import { Script } from './modelServer/script';
import { startModelServer, type ModelServer } from './modelServer/server';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(program: string[], args: string[], cwd: string, env: NodeJS.ProcessEnv, stdin: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(program[0]!, [...program.slice(1), ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** The fields Revise's parsers read, per event (`type`, or `type/subtype`), as `path: json type`. */
const READ_FIELDS: Record<FixtureAgent, Record<string, string[]>> = {
  claude: {
    'system/init': ['session_id'],
    assistant: ['message.content', 'session_id'],
    result: ['session_id', 'is_error', 'total_cost_usd', 'result', 'usage.input_tokens', 'usage.output_tokens', 'usage.cache_read_input_tokens', 'usage.cache_creation_input_tokens'],
  },
  codex: {
    'thread.started': ['thread_id'],
    'item.completed': ['item.type', 'item.text'],
    'turn.completed': ['usage.input_tokens', 'usage.cached_input_tokens', 'usage.output_tokens'],
  },
};

type Shape = Map<string, Map<string, string>>;

function shapeOf(agent: FixtureAgent, stdout: string): Shape {
  const shape: Shape = new Map();
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    const key = agent === 'claude' && event.type === 'system' ? `system/${String(event.subtype)}` : String(event.type);
    const fields = shape.get(key) ?? new Map<string, string>();
    for (const path of READ_FIELDS[agent][key] ?? []) {
      const value = path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), event);
      if (value !== undefined) fields.set(path, Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
    }
    shape.set(key, fields);
  }
  return shape;
}

const sessionOf = (agent: FixtureAgent, stdout: string) => (agent === 'claude' ? /"session_id":"([^"]+)"/ : /"thread_id":"([^"]+)"/).exec(stdout)?.[1];

interface Case {
  name: string;
  /** `{session}`: the id of a session the same program made in the first case. */
  argv: string[];
}

const CASES: Record<FixtureAgent, Case[]> = {
  claude: [
    { name: 'a first round (the preset)', argv: ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits'] },
    { name: 'a resumed round (the preset)', argv: ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--resume', '{session}'] },
    { name: 'stream-json without --verbose', argv: ['-p', '--output-format', 'stream-json', '--permission-mode', 'acceptEdits'] },
    { name: 'an unknown permission mode', argv: ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'manual'] },
    { name: 'an unknown flag', argv: ['-p', '--output-format', 'stream-json', '--verbose', '--no-such-flag'] },
    { name: 'resuming a session that does not exist', argv: ['-p', '--output-format', 'stream-json', '--verbose', '--resume', '0b0b0b0b-0000-4000-8000-000000000000'] },
  ],
  codex: [
    { name: 'a first round (the preset)', argv: ['exec', '--json', '-s', 'workspace-write', '-'] },
    { name: 'resume with -s after resume', argv: ['exec', 'resume', '{session}', '--json', '-s', 'workspace-write', '-'] },
    { name: 'resume with -s before resume', argv: ['exec', '-s', 'workspace-write', 'resume', '{session}', '--json', '-'] },
    { name: 'resume with the sandbox as -c', argv: ['exec', 'resume', '{session}', '-c', 'sandbox_mode="workspace-write"', '--json', '-'] },
    { name: '--full-auto', argv: ['exec', '--full-auto', '--json', '-'] },
    { name: 'an unknown flag', argv: ['exec', '--json', '--no-such-flag', '-'] },
    { name: 'resuming a thread that does not exist', argv: ['exec', 'resume', '0b0b0b0b-0000-4000-8000-000000000000', '--json', '-'] },
  ],
};

for (const agent of ['claude', 'codex'] as const) {
  describe(`fixture ${agent} matches the real ${agent} CLI`, function () {
    this.timeout(60_000);
    let server: ModelServer;
    let cwd: string;
    let env: NodeJS.ProcessEnv;
    const sessions: { real?: string | undefined; fixture?: string | undefined } = {};

    before(async function () {
      this.timeout(900_000);
      agentBins();
      const script = new Script([]);
      server = await startModelServer({ handlers: [agent === 'claude' ? anthropicHandler(script) : openaiResponsesHandler(script)], maxRequests: 100 });
      mkdirSync(ARTIFACTS, { recursive: true });
      const root = makeTempDir(`fixture-${agent}-`, ARTIFACTS);
      cwd = join(root, 'repo');
      mkdirSync(cwd);
      sh(cwd, ['init', '--quiet']);
      env = { ...agentEnv(agent, join(root, 'home'), server.url), FIXTURE_AGENT_STATE: join(root, 'fixture-state') };
    });
    after(async () => {
      await server.close();
      cleanupTempDirs();
    });

    for (const { name, argv } of CASES[agent]) {
      it(name, async () => {
        const args = (session: string | undefined) => argv.map((a) => (a === '{session}' ? (session ?? 'no-session-yet') : a));
        const real = await run([agentBins()[agent]], args(sessions.real), cwd, env, 'Say hello.');
        const fixture = await run([process.execPath, join(FIXTURE_BIN, agent)], args(sessions.fixture), cwd, env, 'Say hello.');
        sessions.real ??= sessionOf(agent, real.stdout);
        sessions.fixture ??= sessionOf(agent, fixture.stdout);
        const said = `real: exit ${real.code} ${real.stderr.slice(0, 400)}${real.stdout.slice(0, 400)}\nfixture: exit ${fixture.code} ${fixture.stderr.slice(0, 400)}${fixture.stdout.slice(0, 400)}`;
        assert.equal(fixture.code, real.code, `same exit code\n${said}`);
        if (real.code !== 0) return;
        const realShape = shapeOf(agent, real.stdout);
        const fixtureShape = shapeOf(agent, fixture.stdout);
        for (const [type, fields] of fixtureShape) {
          assert.ok(realShape.has(type), `the fixture prints a ${type} event the real CLI does not\n${said}`);
          for (const [path, kind] of fields) assert.equal(realShape.get(type)!.get(path), kind, `${type}.${path}`);
        }
        for (const [type, fields] of realShape) {
          if (!(type in READ_FIELDS[agent])) continue;
          assert.ok(fixtureShape.has(type), `the real CLI prints a ${type} event the fixture does not\n${said}`);
          for (const [path, kind] of fields) assert.equal(fixtureShape.get(type)!.get(path), kind, `the fixture's ${type}.${path}`);
        }
      });
    }
  });
}
