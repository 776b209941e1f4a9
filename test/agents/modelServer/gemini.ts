/**
 * The Gemini API as Gemini CLI calls it (through `@google/genai`, base URL from `GOOGLE_GEMINI_BASE_URL`):
 * `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` streamed as server-sent events of
 * `GenerateContentResponse` chunks — a text part or a `functionCall` part, then `finishReason` and
 * `usageMetadata` — `:generateContent` with the same answer unstreamed, `:countTokens`, and Google's error
 * bodies for faults (an invalid key is a 400 `INVALID_ARGUMENT` with reason `API_KEY_INVALID`).
 */
import type { ServerResponse } from 'node:http';
import { startSse, type ProtocolHandler, type RecordedRequest } from './server';
import { nextId, usageOf, type Fault, type Script, type Step } from './script';

interface GenerateBody {
  tools?: { functionDeclarations?: unknown[] }[];
  contents?: unknown[];
  generationConfig?: { responseMimeType?: string };
}

const FAULTS: Record<Exclude<Fault, 'hang' | 'cut-stream'>, { code: number; status: string; message: string; reason?: string }> = {
  unauthorized: { code: 400, status: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.', reason: 'API_KEY_INVALID' },
  'server-error': { code: 500, status: 'INTERNAL', message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' },
  overloaded: { code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
};

const MODEL_PATH = /^\/v1(beta|alpha)?\/models\/([^/:]+):(streamGenerateContent|generateContent|countTokens)$/;

/** Whether a request is a conversation turn (it declares the agent's tools) rather than a side call. */
export function isGeminiTurn(body: unknown): boolean {
  const tools = (body as GenerateBody | undefined)?.tools;
  return Array.isArray(tools) && tools.some((t) => Array.isArray(t.functionDeclarations) && t.functionDeclarations.length > 0);
}

export function geminiHandler(script: Script): ProtocolHandler {
  return {
    matches: (method, path) => method === 'POST' && MODEL_PATH.test(path),
    handle(req: RecordedRequest, res: ServerResponse) {
      const [, , model, method] = MODEL_PATH.exec(req.path)!;
      if (method === 'countTokens') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ totalTokens: 1200 }));
        return Promise.resolve();
      }
      const body = (req.body ?? {}) as GenerateBody;
      // Side calls (the CLI's own checks) ask for JSON; an empty object satisfies them without steering.
      const side = body.generationConfig?.responseMimeType === 'application/json' ? '{}' : 'Revise round';
      const step: Step = isGeminiTurn(body) ? script.next(body) : { text: side, usage: { input: 20, output: 3, cacheRead: 0 } };
      answer(step, model!, method === 'streamGenerateContent', res);
      return Promise.resolve();
    },
  };
}

function answer(step: Step, model: string, stream: boolean, res: ServerResponse): void {
  if ('fault' in step) {
    if (step.fault === 'hang') return;
    if (step.fault === 'cut-stream') {
      startSse(res);
      res.write(`data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, index: 0 }], modelVersion: model })}\r\n\r\n`);
      res.destroy();
      return;
    }
    const fault = FAULTS[step.fault];
    const details = fault.reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: fault.reason, domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }] : undefined;
    res.writeHead(fault.code, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify({ error: { code: fault.code, message: fault.message, status: fault.status, ...(details ? { details } : {}) } }));
    return;
  }
  const u = usageOf(step);
  const part = 'tool' in step ? { functionCall: { name: step.tool, args: step.input } } : { text: step.text };
  const response = {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: u.input + u.cacheRead,
      cachedContentTokenCount: u.cacheRead,
      candidatesTokenCount: u.output,
      totalTokenCount: u.input + u.cacheRead + u.output,
    },
    modelVersion: model,
    responseId: nextId('gen'),
  };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(response));
    return;
  }
  startSse(res);
  res.write(`data: ${JSON.stringify(response)}\r\n\r\n`);
  res.end();
}
