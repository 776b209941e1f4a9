/**
 * Turns what Octokit throws (REST `RequestError`, GraphQL `GraphqlResponseError`, a network or
 * timeout failure) into a `GitHubError` whose code is stable and whose message says what to do.
 * Duck-typed on purpose: the error classes live in transitive packages.
 */
import { GitHubError, ReviseError, type ErrorCode } from '../core/errors';

interface HttpLikeError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  errors?: Array<{ type?: string; message?: string }>;
  name?: string;
}

/** Map any thrown value from a GitHub call to a `GitHubError`. `what` names the action. */
export function mapGitHubError(error: unknown, what: string, baseUrl: string): ReviseError {
  if (error instanceof ReviseError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpLikeError;
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const make = (code: ErrorCode, message: string, details: Record<string, unknown> = {}) =>
    new GitHubError(code, `Could not ${what}: ${message}`, { cause: error, details: { status: e.status, ...details } });

  if (Array.isArray(e.errors) && e.errors.length > 0) return fromGraphQL(e.errors, make);

  const headers = e.response?.headers ?? {};
  const status = e.status;
  if (!e.response || status === undefined) {
    return make('github-unreachable', `GitHub at ${baseUrl} did not answer (${raw}).`, { apiUrl: baseUrl, field: 'github.apiUrl' });
  }
  switch (status) {
    case 401:
      return make('github-auth', 'GitHub refused the token (401 Bad credentials): it is not a valid token, or it has expired.');
    case 404:
      return make('github-not-found', `GitHub says it does not exist (404) — or the token cannot see this private repository. Check the owner, repository and number, and that the token has the \`repo\` scope.`);
    case 422:
      return make('github-invalid', `GitHub rejected the request as invalid (422: ${raw}). The pull request may have changed (a comment deleted, a thread outdated); refresh and try again.`);
    case 403:
    case 429:
      return forbiddenOrLimited(status, headers, raw, make);
    default:
      return make('github-failed', `GitHub answered ${status} (${raw}). Try again in a moment; if it persists, check https://www.githubstatus.com.`);
  }
}

function forbiddenOrLimited(
  status: number,
  headers: Record<string, string | undefined>,
  raw: string,
  make: (code: ErrorCode, message: string, details?: Record<string, unknown>) => GitHubError,
): GitHubError {
  const sso = headers['x-github-sso'];
  if (sso) {
    const url = /url=(\S+)/.exec(sso)?.[1];
    return make(
      'github-forbidden',
      `the organization enforces SAML single sign-on (X-GitHub-SSO: ${sso.split(';')[0] ?? 'required'}). Authorize the token for the organization${url ? ` at ${url}` : ' in your GitHub token settings'}, then try again.`,
      { ssoUrl: url },
    );
  }
  if (headers['x-ratelimit-remaining'] === '0' || status === 429 || /rate limit/i.test(raw)) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? ` It resets at ${new Date(reset * 1000).toISOString()}.` : '';
    const retryAfter = headers['retry-after'];
    return make('github-rate-limited', `GitHub's rate limit was hit (${raw}).${when}${retryAfter ? ` GitHub asked to wait ${retryAfter}s.` : ''} Wait and try again.`, {
      reset: Number.isFinite(reset) ? reset : undefined,
    });
  }
  return make('github-forbidden', `GitHub refused access (403: ${raw}). The token needs the \`repo\` scope and access to this repository; ask an owner for access or use another token.`);
}

function fromGraphQL(
  errors: Array<{ type?: string; message?: string }>,
  make: (code: ErrorCode, message: string) => GitHubError,
): GitHubError {
  const first = errors[0] ?? {};
  const text = errors.map((x) => x.message ?? '').join('; ');
  switch (first.type ?? '') {
    case 'NOT_FOUND':
      return make('github-not-found', `${text} — or the token cannot see this private repository. Check the owner, repository and number, and the token's \`repo\` scope.`);
    case 'FORBIDDEN':
      return make('github-forbidden', `${text}. The token needs access to this repository (and SSO authorization if the organization enforces it).`);
    case 'RATE_LIMITED':
      return make('github-rate-limited', `${text}. Wait for the GraphQL rate limit to reset and try again.`);
    default:
      return make('github-failed', `GitHub's GraphQL API answered with errors: ${text}. Try again; if it persists, report it with this message.`);
  }
}
