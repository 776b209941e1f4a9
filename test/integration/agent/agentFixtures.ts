/** Helpers for tests that run the fixture agents of test/fixtures/bin. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { makeTempDir } from '../../helpers/tempDir';

export const FIXTURE_BIN = resolve(__dirname, '../../fixtures/bin');

export interface FixtureRecord {
  agent: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  prompt?: string;
  sessionId?: string;
  resumed?: string | null;
  turns?: number;
  restoredTurns?: number;
  error?: unknown;
  pid: number;
}

/** A worktree-like folder (a git repo, as codex and aider expect), a run folder and the fixture state. */
export interface AgentSandbox {
  worktree: string;
  runDir: string;
  recordFile: string;
  stateDir: string;
  /** Environment for the runner: fixtures first on PATH, recording and sessions on. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Write a FIXTURE_AGENT_SCRIPT and return the env entry that selects it. */
  script(steps: unknown): Record<string, string>;
  records(): FixtureRecord[];
}

export function makeAgentSandbox(): AgentSandbox {
  const root = makeTempDir('revise-agent-');
  const worktree = join(root, 'worktree');
  const runDir = join(root, 'run');
  execFileSync('git', ['init', '-q', worktree]);
  mkdirSync(runDir);
  const recordFile = join(root, 'record.jsonl');
  const stateDir = join(root, 'state');
  let scripts = 0;
  return {
    worktree,
    runDir,
    recordFile,
    stateDir,
    env: (extra = {}) => ({
      PATH: `${FIXTURE_BIN}${delimiter}${process.env.PATH ?? ''}`,
      FIXTURE_AGENT_RECORD: recordFile,
      FIXTURE_AGENT_STATE: stateDir,
      ...extra,
    }),
    script(steps) {
      const file = join(root, `script-${++scripts}.json`);
      writeFileSync(file, JSON.stringify(steps));
      return { FIXTURE_AGENT_SCRIPT: file };
    },
    records: () =>
      existsSync(recordFile)
        ? readFileSync(recordFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as FixtureRecord)
        : [],
  };
}

/** Resolves with the accumulated text once `pattern` appears in what `subscribe` receives. */
export function outputWatcher(pattern: RegExp): { onOutput: (chunk: string) => void; seen: Promise<RegExpExecArray> } {
  let text = '';
  let found: (m: RegExpExecArray) => void = () => undefined;
  const seen = new Promise<RegExpExecArray>((r) => (found = r));
  return {
    onOutput(chunk) {
      text = (text + chunk).slice(-4096);
      const m = pattern.exec(text);
      if (m) found(m);
    },
    seen,
  };
}
