/**
 * The language server under load, over a real JSON-RPC connection (in-memory streams):
 * publishing 10,000 findings over 1,000 files, and moving 100 findings after an edit in their file.
 * Baselines: the same number of raw notifications over the same transport, and a hover round trip.
 */
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import type { Finding } from '../src/core/model';
import { startServer } from '../src/server/server';
import { SetFindings, type SetFindingsParams } from '../src/shared/protocol';
import { makeFinding } from '../test/helpers/runFixture';
import { time, type Bench } from './harness';

const ROOT = '/bench/worktree';
const FILES = 1000;
const PER_FILE = 10;
const EDITED_FINDINGS = 100;

interface Pair {
  client: MessageConnection;
  /** Resolves when `count` publishDiagnostics notifications (optionally for one uri) have arrived. */
  published: (count: number, uri?: string) => Promise<void>;
}

function connect(): Pair {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    readFile: () => Promise.resolve(undefined),
    readFileAtCommit: () => Promise.resolve(undefined),
    publishDelayMs: 0,
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  let waiter: { left: number; uri: string | undefined; resolve: () => void } | undefined;
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (!waiter || (waiter.uri && waiter.uri !== p.uri)) return;
    if (--waiter.left === 0) {
      const done = waiter.resolve;
      waiter = undefined;
      done();
    }
  });
  client.listen();
  return { client, published: (count, uri) => new Promise((resolve) => (waiter = { left: count, uri, resolve })) };
}

function findings(round: number): Finding[] {
  const out: Finding[] = [];
  for (let f = 0; f < FILES; f++) {
    for (let n = 0; n < PER_FILE; n++) {
      const line = n * 5 + 1;
      out.push(makeFinding({ id: `B${f * PER_FILE + n + 1}`, title: `Finding ${n} of file ${f} (round ${round})`, file: `src/f${f}.ts`, line, endLine: line + 1 }));
    }
  }
  return out;
}

export const serverBench: Bench = {
  name: 'server',
  async run() {
    const { client, published } = connect();
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { findingsFromClient: true } });
    await client.sendNotification('initialized', {});
    const rootUri = pathToFileURL(ROOT).href;

    let round = 0;
    const publish = await time(async () => {
      const params: SetFindingsParams = { rootUri, runs: [{ runId: 'run-bench', round: ++round, findings: findings(round) }] };
      const done = published(FILES);
      await client.sendNotification(SetFindings.method, params);
      await done;
    }, { runs: 5 });

    // Baseline: the same diagnostics (10 per file, built beforehand) sent as raw notifications over
    // the same kind of transport, without the server in between.
    const a = new PassThrough();
    const b = new PassThrough();
    const sender = createMessageConnection(new StreamMessageReader(a), new StreamMessageWriter(b));
    const receiver = createMessageConnection(new StreamMessageReader(b), new StreamMessageWriter(a));
    let rawLeft = 0;
    let rawDone: () => void = () => undefined;
    receiver.onNotification('textDocument/publishDiagnostics', () => {
      if (--rawLeft === 0) rawDone();
    });
    sender.listen();
    receiver.listen();
    const payloads = Array.from({ length: FILES }, (_, f) => ({
      uri: `${rootUri}/src/f${f}.ts`,
      diagnostics: Array.from({ length: PER_FILE }, (_, n) => ({
        range: { start: { line: n * 5, character: 0 }, end: { line: n * 5 + 1, character: 2147483647 } },
        severity: 1,
        source: 'revise',
        code: `B${f * PER_FILE + n + 1}`,
        message: `B${f * PER_FILE + n + 1}: Finding ${n} of file ${f}`,
        data: { runId: 'run-bench', findingId: `B${f * PER_FILE + n + 1}`, outdated: false },
      })),
    }));
    const raw = await time(async () => {
      rawLeft = FILES;
      const done = new Promise<void>((resolve) => (rawDone = resolve));
      for (const p of payloads) void sender.sendNotification('textDocument/publishDiagnostics', p);
      await done;
    }, { runs: 5 });
    sender.dispose();
    receiver.dispose();

    // One file with 100 findings, open; an edit above all of them moves every one.
    const uri = `${rootUri}/src/big.ts`;
    const big = Array.from({ length: EDITED_FINDINGS }, (_, n) =>
      makeFinding({ id: `N${n + 1}`, severity: 'non-blocking', file: 'src/big.ts', line: n * 3 + 2, endLine: n * 3 + 3, anchor: { commit: 'c', line: n * 3 + 2, endLine: n * 3 + 3, text: `line ${n * 3 + 2}\nline ${n * 3 + 3}` } }),
    );
    const text = Array.from({ length: EDITED_FINDINGS * 3 + 10 }, (_, i) => `line ${i + 1}`).join('\n');
    const opened = published(1, uri);
    await client.sendNotification(SetFindings.method, { rootUri, runs: [{ runId: 'run-bench', round: 1, findings: big }] } satisfies SetFindingsParams);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    await opened;
    let version = 1;
    const edit = await time(async () => {
      const done = published(1, uri);
      await client.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// inserted\n' }],
      });
      await done;
    }, { runs: 20 });
    const hover = await time(() => client.sendRequest('textDocument/hover', { textDocument: { uri: `${rootUri}/none.ts` }, position: { line: 0, character: 0 } }), { runs: 20 });

    client.dispose();
    return [
      { id: 'lsp.publish.10k', measure: `LSP publish ${FILES * PER_FILE} findings over ${FILES} files (SetFindings → last diagnostics)`, unit: 'ms', value: publish, baseline: { label: `${FILES} prebuilt publishDiagnostics sent raw`, value: raw }, goal: { on: 'value', max: 100 } },
      { id: 'lsp.reanchor.100', measure: `LSP edit above ${EDITED_FINDINGS} findings in one open file → its diagnostics`, unit: 'ms', value: edit, baseline: { label: 'hover round trip', value: hover } },
    ];
  },
};
