/**
 * The language server under load, over a real JSON-RPC connection (in-memory streams) and with its
 * production settings (the default publish delay): publishing 10,000 findings over 1,000 files, and
 * moving 1,000 findings after an edit near the top of an open 50,000-line file. Baselines: the same
 * diagnostics as prebuilt raw notifications over the same transport, and a hover round trip. The
 * in-process functions an edit and a full re-anchoring run are timed on their own too.
 */
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import type { Finding } from '../src/core/model';
import type { Entry } from '../src/server/findingIndex';
import { applyEdit, reanchorEntries } from '../src/server/reanchor';
import { startServer } from '../src/server/server';
import { SetFindings, type SetFindingsParams } from '../src/shared/protocol';
import { makeFinding } from '../test/helpers/runFixture';
import { repeat, sample, time, type Bench, type BenchRow } from './harness';

const ROOT = '/bench/worktree';
const FILES = 1000;
const PER_FILE = 10;
const BIG_LINES = 50_000;
const BIG_FINDINGS = 1000;
/** Lines between two findings of the big file. */
const STRIDE = BIG_LINES / BIG_FINDINGS;
/** The server's default (`ServerDeps.publishDelayMs`), which the bench keeps. */
const PUBLISH_DELAY_MS = 30;

interface Pair {
  client: MessageConnection;
  /** publishDiagnostics notifications received so far. */
  notifications: () => number;
  /** Resolves when the server has sent every publish it scheduled. */
  serverIdle: () => Promise<void>;
  /** Resolves when `count` publishDiagnostics notifications (optionally for one uri) have arrived. */
  published: (count: number, uri?: string) => Promise<void>;
  /** Starts watching the server's input; `arrivedAt()` is then when the next message's first bytes reached it. */
  watchInput: () => void;
  arrivedAt: () => number;
}

function pipe(): { a: MessageConnection; b: MessageConnection } {
  const ab = new PassThrough();
  const ba = new PassThrough();
  return { a: createMessageConnection(new StreamMessageReader(ba), new StreamMessageWriter(ab)), b: createMessageConnection(new StreamMessageReader(ab), new StreamMessageWriter(ba)) };
}

function connect(): Pair {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let watching = false;
  let arrived = Number.NaN;
  toServer.on('data', () => {
    if (!watching) return;
    watching = false;
    arrived = performance.now();
  });
  const server = startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    readFile: () => Promise.resolve(undefined),
    readFileAtCommit: () => Promise.resolve(undefined),
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  let waiter: { left: number; uri: string | undefined; resolve: () => void } | undefined;
  let notifications = 0;
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    notifications++;
    if (!waiter || (waiter.uri && waiter.uri !== p.uri)) return;
    if (--waiter.left === 0) {
      const done = waiter.resolve;
      waiter = undefined;
      done();
    }
  });
  client.listen();
  return {
    client,
    notifications: () => notifications,
    serverIdle: () => server.whenIdle(),
    published: (count, uri) => new Promise((resolve) => (waiter = { left: count, uri, resolve })),
    watchInput: () => {
      watching = true;
      arrived = Number.NaN;
    },
    arrivedAt: () => arrived,
  };
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

function bigLine(i: number): string {
  return `  const value${i} = compute(${i}, 'input ${i % 97}');`;
}

/** 1,000 findings of two lines each, one every 50 lines, anchored to the text they point at. */
function bigFindings(): Finding[] {
  return Array.from({ length: BIG_FINDINGS }, (_, n) => {
    const line = n * STRIDE + 2;
    return makeFinding({
      id: `N${n + 1}`,
      severity: 'non-blocking',
      title: `Check the result of value${line}`,
      file: 'src/big.ts',
      line,
      endLine: line + 1,
      anchor: { commit: 'c0ffee', line, endLine: line + 1, text: `${bigLine(line)}\n${bigLine(line + 1)}` },
    });
  });
}

