/**
 * A git server on loopback that a test can kill in the middle of a transfer and bring back: a
 * `git daemon` behind a TCP proxy whose address stays the same. Once armed, the first connection
 * that moves more than `afterBytes` in the given direction is cut and the daemon is stopped — the
 * server is gone mid-fetch (bytes to the client) or mid-push (bytes to the server). `revive` starts
 * a new daemon behind the same address.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { startGitDaemon, type GitDaemon } from '../../helpers/gitServer';

export interface KillableRemote {
  /** `git://127.0.0.1:<proxy>/<name>`: the address that survives a revive. */
  url(repoName: string): string;
  /** Kill the server once a connection has moved `afterBytes` towards `direction`; resolves when it happened. */
  killAfter(direction: 'to-client' | 'to-server', afterBytes: number): Promise<void>;
  /** Whether the server is down (killed and not revived). */
  readonly down: boolean;
  revive(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKillableRemote(basePath: string): Promise<KillableRemote> {
  let daemon: GitDaemon | undefined = await startGitDaemon(basePath);
  const sockets = new Set<Socket>();
  let armed: { direction: 'to-client' | 'to-server'; afterBytes: number; fired: () => void } | undefined;

  const kill = async () => {
    for (const socket of sockets) socket.destroy();
    const stopping = daemon;
    daemon = undefined;
    await stopping?.stop();
  };

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!daemon) {
      client.destroy();
      return;
    }
    const upstream = connect(daemon.port, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const moved = { 'to-client': 0, 'to-server': 0 };
    const relay = (from: Socket, to: Socket, direction: 'to-client' | 'to-server') => {
      from.on('data', (chunk: Buffer) => {
        moved[direction] += chunk.length;
        const trigger = armed;
        if (trigger && trigger.direction === direction && moved[direction] > trigger.afterBytes) {
          armed = undefined;
          void kill().then(trigger.fired);
          return;
        }
        to.write(chunk);
      });
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
    };
    relay(upstream, client, 'to-client');
    relay(client, upstream, 'to-server');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');

  return {
    url: (name) => `git://127.0.0.1:${address.port}/${name}`,
    killAfter: (direction, afterBytes) => new Promise<void>((fired) => (armed = { direction, afterBytes, fired })),
    get down() {
      return daemon === undefined;
    },
    async revive() {
      daemon ??= await startGitDaemon(basePath);
    },
    async stop() {
      armed = undefined;
      await kill();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
