/**
 * Gemini CLI `-o stream-json` (0.61): `init` (session id), `message` (the user's prompt, then the
 * assistant's reply in `delta` pieces), `tool_use` / `tool_result` (a refused call has
 * `error.type: "policy_violation"`), `error` (warnings and non-fatal errors), and a final `result` with
 * `status` `success` or `error`, the error's message and the token `stats`. The CLI prints no cost.
 */
import { setSession, type ParsedOutput } from './parsedOutput';
import { clip, commandOf, isRecord, keepLast, num, parseObject, str } from './jsonLine';

/** A reader of Gemini CLI's lines into `out`; keeps the tool calls it needs to name a refused one. */
export function geminiReader(finalTextLimit: number): (line: string, out: ParsedOutput) => void {
  const tools = new Map<string, { name: string; parameters: unknown }>();
  // The reply after the last tool call is the final one; deltas of one reply are joined.
  let reply = '';
  let replyEnded = false;
  return (line, out) => {
    const event = parseObject(line);
    if (!event) return;
    switch (event.type) {
      case 'init':
        setSession(out, str(event.session_id));
        return;
      case 'message':
        if (event.role !== 'assistant' || typeof event.content !== 'string') return;
        if (replyEnded) reply = '';
        replyEnded = false;
        reply = keepLast(reply + event.content, finalTextLimit);
        out.finalText = reply;
        return;
      case 'tool_use': {
        replyEnded = true;
        const id = str(event.tool_id);
        if (id) tools.set(id, { name: str(event.tool_name) ?? 'tool', parameters: event.parameters });
        return;
      }
      case 'tool_result': {
        const error = isRecord(event.error) ? event.error : undefined;
        if (event.status !== 'error' || error?.type !== 'policy_violation') return;
        const call = tools.get(str(event.tool_id) ?? '');
        const detail = commandOf(call?.parameters);
        (out.denials ??= []).push({ tool: call?.name ?? 'tool', ...(detail ? { detail } : {}) });
        return;
      }
      case 'error':
        if (event.severity === 'error' && str(event.message)) out.failure = clip(str(event.message)!);
        return;
      case 'result':
        readResult(event, out);
        return;
      default:
        return;
    }
  };
}

function readResult(event: Record<string, unknown>, out: ParsedOutput): void {
  out.isError = event.status !== 'success';
  if (isRecord(event.error)) out.failure = clip(apiErrorText(str(event.error.message) ?? str(event.error.type) ?? 'error'));
  const stats = isRecord(event.stats) ? event.stats : undefined;
  if (!stats) return;
  // `input_tokens` is the whole prompt (cached part included), `cached` the part read from the cache.
  const usage: NonNullable<ParsedOutput['usage']> = {};
  const input = num(stats.input_tokens);
  const output = num(stats.output_tokens);
  const cached = num(stats.cached);
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (cached !== undefined) usage.cachedInputTokens = cached;
  if (Object.keys(usage).length > 0) out.usage = usage;
}

/** `[API Error: {"error":{"message":"API key not valid…"}}]` → `API Error: API key not valid… (400 INVALID_ARGUMENT)`. */
function apiErrorText(message: string): string {
  const wrapped = /^\[API Error: ([\s\S]*)\]$/.exec(message.trim());
  if (!wrapped) return message;
  try {
    const body: unknown = JSON.parse(wrapped[1]!);
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    const text = str(error?.message);
    const code = [num(error?.code), str(error?.status)].filter((part) => part !== undefined).join(' ');
    if (text) return `API Error: ${text}${code ? ` (${code})` : ''}`;
  } catch {
    // Not JSON inside: the CLI's own words are the best there is.
  }
  return `API Error: ${wrapped[1]}`;
}
