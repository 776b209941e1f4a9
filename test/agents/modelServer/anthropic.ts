/**
 * The Anthropic Messages API as Claude Code calls it: `POST /v1/messages` streamed as server-sent events
 * (message_start, content_block_start/delta/stop for text and tool_use, message_delta with usage,
 * message_stop), the same answer unstreamed when `stream` is false, `POST /v1/messages/count_tokens`, and
 * the provider's error bodies for faults.
 */
import type { ServerResponse } from 'node:http';
import { startSse, writeSse, type ProtocolHandler, type RecordedRequest } from './server';
import { nextId, usageOf, type Fault, type ResolvedStep, type Script } from './script';

interface MessagesBody {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  messages?: unknown[];
}

const FAULTS: Record<Exclude<Fault, 'hang' | 'cut-stream'>, { status: number; type: string; message: string }> = {
  unauthorized: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  'server-error': { status: 500, type: 'api_error', message: 'Internal server error' },
  overloaded: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
};

/** Whether a Messages request is a conversation turn (it offers the agent's tools) rather than a side call. */
export function isAnthropicTurn(body: unknown): boolean {
  const tools = (body as MessagesBody | undefined)?.tools;
  return Array.isArray(tools) && tools.length > 0;
}

export function anthropicHandler(script: Script): ProtocolHandler {
  return {
    matches: (method, path) => method === 'POST' && (path === '/v1/messages' || path === '/v1/messages/count_tokens'),
    handle(req: RecordedRequest, res: ServerResponse) {
      if (req.path === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 1200 }));
        return Promise.resolve();
      }
      const body = (req.body ?? {}) as MessagesBody;
      const step: ResolvedStep = isAnthropicTurn(body) ? script.next(body) : { text: 'Revise round', usage: { input: 20, output: 3, cacheRead: 0, cacheWrite: 0 } };
      answer(step, body, res);
      return Promise.resolve();
    },
  };
}

function answer(step: ResolvedStep, body: MessagesBody, res: ServerResponse): void {
  if ('fault' in step) {
    if (step.fault === 'hang') return;
    if (step.fault === 'cut-stream') {
      startSse(res);
      writeSse(res, 'message_start', messageStart(step, body));
      res.destroy();
      return;
    }
    const fault = FAULTS[step.fault];
    res.writeHead(fault.status, { 'content-type': 'application/json', 'request-id': nextId('req') });
    res.end(JSON.stringify({ type: 'error', error: { type: fault.type, message: fault.message } }));
    return;
  }
  const usage = usageOf(step);
  const block = 'text' in step ? { type: 'text', text: step.text } : { type: 'tool_use', id: nextId('toolu'), name: step.tool, input: step.input };
  const stopReason = 'text' in step ? 'end_turn' : 'tool_use';
  const finalUsage = { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: usage.cacheWrite, cache_read_input_tokens: usage.cacheRead };
  if (body.stream === false) {
    const message = { ...messageStart(step, body).message, content: [block], stop_reason: stopReason, usage: finalUsage };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    return;
  }
  startSse(res);
  const start = messageStart(step, body);
  writeSse(res, 'message_start', start);
  if (block.type === 'text') {
    writeSse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    writeSse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: block.text } });
  } else {
    writeSse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
    writeSse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
  }
  writeSse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
  writeSse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: finalUsage });
  writeSse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function messageStart(step: ResolvedStep, body: MessagesBody) {
  const usage = usageOf(step);
  return {
    type: 'message_start',
    message: {
      id: nextId('msg'),
      type: 'message',
      role: 'assistant',
      model: body.model ?? 'claude-sonnet-4-5',
      content: [] as unknown[],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1, cache_creation_input_tokens: usage.cacheWrite, cache_read_input_tokens: usage.cacheRead },
    },
  };
}
