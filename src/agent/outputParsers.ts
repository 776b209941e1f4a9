/**
 * Streaming readers of an agent's stdout. They see the output line by line as it arrives and keep
 * only what a round records — session id, cost, usage, error flag and the tail of the final reply —
 * so memory stays bounded whatever the agent prints.
 */
import { geminiReader } from './parsers/gemini';
import { clip, isRecord, keepLast, num, parseObject, str } from './parsers/jsonLine';
import { opencodeReader } from './parsers/opencode';
import { setSession, type Denial, type ParsedOutput } from './parsers/parsedOutput';
import type { Usage } from '../core/model';

/** `claude`, `gemini`, `qwen`: stream-json; `codex`: `exec --json` JSONL; `opencode`: `run --format json`; `aider` and `text`: plain text. */
export type OutputFormat = 'claude' | 'codex' | 'aider' | 'gemini' | 'opencode' | 'qwen' | 'text';

export type { Denial, ParsedOutput } from './parsers/parsedOutput';

export interface OutputParser {
  /** Feed decoded stdout text, in order. */
  push(text: string): void;
  /** Flush the last unterminated line and return what was read. */
  end(): ParsedOutput;
}

/** Cap of the final reply kept for dispositions; the trailer lines are at its end. */
export const FINAL_TEXT_LIMIT = 256 * 1024;
/** Longest line parsed; longer lines (a huge tool result, a binary dump) are skipped whole. */
export const LINE_LIMIT = 4 * 1024 * 1024;

/** A reader for the given output format. */
export function createOutputParser(format: OutputFormat): OutputParser {
  switch (format) {
    case 'claude':
      return lineParser(claudeLine, false, '{');
    case 'codex':
      return lineParser(codexLine, false, '{');
    case 'aider':
      return lineParser(aiderLine, true, 'T');
    case 'gemini':
      return lineParser(geminiReader(FINAL_TEXT_LIMIT), false, '{');
    case 'opencode':
      return lineParser(opencodeReader(FINAL_TEXT_LIMIT), false, '{');
    case 'qwen':
      return lineParser(qwenLine, false, '{');
    case 'text':
      return lineParser(() => undefined, true, '');
  }
}

/**
 * Guess the output format from an argv built by a preset, for callers that do not pass one:
 * the flags that switch on JSON output are specific to each CLI.
 */
export function detectOutputFormat(argv: readonly string[]): OutputFormat {
  const has = (flag: string) => argv.includes(flag);
  if (argv[1] === 'exec' && (has('--json') || has('--experimental-json'))) return 'codex';
  const format = argv.indexOf('--output-format');
  if (format > 0 && argv[format + 1] === 'stream-json') return 'claude';
  if (has('--message-file') || has('--chat-history-file')) return 'aider';
  if (argv[1] === 'run' && argv[argv.indexOf('--format') + 1] === 'json') return 'opencode';
  // Gemini CLI and Qwen Code share `-o stream-json`; Gemini's headless mode needs `-p`.
  if (argv[argv.indexOf('-o') + 1] === 'stream-json') return has('-p') ? 'gemini' : 'qwen';
  return 'text';
}

type Sink = ParsedOutput & { lastAssistant?: string; codex?: CodexTurn };

/** What a codex run said about its turn, settled in `end()`. */
interface CodexTurn {
  completed: boolean;
  failed?: string;
  /** The last `error` event that was not a transient reconnect notice. */
  lastError?: string;
  /** The last reconnect notice, for a run that ended while still retrying. */
  lastRetry?: string;
}
type LineReader = (line: string, out: Sink) => void;

/**
 * Whether the line `text[start, end)` may matter to a reader whose lines that matter start (after
 * blanks) with `opens`; undefined: every line may. A line that starts with any other printable ASCII
 * character is skipped without being cut out of the chunk: most of what an agent prints (tool
 * output, plain text) is never copied or parsed. Blanks and other characters are left to the reader.
 */
function mayMatter(text: string, start: number, end: number, opens: number | undefined): boolean {
  if (opens === undefined) return true;
  if (start >= end) return false;
  const first = text.charCodeAt(start);
  return first === opens || first <= 32 || first >= 127;
}

/**
 * `read` gets each line; `keepTail`: the last FINAL_TEXT_LIMIT characters are the final text;
 * `opens`: the character the lines `read` acts on start with (see `mayMatter`), '' for none.
 */
