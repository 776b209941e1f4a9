/**
 * Part of `npm run bench`: an agent printing 200 MB through the runner (log file, output
 * subscriber, stream parser). The runner runs in a child process (the memory probe of the agent
 * tests), so the bench's own heap cannot pollute its peak RSS. Throughput is compared with `cat`
 * of the very same bytes (the log just written) through a plain child-process pipe — once with the
 * fixture agent producing them (its own pace included), once with `cat` of that log as the agent,
 * so the runner's share stands alone.
 */
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cleanupTempDirs } from '../test/helpers/tempDir';
import { makeAgentSandbox } from '../test/integration/agent/agentFixtures';
import { sample, type Bench, type BenchRow } from './harness';

const MB = 1024 * 1024;
const BYTES = 200 * MB;
const RUNS = 5;
const execFileAsync = promisify(execFile);
const probe = resolve(__dirname, '../test/integration/agent/memoryProbe.ts');

interface ProbeResult {
  status: string;
  logBytes: number;
  seenChars: number;
  durationMs: number;
  rssGrowth: number;
  heapGrowth: number;
}

/** Time to read all of `file` from a plain `cat` child through a pipe, counting bytes as they come. */
function catThroughPipe(file: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    let bytes = 0;
    const child = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done({ ms: performance.now() - started, bytes }) : fail(new Error(`cat exited with ${code}`))));
  });
}

async function run(): Promise<BenchRow[]> {
  try {
    const sb = makeAgentSandbox();
    const env = sb.env(sb.script([{ printBytes: BYTES }, { say: 'done' }]));
    const logPath = join(sb.runDir, 'round-1.log');
    const catLog = join(sb.runDir, 'cat-round.log');
    const runner = async (agentArgv?: string[]): Promise<ProbeResult> => {
      const log = agentArgv ? catLog : logPath;
      rmSync(log, { force: true });
      const { stdout } = await execFileAsync(process.execPath, ['--expose-gc', '--import', 'tsx', probe, String(BYTES), sb.worktree, log, JSON.stringify(env), ...(agentArgv ? [JSON.stringify(agentArgv)] : [])], { cwd: resolve(__dirname, '..') });
      const result = JSON.parse(stdout) as ProbeResult;
      if (result.status !== 'succeeded' || result.logBytes < BYTES || result.seenChars < BYTES) throw new Error(`the runner did not pass all bytes: ${stdout}`);
      return result;
    };

    await runner();
    await catThroughPipe(logPath);
    const rss: number[] = [];
    const heap: number[] = [];
    const runnerMs: number[] = [];
    const catMs: number[] = [];
    const catRunnerMs: number[] = [];
    let logBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const result = await runner();
      rss.push(result.rssGrowth / MB);
      heap.push(result.heapGrowth / MB);
      runnerMs.push(result.durationMs);
      logBytes = result.logBytes;
      const piped = await catThroughPipe(logPath);
      if (piped.bytes !== logBytes) throw new Error(`cat passed ${piped.bytes} bytes, the log has ${logBytes}`);
      catMs.push(piped.ms);
      catRunnerMs.push((await runner(['cat', logPath])).durationMs);
    }
    const runnerSample = sample(runnerMs);
    const catSample = sample(catMs);
    const rate = (ms: number): string => `${(logBytes / MB / (ms / 1000)).toFixed(0)} MB/s`;
    return [
      {
        id: 'agent.rss.200mb',
        measure: 'agent printing 200 MB: peak RSS growth of the runner',
        unit: 'MB',
        value: sample(rss),
        goal: { on: 'value', max: 50 },
        note: `Measured in a child process from just before the run to its end; heap growth median ${sample(heap).median.toFixed(1)} MB.`,
      },
      {
        id: 'agent.throughput.200mb',
        measure: 'agent printing 200 MB: time through the runner (log + subscriber + parser)',
        unit: 'ms',
        value: runnerSample,
        baseline: { label: 'cat of the same bytes through a plain pipe', value: catSample },
        note: `Runner ${rate(runnerSample.median)} vs cat ${rate(catSample.median)}; the runner's figure includes the fixture agent producing its 1 KB stream-json lines.`,
      },
      {
        id: 'agent.runner.200mb',
        measure: 'the same 200 MB through the runner with `cat` of them as the agent (log + subscriber + parser)',
        unit: 'ms',
        value: sample(catRunnerMs),
        baseline: { label: 'cat of the same bytes through a plain pipe', value: catSample },
        goal: { on: 'ratio', max: 2 },
        note: `Runner ${rate(sample(catRunnerMs).median)}: the runner's own cost, without the fixture agent's pace.`,
      },
    ];
  } finally {
    cleanupTempDirs();
  }
}

export const agentBench: Bench = { name: 'agent', run };
