/**
 * What the two OpenAI protocols of the scripted server (Chat Completions, Responses) share: the
 * provider's error bodies for faults, and how a conversation turn (a request that offers the agent's
 * tools) is told from a side call (a title, a quota probe).
 */
import type { Fault } from './script';

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
