/**
 * The one place an Octokit is built. REST and GraphQL share it, so both go through the same
 * throttling (GitHub's rate limits and write spacing) and retry (5xx, network) plugins, and every
 * failure becomes a `GitHubError` with a next step (see `mapGitHubError`).
 */
import type * as OctokitRest from '@octokit/rest';
import type * as PluginRetry from '@octokit/plugin-retry';
import type * as PluginThrottling from '@octokit/plugin-throttling';
import type Bottleneck from 'bottleneck';
import { mapGitHubError } from './githubErrors';

/**
 * Octokit, its plugins and Bottleneck, loaded when the first client is built: evaluating them is a
 * tenth of the CLI's start-up, and most commands (`revise status`, `start` without a PR) never
 * talk to GitHub. A `require` here stays in the bundle but runs only when called.
 */
function octokitModules() {
  /* eslint-disable @typescript-eslint/no-require-imports -- deferred loading, see above */
  const { Octokit } = require('@octokit/rest') as typeof OctokitRest;
  const { retry } = require('@octokit/plugin-retry') as typeof PluginRetry;
  const { throttling } = require('@octokit/plugin-throttling') as typeof PluginThrottling;
  const bottleneck = require('bottleneck') as typeof Bottleneck & { default?: typeof Bottleneck };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { ReviseOctokit: Octokit.plugin(throttling, retry), Bottleneck: bottleneck.default ?? bottleneck };
}

let loaded: ReturnType<typeof octokitModules> | undefined;

/** The Octokit instance type used by Revise (REST + GraphQL + throttling + retry). */
export type ReviseOctokit = InstanceType<ReturnType<typeof octokitModules>['ReviseOctokit']>;

/** How long to wait and how often to try again when GitHub limits or fails a request. */
export interface ThrottleOptions {
  /** Retries after a primary or secondary rate limit (default 2). */
  maxRetries?: number;
  /** A limit that asks to wait longer than this fails at once with `github-rate-limited` (default 60 s). */
  maxWaitSeconds?: number;
  /** Milliseconds per second of `retry-after` (default 1000; tests make it small). */
  retryAfterBaseMs?: number;
  /** Spacing between write requests; default Octokit's (1 s, 3 s for notifying writes). */
  writeSpacingMs?: number;
  /** Retries after a 5xx or network failure (default 3). */
  retries?: number;
  /** Base of the retry back-off for 5xx and network failures, in ms (default 1000). */
  retryBaseMs?: number;
}

export interface GitHubClientOptions {
  /** Supplied from outside (VS Code authentication or `GITHUB_TOKEN`); held in memory only. */
  token: string;
  /** REST API root: `https://api.github.com` (default) or `https://HOST/api/v3` for Enterprise. */
  baseUrl?: string;
  userAgent?: string;
  throttle?: ThrottleOptions;
  /** A request that has not answered in this long is abandoned (default 30 s). */
  requestTimeoutMs?: number;
  /** Where Octokit's warnings go (default: console.warn). Never receives the token. */
  warn?: (message: string) => void;
}

/** A GitHub API client. Create with `createGitHubClient`; pass to the functions of this layer. */
export interface GitHubClient {
  /** REST and GraphQL mutations: writes are spaced as GitHub asks. */
  readonly octokit: ReviseOctokit;
  /**
   * Read-only GraphQL queries only. Same token, limits and retries, one at a time, but not spaced a
   * second apart: the plugin counts every GraphQL request as a write, while GitHub asks for the pause
   * between mutative requests only (a query costs 1 secondary-limit point, a mutation 5). Without
   * this, reading 300 threads (3 pages) took 3 s of waiting.
   */
  readonly queries: ReviseOctokit;
  readonly baseUrl: string;
}

/** Build a client. No request is made until a function of this layer uses it. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const baseUrl = (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const t = options.throttle ?? {};
  const maxRetries = t.maxRetries ?? 2;
  const maxWait = t.maxWaitSeconds ?? 60;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const shouldRetry = (kind: string) => (retryAfter: number, opts: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
    const retrying = retryCount < maxRetries && retryAfter <= maxWait;
    warn(`GitHub ${kind} on ${opts.method ?? ''} ${opts.url ?? ''}: ${retrying ? `retrying in ${retryAfter}s` : 'giving up'}`);
    return retrying;
  };
  const { ReviseOctokit, Bottleneck } = (loaded ??= octokitModules());
  const spacing = t.writeSpacingMs;
  const groups: Partial<Record<'write' | 'notifications' | 'search' | 'global', Bottleneck.Group>> =
    spacing === undefined
      ? {}
      : {
          write: new Bottleneck.Group({ maxConcurrent: 1, minTime: spacing }),
          notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: spacing }),
          search: new Bottleneck.Group({ maxConcurrent: 1, minTime: spacing }),
          global: new Bottleneck.Group({ maxConcurrent: 10 }),
        };
  const build = (throttleGroups: typeof groups): ReviseOctokit =>
    new ReviseOctokit({
      auth: options.token,
      baseUrl,
      userAgent: options.userAgent ?? 'revise',
      log: { debug: () => undefined, info: () => undefined, warn: (m: string) => warn(m), error: (m: string) => warn(m) },
      request: { fetch: withTimeout(timeoutMs) },
      throttle: {
        onRateLimit: shouldRetry('rate limit'),
        onSecondaryRateLimit: shouldRetry('secondary rate limit'),
        retryAfterBaseValue: t.retryAfterBaseMs ?? 1000,
        fallbackSecondaryRateRetryAfter: 60,
        ...throttleGroups,
      },
      retry: { retries: t.retries ?? 3, retryAfterBaseValue: t.retryBaseMs ?? 1000 },
    });
  const octokit = build(groups);
  // Queries share the concurrency limit of `octokit` (the same `global` group: the plugin's default
  // one, or ours) and stay serial, without the write spacing.
  const queries = build({ ...groups, write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }) });
  return { octokit, queries, baseUrl };
}

/** `fetch` that gives up after `ms`, still honouring the caller's own abort signal. */
function withTimeout(ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

/**
 * Run one GitHub call, turning any failure into a `GitHubError`. `what` names the action for the
 * message ("list pull requests of o/r").
 */
export function callGitHub<T>(client: GitHubClient, what: string, fn: (octokit: ReviseOctokit) => Promise<T>): Promise<T> {
  return mapped(client, what, () => fn(client.octokit));
}

/** `callGitHub` for read-only GraphQL queries: `fn` gets `client.queries` (see `GitHubClient`). */
export function queryGitHub<T>(client: GitHubClient, what: string, fn: (octokit: ReviseOctokit) => Promise<T>): Promise<T> {
  return mapped(client, what, () => fn(client.queries));
}

async function mapped<T>(client: GitHubClient, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapGitHubError(error, what, client.baseUrl);
  }
}
