/**
 * Run in a child process by memory.test.ts: runs the claude fixture printing many bytes through
 * runAgent (log + subscriber + parser) and prints the runner's peak memory growth as JSON.
 * Usage: node --expose-gc --import tsx memoryProbe.ts <bytes> <worktree> <logPath> <env-json> [<argv-json>]
 * With an argv (the bench: `cat` of a file), that program is the agent, its output read as Claude's.
 */
import { statSync } from 'node:fs';
import { runAgent } from '../../../src/agent';

async function main(): Promise<void> {
  const [bytes, worktree, logPath, envJson, argvJson] = process.argv.slice(2);
  const env = JSON.parse(envJson!) as Record<string, string>;
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let chunks = 0;
  let seen = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const started = Date.now();
  const result = await runAgent({
    argv: argvJson ? (JSON.parse(argvJson) as string[]) : ['claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits'],
    parser: 'claude',
    stdin: `print ${bytes} bytes`,
    cwd: worktree!,
    env,
    logPath: logPath!,
    timeoutMs: 300_000,
    onOutput: (chunk) => {
      seen += chunk.length;
      if (++chunks % 64 === 0) sample();
    },
  });
  clearInterval(timer);
  sample();
  process.stdout.write(
    JSON.stringify({
      status: result.status,
      sessionId: result.sessionId ?? null,
      logBytes: statSync(logPath!).size,
      seenChars: seen,
      chunks,
      durationMs: Date.now() - started,
      baseRss: base.rss,
      peakRss,
      rssGrowth: peakRss - base.rss,
      baseHeap: base.heapUsed,
      peakHeap,
      heapGrowth: peakHeap - base.heapUsed,
    }) + '\n',
  );
}

void main();