function lineParser(read: LineReader, keepTail: boolean, opens?: string): OutputParser {
  const out: Sink = {};
  const opensCode = opens === undefined ? undefined : opens === '' ? -1 : opens.charCodeAt(0);
  let partial = '';
  let skipping = false;
  // The latest chunks, as few as hold the last FINAL_TEXT_LIMIT characters (joined once, at the end).
  const tail: string[] = [];
  let tailLength = 0;
  const feedLine = (line: string) => {
    try {
      read(line, out);
    } catch {
      // A line that is not the JSON it looked like is ordinary output; the log keeps it.
    }
  };
  return {
    push(text) {
      if (keepTail) {
        tail.push(text);
        tailLength += text.length;
        while (tail.length > 1 && tailLength - tail[0]!.length >= FINAL_TEXT_LIMIT) tailLength -= tail.shift()!.length;
      }
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (skipping || partial.length + (nl - start) > LINE_LIMIT) {
          // Too long: skipped whole.
        } else if (partial === '') {
          if (mayMatter(text, start, nl, opensCode)) feedLine(text.slice(start, nl));
        } else if (mayMatter(partial, 0, partial.length, opensCode)) {
          feedLine(partial + text.slice(start, nl));
        }
        partial = '';
        skipping = false;
        start = nl + 1;
      }
      if (skipping) return;
      partial += text.slice(start);
      if (partial.length > LINE_LIMIT) {
        partial = '';
        skipping = true;
      }
    },
    end() {
      if (partial && !skipping && mayMatter(partial, 0, partial.length, opensCode)) feedLine(partial);
      partial = '';
      const { lastAssistant, codex, ...parsed } = out;
      if (codex) settleCodexTurn(codex, parsed);
      if (keepTail && tailLength > 0) parsed.finalText = keepLast(tail.join(''), FINAL_TEXT_LIMIT);
      if (parsed.finalText === undefined && lastAssistant !== undefined) parsed.finalText = lastAssistant;
      return parsed;
    },
  };
}

