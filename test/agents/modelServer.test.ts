import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { startModelServer, startSse, type ModelServer, type ProtocolHandler } from './modelServer/server';

function post(url: string, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('scripted model server (core)', function () {
  let server: ModelServer | undefined;
  afterEach(async () => server?.close());

  const echo: ProtocolHandler = {
    matches: (method, path) => method === 'POST' && path === '/echo',
    handle: (req, res) => {
      res.writeHead(200).end(JSON.stringify(req.body));
      return Promise.resolve();
    },
  };

  it('records requests, parses JSON bodies, keeps raw text, and answers unknown paths 404', async () => {
    server = await startModelServer({ handlers: [echo] });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await post(server.url, '/echo?x=1', '{"a":1}'), { status: 200, text: '{"a":1}' });
    assert.equal((await post(server.url, '/nope', 'plain')).status, 404);
    assert.deepEqual(server.requests.map((r) => [r.method, r.path, r.body]), [['POST', '/echo', { a: 1 }], ['POST', '/nope', 'plain']]);
  });

  it('close() ends an open stream that never finishes', async () => {
    const hang: ProtocolHandler = { matches: () => true, handle: (_req, res) => Promise.resolve(startSse(res)) };
    server = await startModelServer({ handlers: [hang] });
    const pending = post(server.url, '/stream', '{}').then(() => 'ended', () => 'ended');
    while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
    await server.close();
    assert.equal(await pending, 'ended');
  });

  it('stops itself after maxRequests', async () => {
    server = await startModelServer({ handlers: [echo], maxRequests: 1 });
    assert.equal((await post(server.url, '/echo', '{}')).status, 200);
    const second = await post(server.url, '/echo', '{}').catch(() => ({ status: 0 }));
    assert.notEqual(second.status, 200);
    await assert.rejects(post(server.url, '/echo', '{}'), 'the port is closed');
  });

  it('stops itself after idleTimeoutMs of silence', async () => {
    server = await startModelServer({ handlers: [echo], idleTimeoutMs: 50 });
    const url = server.url;
    await new Promise<void>((resolve) => {
      const poll = (): void => {
        post(url, '/echo', '{}').then(() => setTimeout(poll, 100), () => resolve());
      };
      setTimeout(poll, 100);
    });
  });
});