/** The same diagnostics as the server's for `findings(1)`, built beforehand, sent raw over a pipe. */
async function rawBaseline(rootUri: string) {
  const { a: sender, b: receiver } = pipe();
  let left = 0;
  let done: () => void = () => undefined;
  receiver.onNotification('textDocument/publishDiagnostics', () => {
    if (--left === 0) done();
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
      message: `B${f * PER_FILE + n + 1}: Finding ${n} of file ${f} (round 1)`,
      data: { runId: 'run-bench', findingId: `B${f * PER_FILE + n + 1}`, outdated: false },
    })),
  }));
  const sample = await time(async () => {
    left = FILES;
    const all = new Promise<void>((resolve) => (done = resolve));
    for (const p of payloads) void sender.sendNotification('textDocument/publishDiagnostics', p);
    await all;
  }, { runs: 11, warmups: 2 });
  sender.dispose();
  receiver.dispose();
  return sample;
}

/** The two functions behind the edit row, in process: moving entries through an edit, and a full re-anchoring. */
async function inProcess(text: string, edited: string) {
  const entries: Entry[] = bigFindings().map((finding) => ({ runId: 'run-bench', round: 1, finding, root: ROOT, path: `${ROOT}/src/big.ts`, line: finding.line!, endLine: finding.endLine!, outdated: false, method: 'stored' }));
  const change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// inserted\n' };
  const shift = await time(() => applyEdit(entries, change, () => edited), { runs: 20, warmups: 3 });
  // Every anchor is one line off: each is found through the diff from its commit's version.
  const full = await time(() => reanchorEntries(entries, () => edited, () => Promise.resolve(text)), { runs: 7, warmups: 2 });
  return { shift, full };
}

