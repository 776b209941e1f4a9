/**
 * The OpenAI Chat Completions API as Qwen Code and opencode (through `@ai-sdk/openai-compatible`) call
 * it: `POST /v1/chat/completions` (or `/chat/completions` under a base URL without `/v1`), streamed as
 * `chat.completion.chunk` server-sent events ending in `data: [DONE]` — text deltas, or one tool call
 * with its arguments, then a chunk with `finish_reason` and the usage — or the same answer unstreamed
 * when `stream` is false, and the provider's error bodies for faults.
 */
import type { ServerResponse } from 'node:http';
import { startSse, type ProtocolHandler } from './server';
import { OPENAI_FAULTS, openaiHandler } from './openaiShared';
import { nextId, usageOf, type Script, type Step } from './script';

interface ChatBody {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  messages?: unknown[];
}

export function chatCompletionsHandler(script: Script): ProtocolHandler {
  return openaiHandler('chat/completions', script, answer);
}

function answer(step: Step, body: ChatBody, res: ServerResponse): void {
  const id = nextId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({ id, object: 'chat.completion.chunk', created, model: body.model, choices, ...extra });
  if ('fault' in step) {
    if (step.fault === 'hang') return;
    if (step.fault === 'cut-stream') {
      startSse(res);
      writeData(res, chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      res.destroy();
      return;
    }
    const fault = OPENAI_FAULTS[step.fault];
    res.writeHead(fault.status, { 'content-type': 'application/json', 'x-request-id': nextId('req') });
    res.end(JSON.stringify({ error: { message: fault.message, type: fault.type, param: null, code: fault.code } }));
    return;
  }
  const u = usageOf(step);
  const usage = {
    prompt_tokens: u.input + u.cacheRead,
    completion_tokens: u.output,
    total_tokens: u.input + u.cacheRead + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead },
  };
  const toolCall = 'tool' in step ? { id: nextId('call'), type: 'function', function: { name: step.tool, arguments: JSON.stringify(step.input) } } : undefined;
  const finish = toolCall ? 'tool_calls' : 'stop';
  if (body.stream === false) {
    const message = toolCall ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: (step as { text: string }).text };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, object: 'chat.completion', created, model: body.model, choices: [{ index: 0, message, finish_reason: finish }], usage }));
    return;
  }
  startSse(res);
  if (toolCall) {
    writeData(res, chunk([{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall }] }, finish_reason: null }]));
  } else {
    writeData(res, chunk([{ index: 0, delta: { role: 'assistant', content: (step as { text: string }).text }, finish_reason: null }]));
  }
  writeData(res, chunk([{ index: 0, delta: {}, finish_reason: finish }]));
  writeData(res, chunk([], { usage }));
  res.write('data: [DONE]\n\n');
  res.end();
}

function writeData(res: ServerResponse, data: unknown): void {
  res.write(`data: ${JSON.stringify(data)}\n\n`);
}
