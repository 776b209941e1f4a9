/**
 * The world of one real-agent test: a git fixture OUTSIDE the temp folder (Codex's sandbox lets a command
 * write anywhere under /tmp, which would hide a refused write), a run started with one finding and its
 * first round queued, the scripted model server, and a HOME / CLAUDE_CONFIG_DIR / CODEX_HOME of its own,
 * so nothing of the machine's own agent setup is read or written. Rounds run through the real `revise
 * round` CLI with the real agent binary (installed by tools.sh).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../src/core/model';
import { Engine } from '../../src/engine';
import { startReviseCli, type CliResult } from '../helpers/cli';
import { reviseBundle } from '../helpers/cliBundle';
import { makeRemoteFixture, type RemoteFixture } from '../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../helpers/tempDir';
import { anthropicHandler } from './modelServer/anthropic';
import { MORE_AGENTS, type MoreAgentName } from './moreAgents';
import { openaiResponsesHandler } from './modelServer/openaiResponses';
import { Script, type Step } from './modelServer/script';
import { startModelServer, type ModelServer } from './modelServer/server';

export type AgentName = 'claude' | 'codex' | MoreAgentName;

const REPO_ROOT = join(__dirname, '..', '..');
export const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'agents');
/** A model Codex knows the metadata of (it then declares apply_patch as a freeform tool, as in real use). */
export const CODEX_MODEL = 'gpt-5.5';

export const PARSE_SOURCE = ['export function parse(input: string) {', '  const token = next(input);', '  return token.value;', '}', ''].join('\n');

let bins: Record<AgentName, string> | undefined;

/** Paths of the real CLIs; installs them into the host-tool cache when missing (tools.sh). */
export function agentBins(): Record<AgentName, string> {
  if (bins) return bins;
  const result = spawnSync('bash', [join(__dirname, 'tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 });
  if (result.status !== 0) throw new Error(`test/agents/tools.sh failed (exit ${result.status}); the real agent CLIs are not installed.`);
  const path = (name: string) => new RegExp(`^${name}=(.+)$`, 'm').exec(result.stdout)?.[1] ?? '';
  bins = { claude: path('CLAUDE_BIN'), codex: path('CODEX_BIN'), gemini: path(MORE_AGENTS.gemini.binKey), opencode: path(MORE_AGENTS.opencode.binKey), qwen: path(MORE_AGENTS.qwen.binKey) };
  return bins;
}

export interface AgentWorld {
  agent: AgentName;
  bin: string;
  fx: RemoteFixture;
  engine: Engine;
  runId: string;
  worktree: string;
  script: Script;
  server: ModelServer;
  /** The agent's own home: HOME, and CLAUDE_CONFIG_DIR or CODEX_HOME under it. */
  home: string;
  /** The whole environment `revise round` runs with (nothing inherited but PATH). */
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/** A world whose run has finding B1 on src/parse.ts and round 1 queued. */
export async function agentWorld(agent: AgentName): Promise<AgentWorld> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const fx = makeRemoteFixture({ 'src/parse.ts': PARSE_SOURCE }, makeTempDir(`${agent}-`, ARTIFACTS));
  const home = join(fx.root, 'agent-home');
  const engine = await Engine.open(fx.user);
  let run = await engine.start({ priorBranch: fx.priorBranch, maxRounds: 5, issue: { title: 'Parser crashes on empty input', body: 'parse("") throws a TypeError.' } });
  run = (await engine.addFinding(run.id, { file: 'src/parse.ts', line: 2, endLine: 3, severity: 'blocking', message: 'Null check missing: token may be undefined' })).run;
  run = await requestChanges(engine, run, 'Keep the API.');
  // Started last, so a failed setup leaves no server listening.
  const script = new Script([]);
  const server = await startModelServer({ handlers: [agent === 'claude' ? anthropicHandler(script) : agent === 'codex' ? openaiResponsesHandler(script) : MORE_AGENTS[agent].handler(script)], idleTimeoutMs: 120_000, maxRequests: 200 });
  return {
    agent,
    bin: agentBins()[agent],
    fx,
    engine,
    runId: run.id,
    worktree: run.worktree,
    script,
    server,
    home,
    env: agentEnv(agent, home, server.url),
    async dispose() {
      engine.dispose();
      await server.close();
    },
  };
}

/**
 * Mocha wiring: the CLIs installed before the suite, each test's world disposed after it, the fixtures
 * removed at the end. Returns the factory a test calls for its world.
 */
export function useAgentWorlds(agent: AgentName): () => Promise<AgentWorld> {
  let made: AgentWorld | undefined;
  before(function () {
    this.timeout(900_000);
    agentBins();
  });
  afterEach(async function () {
    // The fixtures are removed at the end; a failed test's run folder (prompts, logs) is kept for reading.
    if (made && this.currentTest?.state === 'failed') {
      const kept = join(ARTIFACTS, 'failed', this.currentTest.fullTitle().replace(/[^A-Za-z0-9]+/g, '-').slice(0, 120));
      cpSync(join(made.fx.user, '.git', 'revise', 'runs', made.runId), kept, { recursive: true });
      console.error(`    run folder of the failed test kept in ${kept}`);
    }
    await made?.dispose();
    made = undefined;
  });
  after(() => cleanupTempDirs());
  return async () => (made = await agentWorld(agent));
}

/** Queue the next round by answering the pending decision with request-changes. */
export async function requestChanges(engine: Engine, run: Run, feedback: string): Promise<Run> {
  if (!run.pendingDecision) throw new Error(`run ${run.id} has no pending decision`);
  return (await engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'request-changes', feedback })).run;
}

/** The whole environment an agent CLI runs with, pointed at the server at `url`: nothing inherited but PATH. */
export function agentEnv(agent: AgentName, home: string, url: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  return { ...baseEnv(home), ...(agent === 'claude' ? claudeEnv(home, url) : agent === 'codex' ? codexEnv(home, url) : MORE_AGENTS[agent].env(home, url)) };
}

function baseEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** Claude Code: the base URL and key, no telemetry, error reports, update checks or other side traffic. */
function claudeEnv(home: string, url: string): NodeJS.ProcessEnv {
  return {
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // One retry (the SDK's default is more, with backoff): a transient fault recovers, a lasting one fails fast.
    CLAUDE_CODE_MAX_RETRIES: '1',
  };
}

/** Codex: a model provider pointing at the server (Responses API), no analytics or update check. */
function codexEnv(home: string, url: string): NodeJS.ProcessEnv {
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      `model = "${CODEX_MODEL}"`,
      'model_provider = "scripted"',
      'check_for_update_on_startup = false',
      '',
      '[analytics]',
      'enabled = false',
      '',
      '[model_providers.scripted]',
      'name = "scripted model server"',
      `base_url = "${url}/v1"`,
      'env_key = "SCRIPTED_API_KEY"',
      'wire_api = "responses"',
      // One retry of a failed request and of a dropped stream: a transient fault recovers, a lasting one fails fast.
      'request_max_retries = 1',
      'stream_max_retries = 1',
      '',
    ].join('\n'),
  );
  return { CODEX_HOME: codexHome, SCRIPTED_API_KEY: 'sk-test' };
}