export const serverBench: Bench = {
  name: 'lsp',
  async run() {
    const { client, published, watchInput, arrivedAt, notifications, serverIdle } = connect();
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { findingsFromClient: true } });
    await client.sendNotification('initialized', {});
    const rootUri = pathToFileURL(ROOT).href;

    // Inputs are built beforehand, all at once: the extension has its findings at hand when it
    // sends them (building each just before its run left the collection of its garbage inside it).
    const inputs = Array.from({ length: 13 }, (_, i): SetFindingsParams => ({ rootUri, runs: [{ runId: 'run-bench', round: i + 1, findings: findings(i + 1) }] }));
    // Timed from two points of the same runs: the client starting to send (serialising 2.5 MB of
    // findings included), and the message's first bytes reaching the server (the server's own work:
    // parsing, indexing, building and sending every file's diagnostics).
    const endToEnd: number[] = [];
    const serverSide: number[] = [];
    for (let run = 0; inputs.length > 0; run++) {
      const done = published(FILES);
      watchInput();
      const start = performance.now();
      await client.sendNotification(SetFindings.method, inputs.pop());
      await done;
      const end = performance.now();
      if (run < 2) continue; // warm-ups
      endToEnd.push(end - start);
      serverSide.push(end - arrivedAt());
    }
    const publish = sample(serverSide);
    const raw = await rawBaseline(rootUri);

    // A triage of one finding: the next SetFindings carries all 10k findings again, one of them changed.
    const oneChanged: number[] = [];
    const sentFor: number[] = [];
    let triaged = findings(1);
    await client.sendNotification(SetFindings.method, { rootUri, runs: [{ runId: 'run-bench', round: 1, findings: triaged }] } satisfies SetFindingsParams);
    await serverIdle();
    for (let i = 0; i < 12; i++) {
      triaged = triaged.map((f, n) => (n === i * PER_FILE ? { ...f, status: f.status === 'open' ? 'dismissed' : 'open' } : f));
      const file = `${rootUri}/src/f${i}.ts`;
      const done = published(1, file);
      const before = notifications();
      const start = performance.now();
      await client.sendNotification(SetFindings.method, { rootUri, runs: [{ runId: 'run-bench', round: 1, findings: triaged }] } satisfies SetFindingsParams);
      await done;
      oneChanged.push(performance.now() - start);
      await serverIdle();
      // A request answered after the publishes: every notification sent before it has arrived.
      await client.sendRequest('textDocument/hover', { textDocument: { uri: `${rootUri}/none.ts` }, position: { line: 0, character: 0 } });
      sentFor.push(notifications() - before);
    }

    const uri = `${rootUri}/src/big.ts`;
    const text = Array.from({ length: BIG_LINES }, (_, i) => bigLine(i + 1)).join('\n');
    const opened = published(1, uri);
    await client.sendNotification(SetFindings.method, { rootUri, runs: [{ runId: 'run-bench', round: 1, findings: bigFindings() }] } satisfies SetFindingsParams);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    await opened;
    let version = 1;
    const insertAtTop = async (): Promise<number> => {
      const done = published(1, uri);
      const start = performance.now();
      await client.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// inserted\n' }],
      });
      await done;
      return performance.now() - start;
    };
    // An edit after a pause longer than the publish delay, as a person's keystrokes come.
    const edit = await repeat(async () => {
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_DELAY_MS + 5));
      return insertAtTop();
    }, { runs: 20, warmups: 3 });
    // Edits back to back: each arrives within the publish delay of the previous publish.
    const burst = await repeat(insertAtTop, { runs: 20, warmups: 3 });
    const hover = await time(() => client.sendRequest('textDocument/hover', { textDocument: { uri: `${rootUri}/none.ts` }, position: { line: 0, character: 0 } }), { runs: 20, warmups: 3 });
    client.dispose();
    const { shift, full } = await inProcess(text, `// inserted\n${text}`);

    const rows: BenchRow[] = [
      {
        id: 'lsp.publish.10k',
        measure: `publish diagnostics for ${FILES * PER_FILE} findings over ${FILES} files (server side: SetFindings bytes in → last notification)`,
        unit: 'ms',
        value: publish,
        baseline: { label: `${FILES} prebuilt publishDiagnostics sent raw`, value: raw },
        goal: { on: 'value', max: 100 },
        note: 'over in-memory JSON-RPC streams in one process; from the first bytes of the SetFindings message reaching the server (it still parses the 2.5 MB message) to the last publishDiagnostics reaching the client',
      },
      {
        id: 'lsp.publish.10k.client',
        measure: '…the same, from the client starting to send (serialising the 10k findings included)',
        unit: 'ms',
        value: sample(endToEnd),
        baseline: { label: `${FILES} prebuilt publishDiagnostics sent raw`, value: raw },
      },
      {
        id: 'lsp.publish.10k.oneChanged',
        measure: `…a SetFindings of the same ${FILES * PER_FILE} findings with one finding triaged: publishDiagnostics sent`,
        unit: 'calls',
        value: sample(sentFor.slice(2)),
        goal: { on: 'value', max: 1 },
        note: `only the file whose findings changed is published again (every file, ${FILES}, before); from the client starting to send to that file's diagnostics: median ${sample(oneChanged.slice(2)).median.toFixed(1)} ms`,
      },
      {
        id: 'lsp.reanchor.1k',
        measure: `re-anchor ${BIG_FINDINGS} findings after an edit near the top of a ${BIG_LINES / 1000}k-line open file (didChange → its diagnostics)`,
        unit: 'ms',
        value: edit,
        baseline: { label: 'hover round trip', value: hover },
        goal: { on: 'value', max: 10 },
        note: `each edit comes ${PUBLISH_DELAY_MS} ms or more after the previous publish (the server's publish delay, which spaces publishes)`,
      },
      {
        id: 'lsp.reanchor.1k.burst',
        measure: '…the same edits sent back to back (each within the publish delay of the last publish)',
        unit: 'ms',
        value: burst,
        note: `gathered: at most one publish per ${PUBLISH_DELAY_MS} ms`,
      },
      {
        id: 'lsp.reanchor.1k.shift',
        measure: `…in process: moving the ${BIG_FINDINGS} findings through that edit (applyEdit)`,
        unit: 'ms',
        value: shift,
      },
      {
        id: 'lsp.reanchor.1k.full',
        measure: `…in process: full re-anchoring of the ${BIG_FINDINGS} findings against the edited text through the diff from their commit (reanchorEntries, as on open)`,
        unit: 'ms',
        value: full,
      },
    ];
    return rows;
  },
};
