/**
 * A local, stateful GitHub for tests: REST and GraphQL over real HTTP on 127.0.0.1, reached by
 * Octokit through `baseUrl` alone. Every request and response is checked against GitHub's
 * published contracts (openapiGuard.ts, graphqlDouble.ts); anything that does not conform is
 * recorded in `violations`, which the test that caused it must find empty (`assertNoViolations`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionsDouble } from './actions';
import { faultResponse, type Fault } from './faults';
import { executeGraphQL, graphqlOperationName, GraphQLResolvers } from './graphqlDouble';
import { matchRoute, SERVED_OPERATIONS, validateRequest, validateResponse, type OperationId } from './openapiGuard';
import { restRoutes, type RestResult } from './restRoutes';
import { DoubleState } from './state';

export class GitHubDouble {
  readonly state = new DoubleState();
  /** Workflow runs, jobs, artifacts and permissions (actions.ts). */
  readonly actions = new ActionsDouble(this.state);
  /** Every contract violation seen since the last `assertNoViolations`/`takeViolations`. */
  readonly violations: string[] = [];
  /** Requests per route: an operation id, or `graphql:<OperationName>`. */
  readonly requestsByRoute: Record<string, number> = {};
  /** Conditional requests answered 304 Not Modified (also counted under their route). */
  notModified = 0;
  /** Login of the token's user (author of replies and reviews the client posts). */
  viewer = 'revise-bot';
  /** When set, any other token gets 401 Bad credentials. */
  acceptedToken: string | undefined;
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  private url = '';

  /** Start listening on a free loopback port. */
  static async start(): Promise<GitHubDouble> {
    const double = new GitHubDouble();
    const server = createServer((req, res) => void double.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    double.server = server;
    double.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return double;
  }

  /** The API root to give Octokit as `baseUrl`. */
  get baseUrl(): string {
    return this.url;
  }

  /** Total HTTP requests received. */
  get requestCount(): number {
    return Object.values(this.requestsByRoute).reduce((a, b) => a + b, 0);
  }

  resetCounts(): void {
    this.notModified = 0;
    for (const key of Object.keys(this.requestsByRoute)) delete this.requestsByRoute[key];
  }

  /** Make the next matching request(s) fail as `fault` says. */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Throw if any violation was recorded (and clear them, so one failure does not cascade). */
  assertNoViolations(): void {
    const found = this.takeViolations();
    if (found.length > 0) throw new Error(`GitHub double recorded ${found.length} contract violation(s):\n- ${found.join('\n- ')}`);
  }

  /** Return and clear the recorded violations (for tests that expect some). */
  takeViolations(): string[] {
    return this.violations.splice(0);
  }

  /** Stop listening and drop any hanging connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private count(route: string): void {
    this.requestsByRoute[route] = (this.requestsByRoute[route] ?? 0) + 1;
  }

  private takeFault(route: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.route === route || f.route === '*');
    const fault = this.faults[i];
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(i, 1);
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.url);
      const raw = await readBody(req);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw) as unknown;
        } catch {
          this.violations.push(`${req.method} ${url.pathname}: body is not JSON`);
          return send(res, { status: 400, body: { message: 'Problems parsing JSON' } });
        }
      }
      if (url.pathname === '/graphql' && req.method === 'POST') return await this.handleGraphQL(req, res, body);
      if (url.pathname.startsWith('/_blobs/') && req.method === 'GET') return this.handleBlob(res, url.pathname.slice('/_blobs/'.length));
      return this.handleRest(req, res, url, body);
    } catch (error) {
      this.violations.push(`double crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      send(res, { status: 500, body: { message: 'double crashed' } });
    }
  }

  private preflight(route: string, req: IncomingMessage, res: ServerResponse): boolean {
    const auth = req.headers.authorization ?? '';
    if (this.acceptedToken !== undefined && auth !== `token ${this.acceptedToken}` && auth !== `bearer ${this.acceptedToken}`) {
      send(res, { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } });
      return false;
    }
    const fault = this.takeFault(route);
    if (!fault) return true;
    const answer = faultResponse(fault, Math.floor(Date.now() / 1000));
    // A hanging request is left open; `stop()` drops it.
    if (answer !== 'hang') send(res, answer);
    return false;
  }

  private handleRest(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): void {
    const method = req.method ?? 'GET';
    const route = matchRoute(method, url.pathname);
    if (!route) {
      this.count(`unknown ${method} ${url.pathname}`);
      this.violations.push(`${method} ${url.pathname} is not a GitHub REST endpoint`);
      return send(res, { status: 404, body: { message: 'Not Found' } });
    }
    const op = route.operationId;
    this.count(op);
    if (!(SERVED_OPERATIONS as readonly string[]).includes(op)) {
      this.violations.push(`${op} (${method} ${route.template}) is a GitHub endpoint the double does not serve`);
      return send(res, { status: 404, body: { message: 'Not Found' } });
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const problems = validateRequest(op, route.pathParams, query, body);
    if (problems.length > 0) {
      this.violations.push(...problems.map((p) => `request ${op}: ${p}`));
      return send(res, { status: 422, body: { message: 'Invalid request.', errors: problems } });
    }
    if (!this.preflight(op, req, res)) return;
    const result = restRoutes[op as OperationId]({ params: route.pathParams, query, body, url }, { api: this.url, state: this.state, viewer: this.viewer, actions: this.actions });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...(result.headers ?? {}) };
    this.violations.push(...validateResponse(op, result.status, result.body, headers).map((p) => `response ${op}: ${p}`));
    // A conditional GET whose ETag still matches is answered 304 with no body, as GitHub does (and
    // such a request does not count against GitHub's rate limit).
    if (method === 'GET' && result.status === 200 && headers.etag && req.headers['if-none-match'] === headers.etag) {
      this.notModified++;
      res.writeHead(304, { etag: headers.etag });
      return void res.end();
    }
    send(res, { ...result, headers });
  }

  /** A log or artifact download the API redirected to (GitHub's storage, outside the API). */
  private handleBlob(res: ServerResponse, key: string): void {
    const blob = this.actions.blobs.get(key);
    this.count('blob');
    if (!blob) return void send(res, { status: 404, body: { message: 'Not Found' } });
    res.writeHead(200, { 'content-type': blob.type, 'content-length': String(blob.body.length) });
    res.end(blob.body);
  }

  private async handleGraphQL(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    this.count(`graphql:${graphqlOperationName(body)}`);
    // Faults and auth are decided before execution, so a failed mutation has no effect.
    if (!this.preflight('graphql', req, res)) return;
    const outcome = await executeGraphQL(new GraphQLResolvers(this.state, () => this.viewer), body);
    this.violations.push(...outcome.violations);
    send(res, { status: 200, body: outcome.body });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: RestResult): void {
  if (result.body === undefined) {
    // 204 and redirects carry no body.
    res.writeHead(result.status, result.headers ?? {});
    return void res.end();
  }
  const text = JSON.stringify(result.body);
  res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', ...(result.headers ?? {}) });
  res.end(text);
}
