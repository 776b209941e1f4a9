/** A plain JSON-RPC LSP client for tests: in-process over streams, or a spawned `revise-lsp --stdio`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, CodeLens, Diagnostic, Hover, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import type { ServerDeps } from '../../../src/server/deps';
import { startServer, type ServerHandle } from '../../../src/server/server';

interface Waiter {
  uri: string;
  predicate: (d: Diagnostic[]) => boolean;
  resolve: (d: Diagnostic[]) => void;
  reject: (error: Error) => void;
}

export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly messages: string[] = [];
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly rpc: MessageConnection,
    readonly child?: ChildProcess,
    readonly server?: ServerHandle,
  ) {
    rpc.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== params.uri || !w.predicate(params.diagnostics)) return true;
        w.resolve(params.diagnostics);
        return false;
      });
    });
    rpc.onNotification('window/logMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    rpc.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    rpc.onRequest('window/showMessageRequest', () => null);
    rpc.listen();
    child?.once('exit', (code) => {
      for (const w of this.waiters.splice(0)) w.reject(new Error(`The server exited (code ${code}) while diagnostics of ${w.uri} were awaited.`));
    });
  }

  /** The server in this process, connected through in-memory streams. */
  static inProcess(deps: ServerDeps): LspTestClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const server = startServer(connection, { publishDelayMs: 5, ...deps });
    return new LspTestClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)), undefined, server);
  }

  /** `node --import tsx src/server/main.ts --stdio` as a child process. */
  static spawnStdio(repoRoot: string, cwd: string): LspTestClient {
    // tsx is resolved from this checkout, not from the (temp) folder the server runs in.
    const tsx = pathToFileURL(require.resolve('tsx', { paths: [repoRoot] })).href;
    const child = spawn(process.execPath, ['--import', tsx, `${repoRoot}/src/server/main.ts`, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    return new LspTestClient(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)), child);
  }

  async initialize(rootUri: string, initializationOptions?: object): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.rpc.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      // In process there is no parent to watch; a spawned server watches this test process.
      processId: this.child ? process.pid : null,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'root' }],
      capabilities: {},
      ...(initializationOptions ? { initializationOptions } : {}),
    });
    await this.rpc.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next (or current) diagnostics of `uri` that satisfy `predicate`. */
  waitForDiagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const current = this.diagnostics.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => this.waiters.push({ uri, predicate, resolve, reject }));
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.rpc.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  hover(uri: string, line: number): Promise<Hover | null> {
    return this.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 0 } });
  }

  codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  /** Shut the server down and wait for a spawned one to exit. */
  async dispose(): Promise<void> {
    if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
      this.rpc.dispose();
      return;
    }
    await this.rpc.sendRequest('shutdown');
    if (this.child) {
      const exited = new Promise((resolve) => this.child!.once('exit', resolve));
      // `exit` makes the server end its process; in process it would end the test runner.
      await this.rpc.sendNotification('exit');
      await exited;
    }
    this.rpc.dispose();
  }
}
