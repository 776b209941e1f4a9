/**
 * Failures the double can inject, answered the way GitHub documents them ("Rate limits for the
 * REST API", "Authorizing a personal access token for use with SAML single sign-on").
 */

export type FaultKind =
  | 'secondary-rate-limit'
  | 'primary-rate-limit'
  | 'server-error'
  | 'hang'
  | 'unauthorized'
  | 'not-found'
  | 'forbidden'
  | 'sso'
  | 'unprocessable';

export interface Fault {
  /** An operation id (`pulls/get`), `graphql`, or `*` for any request. */
  route: string;
  kind: FaultKind;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Status for `server-error` (default 502). */
  status?: number;
  /** `retry-after` seconds for `secondary-rate-limit` (default 1). */
  retryAfter?: number;
  /** Seconds until reset for `primary-rate-limit` (default 1). */
  resetIn?: number;
}

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const DOCS = 'https://docs.github.com/rest';

/** The response for a fault, or `hang` for one that never answers. */
export function faultResponse(fault: Fault, nowSeconds: number): FaultResponse | 'hang' {
  switch (fault.kind) {
    case 'hang':
      return 'hang';
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { 'retry-after': String(fault.retryAfter ?? 1) },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api` },
      };
    case 'primary-rate-limit':
      return {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-resource': 'core',
          'x-ratelimit-reset': String(nowSeconds + (fault.resetIn ?? 1)),
        },
        body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api` },
      };
    case 'server-error':
      return { status: fault.status ?? 502, headers: {}, body: { message: 'Server Error' } };
    case 'unauthorized':
      return { status: 401, headers: {}, body: { message: 'Bad credentials', documentation_url: DOCS } };
    case 'not-found':
      return { status: 404, headers: {}, body: { message: 'Not Found', documentation_url: DOCS } };
    case 'forbidden':
      return { status: 403, headers: {}, body: { message: 'Resource not accessible by personal access token', documentation_url: DOCS } };
    case 'sso':
      return {
        status: 403,
        headers: { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=AAA' },
        body: {
          message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
          documentation_url: 'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
        },
      };
    case 'unprocessable':
      return {
        status: 422,
        headers: {},
        body: { message: 'Validation Failed', errors: ['Pull request review thread line must be part of the diff'], documentation_url: DOCS },
      };
  }
}