/** `input` counts every input token, cached ones included (see `Usage`). */
function usageFrom(input: unknown, output: unknown, cached: unknown, cacheCreation?: unknown): Usage | undefined {
  const usage: Usage = {};
  if (num(input) !== undefined) usage.inputTokens = num(input);
  if (num(output) !== undefined) usage.outputTokens = num(output);
  if (num(cached) !== undefined) usage.cachedInputTokens = num(cached);
  if (num(cacheCreation) !== undefined) usage.cacheCreationInputTokens = num(cacheCreation);
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** Claude Code `--output-format stream-json`: `system/init`, `assistant` messages, final `result`. */
function claudeLine(line: string, out: Sink): void {
  const event = parseObject(line);
  if (!event) return;
  const sessionId = str(event.session_id);
  if (event.type === 'system' && event.subtype === 'init' && sessionId) out.sessionId = sessionId;
  if (event.type === 'assistant' && isRecord(event.message) && Array.isArray(event.message.content)) {
    const text = event.message.content
      .filter((c): c is Record<string, unknown> => isRecord(c) && c.type === 'text' && typeof c.text === 'string')
      .map((c) => c.text as string)
      .join('');
    if (text) out.lastAssistant = keepLast(text, FINAL_TEXT_LIMIT);
  }
  if (event.type !== 'result') return;
  if (sessionId) out.sessionId = sessionId;
  if (typeof event.is_error === 'boolean') out.isError = event.is_error;
  // Older releases printed `cost_usd`.
  const cost = num(event.total_cost_usd) ?? num(event.cost_usd);
  if (cost !== undefined) out.costUsd = cost;
  if (isRecord(event.usage)) {
    // Claude's `input_tokens` leaves out the cache; Revise counts every input token (see `Usage`).
    const u = event.usage;
    const parts = [num(u.input_tokens), num(u.cache_read_input_tokens), num(u.cache_creation_input_tokens)];
    const input = parts.every((n) => n === undefined) ? undefined : parts.reduce<number>((a, n) => a + (n ?? 0), 0);
    const usage = usageFrom(input, u.output_tokens, u.cache_read_input_tokens, u.cache_creation_input_tokens);
    if (usage) out.usage = usage;
  }
  if (typeof event.result === 'string') out.finalText = keepLast(event.result, FINAL_TEXT_LIMIT);
  // A failed result carries `errors` (error_during_execution, error_max_turns, error_max_budget_usd)
  // or, for an API error, `is_error` with the message as `result`.
  const errors = Array.isArray(event.errors) ? event.errors.filter((e): e is string => typeof e === 'string' && e !== '') : [];
  if (errors.length > 0) out.failure = clip(errors.join('; '));
  else if (event.is_error === true && typeof event.result === 'string' && event.result.trim()) out.failure = clip(event.result.trim());
  if (event.subtype === 'error_max_turns' || event.subtype === 'error_max_budget_usd') out.isError = true;
  if (Array.isArray(event.permission_denials)) {
    const denials = event.permission_denials.filter(isRecord).map(claudeDenial);
    if (denials.length > 0) out.denials = denials;
  }
}

// Qwen Code's reply when the provider refused the call: `[API Error: 401 Incorrect API key provided…]`.
const QWEN_API_ERROR = /^\[API Error: ([\s\S]*)\]$/;

/**
 * Qwen Code `-o stream-json` (0.15): Claude Code's shape (`system/init`, `assistant`, a `result` with
 * `permission_denials`), with three differences. Over an OpenAI-compatible API its `usage.input_tokens`
 * already includes the cached part; a failed result says why in `error.message`; and a provider error
 * (a 401, a 5xx after its retries) is no error to it: it exits 0 with `is_error: false` and the reply
 * `[API Error: 401 …]`, which is read here as the round's failure.
 */
function qwenLine(line: string, out: Sink): void {
  claudeLine(line, out);
  const event = parseObject(line);
  if (event?.type !== 'result') return;
  if (isRecord(event.usage)) {
    const usage = usageFrom(event.usage.input_tokens, event.usage.output_tokens, event.usage.cache_read_input_tokens);
    if (usage) out.usage = usage;
  }
  const error = isRecord(event.error) ? str(event.error.message) : undefined;
  if (error) out.failure = clip(error);
  const apiError = QWEN_API_ERROR.exec((out.finalText ?? '').trim());
  if (apiError) {
    out.isError = true;
    out.failure = clip(`API Error: ${apiError[1]}`);
  }
}

function claudeDenial(d: Record<string, unknown>): Denial {
  const input = isRecord(d.tool_input) ? d.tool_input : {};
  const detail = str(input.command) ?? str(input.file_path) ?? str(input.path) ?? str(input.notebook_path) ?? str(input.url) ?? (Object.keys(input).length > 0 ? JSON.stringify(input) : undefined);
  return { tool: str(d.tool_name) ?? 'unknown', ...(detail ? { detail: clip(detail) } : {}) };
}

// Codex prints `{"type":"error","message":"Reconnecting... 1/5 (…)"}` while it retries a dropped stream.
const CODEX_RETRY = /^Reconnecting\.\.\./;

/**
 * Codex `exec --json`: `thread.started`, `item.completed` (agent_message), `turn.completed` usage,
 * `turn.failed`, `error`. An `error` event alone is not a failure: Codex reports each retry of a
 * dropped stream that way and may still finish the turn. The run failed when a turn failed, or
 * when it ended without completing its turn (then the last error says why).
 */
function codexLine(line: string, out: Sink): void {
  const event = parseObject(line);
  if (!event) return;
  const turn = (out.codex ??= { completed: false });
  switch (event.type) {
    case 'thread.started':
      setSession(out, str(event.thread_id));
      return;
    case 'turn.completed':
      turn.completed = true;
      if (isRecord(event.usage)) {
        const usage = usageFrom(event.usage.input_tokens, event.usage.output_tokens, event.usage.cached_input_tokens);
        if (usage) out.usage = addUsage(out.usage, usage);
      }
      return;
    case 'turn.failed':
      turn.failed = (isRecord(event.error) ? str(event.error.message) : undefined) ?? turn.lastError ?? 'the turn failed';
      return;
    case 'error': {
      const message = str(event.message) ?? 'error';
      if (CODEX_RETRY.test(message)) turn.lastRetry = message;
      else turn.lastError = message;
      return;
    }
    case 'item.completed': {
      const item = event.item;
      if (isRecord(item) && (item.type === 'agent_message' || item.item_type === 'agent_message') && typeof item.text === 'string') {
        out.finalText = keepLast(item.text, FINAL_TEXT_LIMIT);
      }
      return;
    }
    default:
      return;
  }
}

function settleCodexTurn(turn: CodexTurn, parsed: ParsedOutput): void {
  if (turn.failed !== undefined) {
    parsed.isError = true;
    parsed.failure = clip(turn.failed);
  } else if (turn.completed) {
    parsed.isError = false;
  } else {
    // Ended without completing its turn; without an error event, its stderr says why (see failureReason).
    parsed.isError = true;
    const last = turn.lastError ?? turn.lastRetry;
    if (last) parsed.failure = clip(last);
  }
}

function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return b;
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  const result: Usage = {};
  const input = sum(a.inputTokens, b.inputTokens);
  const output = sum(a.outputTokens, b.outputTokens);
  const cached = sum(a.cachedInputTokens, b.cachedInputTokens);
  const creation = sum(a.cacheCreationInputTokens, b.cacheCreationInputTokens);
  if (input !== undefined) result.inputTokens = input;
  if (output !== undefined) result.outputTokens = output;
  if (cached !== undefined) result.cachedInputTokens = cached;
  if (creation !== undefined) result.cacheCreationInputTokens = creation;
  return result;
}

// "Tokens: 2.3k sent, 1.5k cache hit, 120 received. Cost: $0.01 message, $0.05 session."
const AIDER_TOKENS = /^Tokens:\s*(.+?)\.\s*Cost:\s*\$([\d.]+)\s*message,\s*\$([\d.]+)\s*session/;

/** Aider prints text only; its cost line is the one thing to read back. */
function aiderLine(line: string, out: Sink): void {
  const match = AIDER_TOKENS.exec(line.trim());
  if (!match) return;
  const session = Number(match[3]);
  if (Number.isFinite(session)) out.costUsd = session;
  const counts: Record<string, number> = {};
  for (const part of match[1]!.split(',')) {
    const m = /^\s*([\d.]+)([kKmM]?)\s+(.+?)\s*$/.exec(part);
    if (!m) continue;
    const scale = m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1;
    counts[m[3]!] = Math.round(Number(m[1]) * scale);
  }
  // Each message line is that message's tokens; a round's usage is their sum.
  const usage = usageFrom(counts.sent, counts.received, counts['cache hit']);
  if (usage) out.usage = addUsage(out.usage, usage);
}
