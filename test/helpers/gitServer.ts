/**
 * Network remotes on loopback for tests: a real `git daemon`, a port that refuses connections, and
 * a proxy that cuts a transfer part-way (the server dying mid-fetch). Every process and socket is
 * owned by the returned handle and stopped by it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from './tempDir';

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface GitDaemon {
  port: number;
  url(repoName: string): string;
  stop(): Promise<void>;
}

/** Start `git daemon` serving every repository under `basePath` (push enabled), ready to serve. */
export async function startGitDaemon(basePath: string): Promise<GitDaemon> {
  const port = await closedPort();
  const child: ChildProcess = spawn(
    'git',
    ['daemon', '--verbose', '--reuseaddr', '--export-all', '--enable=receive-pack', '--informative-errors', `--base-path=${basePath}`, '--listen=127.0.0.1', `--port=${port}`, basePath],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } },
  );
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  // The daemon says "Ready to rumble" once it listens: wait for that line, not for time.
  await new Promise<void>((ok, fail) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('Ready to rumble')) ok();
    });
    child.once('exit', (code) => fail(new Error(`git daemon exited (${code}) before it was ready: ${said}`)));
  });
  return {
    port,
    url: (name) => `git://127.0.0.1:${port}/${name}`,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}

export interface CuttingProxy {
  port: number;
  stop(): Promise<void>;
}

/**
 * A TCP proxy to `targetPort` that lets the first `passConnections` connections through untouched
 * and cuts later ones after the server has sent `cutAfterBytes` (a transfer that dies mid-way).
 */
export async function startCuttingProxy(targetPort: number, passConnections: number, cutAfterBytes: number): Promise<CuttingProxy> {
  const sockets = new Set<Socket>();
  let seen = 0;
  const server: Server = createServer((client) => {
    const index = seen++;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let sent = 0;
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      sent += d.length;
      if (index >= passConnections && sent > cutAfterBytes) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(d);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

export interface GitSpy {
  /** Put the logging `git` first on PATH (for the code under test). */
  install(): void;
  uninstall(): void;
  /** The argv of every git process started since the last `reset`, joined by spaces (one line each), from the subcommand on. */
  calls(): string[];
  /** The exact argv (arguments after `git` and its leading `-c key=value` options) of every git process since the last `reset`, in no set order. */
  argvs(): string[][];
  reset(): void;
}

/** The argv from the subcommand on: Revise prefixes every call with `-c core.hooksPath=…`. */
function withoutConfigOptions(argv: string[]): string[] {
  let i = 0;
  while (argv[i] === '-c' && i + 1 < argv.length) i += 2;
  return argv.slice(i);
}

/** A `git` wrapper that logs each invocation and then runs the real git. */
export function makeGitSpy(realGit = '/usr/bin/git'): GitSpy {
  const dir = makeTempDir('revise-gitspy-');
  const log = join(dir, 'calls.log');
  const script = join(dir, 'git');
  // Exact argvs, one file per process (NUL after each argument) so concurrent calls cannot interleave,
  // in a folder per `reset` (named in `pointer`) so a process still running from before lands in the old one.
  const pointer = join(dir, 'current');
  let generation = 0;
  let exact = '';
  const nextFolder = (): void => {
    exact = join(dir, `argv-${generation++}`);
    mkdirSync(exact);
    // Replaced by rename, so a starting process never reads a half-written pointer.
    writeFileSync(`${pointer}.next`, `${exact}\n`);
    renameSync(`${pointer}.next`, pointer);
  };
  nextFolder();
  writeFileSync(log, '');
  writeFileSync(
    script,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nread d < '${pointer}'\nf=$(mktemp "$d/call.XXXXXXXX")\nfor a in "$@"; do printf '%s\\000' "$a"; done > "$f"\nexec '${realGit}' "$@"\n`,
  );
  chmodSync(script, 0o755);
  let savedPath: string | undefined;
  return {
    install() {
      savedPath = process.env.PATH;
      process.env.PATH = `${dir}:${savedPath ?? ''}`;
    },
    uninstall() {
      process.env.PATH = savedPath;
    },
    calls() {
      const text = readFileSync(log, 'utf8');
      return text.split('\n').filter(Boolean).map((line) => line.replace(/^(-c \S+ )+/, ''));
    },
    argvs() {
      return readdirSync(exact).map((name) => withoutConfigOptions(readFileSync(join(exact, name), 'utf8').split('\0').slice(0, -1)));
    },
    reset() {
      writeFileSync(log, '');
      nextFolder();
    },
  };
}
