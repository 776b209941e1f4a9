/**
 * The OpenAI Responses API as the Codex CLI calls it: `POST /v1/responses` (or `/responses` under a base
 * URL without `/v1`) streamed as server-sent events — response.created, response.output_item.added/done
 * for a message or a tool call, response.completed with usage — and the provider's error bodies for
 * faults. A tool step becomes a `function_call` item, or a `custom_tool_call` item when the request
 * declares that tool as a freeform (custom) tool, as Codex does for `apply_patch`.
 */
import type { ServerResponse } from 'node:http';
import { startSse, writeSse, type ProtocolHandler } from './server';
import { OPENAI_FAULTS, openaiHandler } from './openaiShared';
import { nextId, usageOf, type Fault, type ResolvedStep, type Script } from './script';

interface ResponsesBody {
  model?: string;
  stream?: boolean;
  tools?: { type?: string; name?: string }[];
  input?: unknown[];
}

export function openaiResponsesHandler(script: Script): ProtocolHandler {
  return openaiHandler('responses', script, answer);
}

function answer(step: ResolvedStep, body: ResponsesBody, res: ServerResponse): void {
  if ('fault' in step) {
    if (step.fault === 'hang') return;
    const id = nextId('resp');
    if (step.fault === 'cut-stream') {
      startSse(res);
      writeSse(res, 'response.created', { type: 'response.created', response: { id, object: 'response', status: 'in_progress', model: body.model } });
      res.destroy();
      return;
    }
    const fault = OPENAI_FAULTS[step.fault];
    res.writeHead(fault.status, { 'content-type': 'application/json', 'x-request-id': nextId('req') });
    res.end(JSON.stringify({ error: { message: fault.message, type: fault.type, param: null, code: fault.code } }));
    return;
  }
  const id = nextId('resp');
  const item = outputItem(step, body);
  const usage = usageOf(step);
  startSse(res);
  const response = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: body.model, status: 'in_progress', output: [] as unknown[] };
  writeSse(res, 'response.created', { type: 'response.created', response });
  writeSse(res, 'response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...item, ...('content' in item ? { content: [] } : {}), status: 'in_progress' } });
  if ('content' in item) {
    writeSse(res, 'response.output_text.delta', { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: item.content[0]!.text });
  }
  writeSse(res, 'response.output_item.done', { type: 'response.output_item.done', output_index: 0, item });
  writeSse(res, 'response.completed', {
    type: 'response.completed',
    response: {
      ...response,
      status: 'completed',
      output: [item],
      usage: {
        input_tokens: usage.input + usage.cacheRead,
        input_tokens_details: { cached_tokens: usage.cacheRead },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.input + usage.cacheRead + usage.output,
      },
    },
  });
  res.end();
}

type OutputItem =
  | { type: 'message'; id: string; role: 'assistant'; status: 'completed'; content: { type: 'output_text'; text: string; annotations: unknown[] }[] }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: 'completed' }
  | { type: 'custom_tool_call'; id: string; call_id: string; name: string; input: string; status: 'completed' };

function outputItem(step: Exclude<ResolvedStep, { fault: Fault }>, body: ResponsesBody): OutputItem {
  if ('text' in step) {
    return { type: 'message', id: nextId('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: step.text, annotations: [] }] };
  }
  const declared = body.tools?.find((t) => t.name === step.tool);
  if (declared?.type === 'custom') {
    const input = typeof step.input === 'string' ? step.input : JSON.stringify(step.input);
    return { type: 'custom_tool_call', id: nextId('ctc'), call_id: nextId('call'), name: step.tool, input, status: 'completed' };
  }
  return { type: 'function_call', id: nextId('fc'), call_id: nextId('call'), name: step.tool, arguments: JSON.stringify(step.input), status: 'completed' };
}
