/**
 * Qwen Code `-o stream-json` (0.15): Claude Code's stream-json shape — `system/init` with the
 * `session_id`, `assistant` messages, a final `result` with `is_error`, `result` (the reply) or
 * `error.message`, `usage` and `permission_denials`. Two differences matter: over an OpenAI-compatible
 * API `usage.input_tokens` already includes the cached tokens, and a provider error (a 401, a 5xx after
 * its retries) is not an error to the CLI — it exits 0 with `is_error: false` and the reply
 * `[API Error: 401 …]`, so that reply is read as the round's failure.
 */
import type { ParsedOutput } from '../outputParsers';
import { commandOf, isRecord, keepLast, num, parseObject, str } from './jsonLine';

const API_ERROR = /^\[API Error: ([\s\S]*)\]$/;

/** A reader of Qwen Code's lines into `out`. */
export function qwenReader(finalTextLimit: number): (line: string, out: ParsedOutput) => void {
  return (line, out) => {
    const event = parseObject(line);
    if (!event) return;
    const sessionId = str(event.session_id);
    if (event.type === 'system' && event.subtype === 'init' && sessionId) out.sessionId = sessionId;
    if (event.type === 'assistant' && isRecord(event.message) && Array.isArray(event.message.content)) {
      const text = event.message.content
        .filter((c): c is Record<string, unknown> => isRecord(c) && c.type === 'text' && typeof c.text === 'string')
        .map((c) => c.text as string)
        .join('');
      if (text) out.finalText = keepLast(text, finalTextLimit);
    }
    if (event.type !== 'result') return;
    if (sessionId) out.sessionId = sessionId;
    out.isError = event.is_error === true;
    if (typeof event.result === 'string') out.finalText = keepLast(event.result, finalTextLimit);
    if (isRecord(event.error)) out.failure = str(event.error.message) ?? 'error';
    const apiError = API_ERROR.exec((out.finalText ?? '').trim());
    if (apiError) {
      out.isError = true;
      out.failure = `API Error: ${apiError[1]}`;
    }
    if (isRecord(event.usage)) {
      const input = num(event.usage.input_tokens);
      const output = num(event.usage.output_tokens);
      const cached = num(event.usage.cache_read_input_tokens);
      out.usage = {
        ...(input !== undefined ? { inputTokens: input } : {}),
        ...(output !== undefined ? { outputTokens: output } : {}),
        ...(cached !== undefined ? { cachedInputTokens: cached } : {}),
      };
    }
    if (Array.isArray(event.permission_denials) && event.permission_denials.length > 0) {
      out.denials = event.permission_denials.filter(isRecord).map((d) => {
        const detail = commandOf(d.tool_input);
        return { tool: str(d.tool_name) ?? 'tool', ...(detail ? { detail } : {}) };
      });
    }
  };
}
