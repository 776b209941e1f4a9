/**
 * A scripted model server for the real-agent tests: the real agent CLIs are pointed at it instead of a
 * model provider. It binds 127.0.0.1 on a random port, records every request, hands each one to the
 * first protocol handler that matches it (404 otherwise, still recorded), and is bounded: it stops
 * itself after `idleTimeoutMs` without a request, or once it has seen `maxRequests`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ProtocolHandler {
  /** Whether this handler serves the request (by method and path). */
  matches(method: string, path: string): boolean;
  /** Answer one request; `req.body` is the parsed JSON body (or the raw string when it is not JSON). */
  handle(req: RecordedRequest, res: ServerResponse): Promise<void>;
}

export interface ModelServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_IDLE_MS = 120_000;
const DEFAULT_MAX_REQUESTS = 500;
/** Largest request body read; the CLIs send their whole conversation, a few hundred KB at most. */
const BODY_LIMIT = 32 * 1024 * 1024;

export function startModelServer(opts: { handlers: ProtocolHandler[]; idleTimeoutMs?: number; maxRequests?: number }): Promise<ModelServer> {
  const idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
  const maxRequests = opts.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let idle: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  const server = createServer((req, res) => {
    armIdle();
    if (requests.length >= maxRequests) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `model server: more than ${maxRequests} requests` } }));
      void close();
      return;
    }
    void serve(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body: await readBody(req) };
    requests.push(recorded);
    const handler = opts.handlers.find((h) => h.matches(recorded.method, path));
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'not_found_error', message: `model server: no handler for ${recorded.method} ${path}` } }));
      return;
    }
    try {
      await handler.handle(recorded, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      if (!res.writableEnded) res.end(JSON.stringify({ error: { type: 'api_error', message: `model server: ${String(error)}` } }));
    }
  }

  function armIdle(): void {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => void close(), idleMs);
    idle.unref();
  }

  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      if (idle) clearTimeout(idle);
      server.close(() => resolve());
      // Open SSE streams (and a scripted hang) never end on their own.
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      armIdle();
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, close });
    });
  });
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) break;
    chunks.push(chunk);
  }
  let text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  if (req.headers['content-encoding'] === 'zstd' || req.headers['content-encoding'] === 'gzip') text = await decompress(Buffer.concat(chunks), req.headers['content-encoding']);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function decompress(data: Buffer, encoding: string): Promise<string> {
  const zlib = await import('node:zlib');
  if (encoding === 'gzip') return zlib.gunzipSync(data).toString('utf8');
  const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
  return zstd ? zstd(data).toString('utf8') : data.toString('utf8');
}

/** Write one server-sent event. */
export function writeSse(res: ServerResponse, event: string | undefined, data: unknown): void {
  res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}

/** Start an SSE response. */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}
