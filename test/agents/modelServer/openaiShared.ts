/**
 * What the two OpenAI protocols of the scripted server (Chat Completions, Responses) share: the
 * provider's error bodies for faults, and how a conversation turn (a request that offers the agent's
 * tools) is told from a side call (a title, a quota probe).
 */
import type { ServerResponse } from 'node:http';
import type { ProtocolHandler } from './server';
import type { Fault, ResolvedStep, Script } from './script';

/** OpenAI's status, error type, code and words for each fault. */
export const OPENAI_FAULTS: Record<Exclude<Fault, 'hang' | 'cut-stream'>, { status: number; type: string; code: string; message: string }> = {
  unauthorized: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.' },
  'server-error': { status: 500, type: 'server_error', code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!' },
  overloaded: { status: 503, type: 'server_error', code: 'server_is_overloaded', message: 'The server is overloaded. Please try again later.' },
};

/** Whether a request is a conversation turn (it offers the agent's tools) rather than a side call. */
export function offersTools(body: unknown): boolean {
  const tools = (body as { tools?: unknown } | undefined)?.tools;
  return Array.isArray(tools) && tools.length > 0;
}

/**
 * The handler of `POST /v1/<endpoint>` (or `/<endpoint>` under a base URL without `/v1`): a turn takes the
 * script's next step, a side call gets a short text; `answer` writes either in the protocol's shape.
 */
export function openaiHandler<Body>(endpoint: string, script: Script, answer: (step: ResolvedStep, body: Body, res: ServerResponse) => void): ProtocolHandler {
  return {
    matches: (method, path) => method === 'POST' && (path === `/v1/${endpoint}` || path === `/${endpoint}`),
    handle(req, res) {
      const body = (req.body ?? {}) as Body;
      answer(offersTools(body) ? script.next(body) : { text: 'Revise round', usage: { input: 20, output: 3, cacheRead: 0 } }, body, res);
      return Promise.resolve();
    },
  };
}
