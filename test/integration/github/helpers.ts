/** Shared setup for the GitHub layer tests: a double per test and a fast client pointed at it. */
import { createGitHubClient, type GitHubClient, type ThrottleOptions } from '../../../src/github';
import { GitHubDouble } from '../../github-double';

export const TOKEN = 'test-token-not-a-secret';

/** Retries and rate-limit waits in milliseconds rather than seconds, so tests stay fast. */
export const FAST: ThrottleOptions = { retryAfterBaseMs: 5, writeSpacingMs: 0, retryBaseMs: 5, maxRetries: 2, retries: 2 };

export function clientFor(double: GitHubDouble, opts: { throttle?: ThrottleOptions; requestTimeoutMs?: number; warnings?: string[]; token?: string } = {}): GitHubClient {
  return createGitHubClient({
    token: opts.token ?? TOKEN,
    baseUrl: double.baseUrl,
    throttle: { ...FAST, ...opts.throttle },
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    warn: (m) => opts.warnings?.push(m),
  });
}

/** A double started before each test, checked for violations and stopped after it. */
export function useDouble(): { readonly double: GitHubDouble } {
  const holder: { double?: GitHubDouble } = {};
  beforeEach(async () => {
    holder.double = await GitHubDouble.start();
    holder.double.acceptedToken = TOKEN;
  });
  afterEach(async function () {
    const d = holder.double;
    if (!d) return;
    await d.stop();
    delete holder.double;
    // A violation fails the test that caused it (mocha attributes afterEach failures to it).
    if (this.currentTest?.state !== 'failed') d.assertNoViolations();
  });
  return {
    get double() {
      if (!holder.double) throw new Error('no double outside a test');
      return holder.double;
    },
  };
}
