/**
 * opencode `run --format json` (1.18): one event per line, each with the `sessionID` — `step_start`,
 * `text` (a finished text part), `tool_use` (a finished tool call; a refused one has
 * `state.status: "error"` and the CLI's refusal in `state.error`), `step_finish` (that step's `tokens`
 * and `cost`), and `error` (`error.data.message`, e.g. the provider's 401 text). A round's usage and
 * cost are the sum of its steps; the final reply is the text of the last step that had any.
 */
import { setSession, type ParsedOutput } from './parsedOutput';
import { clip, commandOf, isRecord, keepLast, num, parseObject, str } from './jsonLine';

// opencode's own words when a permission rule denies a call, or when `run` auto-rejects one it would ask about.
const REFUSED = /prevents you from using this specific tool call|rejected permission to use this specific tool call/i;

/** A reader of opencode's lines into `out`. */
export function opencodeReader(finalTextLimit: number): (line: string, out: ParsedOutput) => void {
  let stepText = '';
  return (line, out) => {
    const event = parseObject(line);
    if (!event) return;
    setSession(out, str(event.sessionID));
    const part = isRecord(event.part) ? event.part : {};
    switch (event.type) {
      case 'step_start':
        stepText = '';
        return;
      case 'text':
        if (typeof part.text !== 'string') return;
        stepText = keepLast(stepText + part.text, finalTextLimit);
        out.finalText = stepText;
        return;
      case 'tool_use': {
        const state = isRecord(part.state) ? part.state : {};
        if (state.status !== 'error' || !REFUSED.test(str(state.error) ?? '')) return;
        const detail = commandOf(state.input);
        (out.denials ??= []).push({ tool: str(part.tool) ?? 'tool', ...(detail ? { detail } : {}) });
        return;
      }
      case 'step_finish':
        addStep(part, out);
        return;
      case 'error': {
        out.isError = true;
        const error = isRecord(event.error) ? event.error : {};
        const data = isRecord(error.data) ? error.data : {};
        const status = num(data.statusCode);
        const message = str(data.message) ?? str(error.name) ?? 'error';
        out.failure = clip(status !== undefined ? `${message} (${status})` : message);
        return;
      }
      default:
        return;
    }
  };
}

function addStep(part: Record<string, unknown>, out: ParsedOutput): void {
  const cost = num(part.cost);
  if (cost !== undefined) out.costUsd = (out.costUsd ?? 0) + cost;
  const tokens = isRecord(part.tokens) ? part.tokens : undefined;
  if (!tokens) return;
  const cache = isRecord(tokens.cache) ? tokens.cache : {};
  // opencode's `input` leaves out the cached part; Revise counts every input token the model read.
  const read = num(cache.read) ?? 0;
  const write = num(cache.write) ?? 0;
  const usage = { ...out.usage };
  usage.inputTokens = (usage.inputTokens ?? 0) + (num(tokens.input) ?? 0) + read + write;
  usage.outputTokens = (usage.outputTokens ?? 0) + (num(tokens.output) ?? 0) + (num(tokens.reasoning) ?? 0);
  usage.cachedInputTokens = (usage.cachedInputTokens ?? 0) + read;
  if (write > 0) usage.cacheCreationInputTokens = (usage.cacheCreationInputTokens ?? 0) + write;
  out.usage = usage;
}