/** Start `revise round` for the world's queued round; `child` can be signalled (a user's Ctrl-C). */
export function startRound(world: AgentWorld, extra: string[] = []): ReturnType<typeof startReviseCli> {
  return startReviseCli(world.fx.user, ['round', '--run', world.runId, '--agent', world.agent, '--agent-executable', world.bin, ...extra], world.env, reviseBundle(ARTIFACTS));
}

/** Start any `revise` command in the world's repository, with the world's environment; `child` can be signalled. */
export function startRevise(world: AgentWorld, args: string[]): ReturnType<typeof startReviseCli> {
  return startReviseCli(world.fx.user, args, world.env, reviseBundle(ARTIFACTS));
}

/** Run any `revise` command in the world's repository, with the world's environment. */
export function runRevise(world: AgentWorld, args: string[]): Promise<CliResult> {
  return startRevise(world, args).done;
}

/** Run the queued round with `steps` scripted; resolves with the CLI's result and the run after it. */
export async function runRound(world: AgentWorld, steps: Step[], extra: string[] = []): Promise<{ result: CliResult; run: Run }> {
  world.script.add(steps);
  const result = await startRound(world, extra).done;
  return { result, run: await world.engine.get(world.runId) };
}

/**
 * A path the latest prompt in the request names in backquotes after `label` (e.g. the dispositions file,
 * the previous log), as a model reading the prompt would find it.
 */
export function pathAfter(label: RegExp): (request: string) => string {
  return (request) => {
    const matches = [...request.matchAll(new RegExp(`${label.source}[^\`]*\`([^\`]+)\``, 'g'))];
    const last = matches[matches.length - 1];
    if (!last) throw new Error(`the prompt names no path after ${String(label)}`);
    return last[1]!;
  };
}
