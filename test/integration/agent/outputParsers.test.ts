import assert from 'node:assert/strict';
import { createOutputParser, detectOutputFormat, FINAL_TEXT_LIMIT, LINE_LIMIT } from '../../../src/agent/outputParsers';
import { failureReason } from '../../../src/agent/runAgentRound';

describe('agent output readers', () => {
  it('reads a claude result line split across chunks at any point', () => {
    const line = JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'ok ✓', session_id: 's-1', total_cost_usd: 0.5, usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 4 } });
    const parser = createOutputParser('claude');
    for (const ch of 'noise\n' + line + '\n') parser.push(ch);
    assert.deepEqual(parser.end(), { sessionId: 's-1', isError: false, costUsd: 0.5, usage: { inputTokens: 14, outputTokens: 2, cachedInputTokens: 4 }, finalText: 'ok ✓' });
  });

  it('reads the older claude cost_usd field and falls back to the last assistant text when no result came', () => {
    const parser = createOutputParser('claude');
    parser.push(JSON.stringify({ type: 'system', subtype: 'init', session_id: 's-2' }) + '\n');
    parser.push(JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'B1: fixed — partial' }] } }) + '\n');
    assert.deepEqual(parser.end(), { sessionId: 's-2', finalText: 'B1: fixed — partial' });
    const legacy = createOutputParser('claude');
    legacy.push(JSON.stringify({ type: 'result', cost_usd: 0.2, session_id: 's-3' }));
    assert.equal(legacy.end().costUsd, 0.2);
  });

  it('skips a line longer than the line limit instead of buffering it', () => {
    const parser = createOutputParser('claude');
    const big = '{"type":"assistant","x":"' + 'y'.repeat(LINE_LIMIT + 10) + '"}';
    parser.push(big.slice(0, LINE_LIMIT / 2));
    parser.push(big.slice(LINE_LIMIT / 2) + '\n' + JSON.stringify({ type: 'result', session_id: 's-4', is_error: true }) + '\n');
    assert.deepEqual(parser.end(), { sessionId: 's-4', isError: true });
  });

  it('marks a failed codex turn as an error and sums the usage of its turns', () => {
    const parser = createOutputParser('codex');
    parser.push('{"type":"thread.started","thread_id":"t-1"}\n{"type":"turn.completed","usage":{"input_tokens":5,"cached_input_tokens":1,"output_tokens":2}}\n');
    parser.push('{"type":"turn.completed","usage":{"input_tokens":5,"cached_input_tokens":1,"output_tokens":2}}\n{"type":"turn.failed","error":{"message":"x"}}\n');
    assert.deepEqual(parser.end(), { sessionId: 't-1', usage: { inputTokens: 10, outputTokens: 4, cachedInputTokens: 2 }, isError: true, failure: 'x' });
  });

  it('does not fail a codex run whose reconnect notices are followed by a completed turn', () => {
    const parser = createOutputParser('codex');
    parser.push('{"type":"thread.started","thread_id":"t-2"}\n{"type":"turn.started"}\n');
    parser.push('{"type":"error","message":"Reconnecting... 1/2 (stream disconnected before completion)"}\n');
    parser.push('{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Falling back from WebSockets to HTTPS transport."}}\n');
    parser.push('{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"B1: fixed — ok"}}\n{"type":"turn.completed","usage":{"input_tokens":7,"cached_input_tokens":3,"output_tokens":1}}\n');
    assert.deepEqual(parser.end(), { sessionId: 't-2', finalText: 'B1: fixed — ok', usage: { inputTokens: 7, outputTokens: 1, cachedInputTokens: 3 }, isError: false });
  });

  it('fails a codex run that ended without completing its turn, with its last error', () => {
    const retrying = createOutputParser('codex');
    retrying.push('{"type":"thread.started","thread_id":"t-3"}\n{"type":"error","message":"Reconnecting... 5/5 (Name does not resolve)"}\n');
    assert.deepEqual(retrying.end(), { sessionId: 't-3', isError: true, failure: 'Reconnecting... 5/5 (Name does not resolve)' });
    const silent = createOutputParser('codex');
    silent.push('{"type":"thread.started","thread_id":"t-4"}\n');
    assert.deepEqual(silent.end(), { sessionId: 't-4', isError: true }, 'its stderr will say why');
  });

  it("reads claude's failure words, limits and permission denials from its result", () => {
    const parser = createOutputParser('claude');
    parser.push(JSON.stringify({
      type: 'result', subtype: 'error_max_turns', is_error: true, errors: ['Reached maximum number of turns (3)'], session_id: 's-5',
      usage: { input_tokens: 10, cache_creation_input_tokens: 20, cache_read_input_tokens: 30, output_tokens: 4 },
      permission_denials: [{ tool_name: 'Bash', tool_use_id: 'x', tool_input: { command: 'npm publish', description: 'publish' } }, { tool_name: 'Write', tool_use_id: 'y', tool_input: { file_path: '/repo/.git/x' } }],
    }) + '\n');
    assert.deepEqual(parser.end(), {
      sessionId: 's-5',
      isError: true,
      usage: { inputTokens: 60, outputTokens: 4, cachedInputTokens: 30, cacheCreationInputTokens: 20 },
      failure: 'Reached maximum number of turns (3)',
      denials: [{ tool: 'Bash', detail: 'npm publish' }, { tool: 'Write', detail: '/repo/.git/x' }],
    });
    const api = createOutputParser('claude');
    api.push(JSON.stringify({ type: 'result', subtype: 'success', is_error: true, result: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }) + '\n');
    assert.match(api.end().failure!, /^API Error: 529 .*Overloaded/);
  });

  it("finds the telling line of a CLI's stderr when its output says nothing", () => {
    const base = { exitCode: 2, signal: null };
    const clap = "WARNING: proceeding, even though we could not create PATH aliases\nerror: unexpected argument '-s' found\n\n  tip: to pass '-s' as a value, use '-- -s'\n\nUsage: codex exec resume [OPTIONS] [SESSION_ID] [PROMPT]\n";
    assert.equal(failureReason({ ...base, stderrTail: clap }), "error: unexpected argument '-s' found");
    const rust = 'Error: thread/resume: thread/resume failed: no rollout found for thread id 0199 (code -32600)\n\nStack backtrace:\n   0: <unknown>\n';
    assert.equal(failureReason({ ...base, stderrTail: rust }), 'Error: thread/resume: thread/resume failed: no rollout found for thread id 0199 (code -32600)');
    assert.equal(failureReason({ ...base, stderrTail: 'boom\n', failure: 'Invalid API key' }), 'Invalid API key', "the output's words come first");
    assert.equal(failureReason({ ...base, stderrTail: '' }), 'the agent exited with code 2 and printed no reason');
  });

  it('reads aider token counts with k suffixes and keeps the last session cost', () => {
    const parser = createOutputParser('aider');
    parser.push('Tokens: 2.3k sent, 1.5k cache hit, 120 received. Cost: $0.01 message, $0.01 session.\n');
    parser.push('Tokens: 1k sent, 80 received. Cost: $0.02 message, $0.03 session.\n');
    const out = parser.end();
    assert.equal(out.costUsd, 0.03);
    assert.deepEqual(out.usage, { inputTokens: 3300, outputTokens: 200, cachedInputTokens: 1500 });
  });

  it('keeps only the last 256 KB of a plain-text reply', () => {
    const parser = createOutputParser('text');
    parser.push('a'.repeat(FINAL_TEXT_LIMIT));
    parser.push('\nB1: fixed — end');
    const text = parser.end().finalText!;
    assert.equal(text.length, FINAL_TEXT_LIMIT);
    assert.ok(text.endsWith('B1: fixed — end'));
  });

  it('recognises each preset argv, even with another executable path', () => {
    assert.equal(detectOutputFormat(['/opt/c', '-p', '--output-format', 'stream-json', '--verbose']), 'claude');
    assert.equal(detectOutputFormat(['codex', 'exec', 'resume', 't', '--json', '-']), 'codex');
    assert.equal(detectOutputFormat(['aider', '--message-file', 'p']), 'aider');
    assert.equal(detectOutputFormat(['my-agent']), 'text');
  });
});
