/**
 * The Revise language server: findings as diagnostics, CodeLens, hovers and quick fixes that follow
 * edits. Findings arrive from the extension (`SetFindings`) or, in standalone mode, from the run
 * store. Everything outside the connection comes through `deps`.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, TextDocumentSyncKind, type CodeAction, type CodeActionParams, type CodeLens, type Connection, type Diagnostic, type DidChangeTextDocumentParams, type Hover, type InitializeParams, type InitializeResult, type TextDocumentItem } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FindingCommand, FindingRanges, SetFindings, type DiagnosticData, type FindingCommandArgs, type FindingRangesResult, type InitializationOptions, type RunFindings, type SetFindingsParams } from '../shared/protocol';
import type { ServerDeps } from './deps';
import { FindingIndex, type Entry } from './findingIndex';
import { Publisher } from './publisher';
import { notificationType, requestType } from './protocolTypes';
import { applyEdit, reanchorEntries } from './reanchor';
import { DIAGNOSTIC_SOURCE, toCodeActions, toCodeLenses, toDiagnostic, toHover } from './render';
import { startStandalone } from './standalone';

/** Handles a running server exposes to its host (tests, the benchmark). */
export interface ServerHandle {
  /** Resolves when every scheduled publish has been sent. */
  whenIdle(): Promise<void>;
}

/** Wire the server's handlers onto `connection` and start listening. */
export function startServer(connection: Connection, deps: ServerDeps): ServerHandle {
  const server = new FindingsServer(connection, deps);
  server.listen();
  return { whenIdle: () => server.whenIdle() };
}

/**
 * One server's state — the findings placed per file, the open documents, the client's URI for each
 * path, old file versions read for re-anchoring, the publisher — and one named handler per message.
 */
class FindingsServer {
  private readonly index = new FindingIndex();
  private readonly documents = new Map<string, TextDocument>();
  /**
   * The URI of a path: the client's spelling once it opened the file (so diagnostics go back under
   * the same spelling), else computed once (a publish of 1,000 files would convert each every time).
   */
  private readonly uris = new Map<string, string>();
  /** A file's text at a commit (by root, commit and path), read once for re-anchoring. */
  private readonly oldTexts = new Map<string, Promise<string | undefined>>();
  private readonly publisher: Publisher;
  /** The workspace folder whose run store feeds the findings, in standalone mode. */
  private standaloneFolder: string | undefined;
  private stopStandalone: (() => void) | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly deps: ServerDeps,
  ) {
    this.publisher = new Publisher(
      {
        send: (path, diagnostics) => void connection.sendDiagnostics({ uri: this.uriOf(path), diagnostics }),
        diagnostics: (path: string) => this.diagnosticsFor(path),
      },
      deps.publishDelayMs ?? 30,
    );
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.initialized());
    c.onNotification(notificationType(SetFindings), (params) => this.setFindings(params));
    c.onRequest(requestType(FindingRanges), ({ runId }) => this.findingRanges(runId));
    c.onDidOpenTextDocument(({ textDocument }) => this.opened(textDocument));
    c.onDidChangeTextDocument((params) => this.changed(params));
    c.onDidCloseTextDocument(({ textDocument }) => this.closed(textDocument.uri));
    c.onCodeLens(({ textDocument }) => this.codeLenses(textDocument.uri));
    c.onHover(({ textDocument, position }) => this.hover(textDocument.uri, position.line));
    c.onCodeAction((params) => this.codeActions(params));
    c.onExecuteCommand(({ command, arguments: args }) => this.executeCommand(command, args?.[0] as FindingCommandArgs | undefined));
    c.onShutdown(() => this.shutdown());
    c.listen();
  }

  whenIdle(): Promise<void> {
    return this.publisher.whenIdle();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (!options.findingsFromClient && this.deps.standalone && folder) this.standaloneFolder = toPath(folder);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        // Only standalone: in VS Code the extension registers these commands, and a server that
        // declared them too would make the client register duplicates.
        ...(this.standaloneFolder ? { executeCommandProvider: { commands: Object.values(FindingCommand) } } : {}),
      },
      serverInfo: { name: 'revise-lsp' },
    };
  }

  private initialized(): void {
    if (!this.standaloneFolder || !this.deps.standalone) return;
    const host = { setRoot: (root: string, runs: readonly RunFindings[]) => this.setRoot(root, runs), roots: () => this.index.roots(), log: (message: string) => this.log(message) };
    void startStandalone(this.standaloneFolder, this.deps.standalone, host).then((stop) => (this.stopStandalone = stop));
  }

  private setFindings(params: SetFindingsParams): void {
    const root = toPath(params.rootUri);
    if (root) this.setRoot(root, params.runs);
  }

  private findingRanges(runId: string): FindingRangesResult {
    return {
      ranges: this.index.byRun(runId).map((e) => ({ findingId: e.finding.id, uri: this.uriOf(e.path), line: e.line, endLine: e.endLine, outdated: e.outdated })),
    };
  }

  private opened(textDocument: TextDocumentItem): void {
    const path = toPath(textDocument.uri);
    if (!path) return;
    this.documents.set(path, TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
    this.uris.set(path, textDocument.uri);
    if (this.index.entries(path).length) void this.reanchorOpen(path);
  }

  /** Move the file's findings with each edit; a full-text replacement places them afresh. */
  private changed({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    const path = toPath(textDocument.uri);
    const doc = path ? this.documents.get(path) : undefined;
    if (!path || !doc) return;
    let entries = this.index.entries(path);
    let full = false;
    let updated = doc;
    for (const change of contentChanges) {
      updated = TextDocument.update(updated, [change], textDocument.version);
      if ('range' in change) {
        const current = updated;
        if (entries.length) entries = applyEdit(entries, change, () => current.getText());
      } else {
        full = true;
      }
    }
    this.documents.set(path, updated);
    if (!this.index.entries(path).length) return;
    this.index.replace(path, [...entries]);
    if (full) void this.reanchorOpen(path);
    else this.publisher.schedule([path]);
  }

  private closed(uri: string): void {
    const path = toPath(uri);
    if (!path) return;
    this.documents.delete(path);
    // Unsaved edits are gone with the document: place the findings against the file on disk again.
    if (this.index.entries(path).length) {
      void this.deps.readFile(path).then((text) => this.reanchor(path, () => (this.documents.has(path) ? undefined : text)));
    }
  }

  private codeLenses(uri: string): CodeLens[] {
    const path = toPath(uri);
    return path ? this.index.entries(path).flatMap(toCodeLenses) : [];
  }

  private hover(uri: string, zeroBasedLine: number): Hover | null {
    const path = toPath(uri);
    const line = zeroBasedLine + 1;
    const hits = path ? this.index.entries(path).filter((e) => e.line <= line && line <= e.endLine) : [];
    return hits.length ? toHover(hits) : null;
  }

  private codeActions({ textDocument, range, context }: CodeActionParams): CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && isDiagnosticData(d.data));
    if (ours.length) {
      return ours.flatMap((d) => {
        const { runId, findingId } = d.data as DiagnosticData;
        return toCodeActions({ runId, findingId }, d);
      });
    }
    const path = toPath(textDocument.uri);
    const hits = path ? this.index.entries(path).filter((e) => e.line - 1 <= range.end.line && range.start.line <= e.endLine - 1) : [];
    return hits.flatMap((e) => toCodeActions({ runId: e.runId, findingId: e.finding.id }, undefined));
  }

  /** Standalone only: the editor shows findings read-only, so a command names the CLI line that does it. */
  private executeCommand(command: string, target: FindingCommandArgs | undefined): void {
    if (!target) return;
    const cli: Record<string, string> = {
      [FindingCommand.dismiss]: `revise findings set --run ${target.runId} --id ${target.findingId} --status dismissed --reason "…"`,
      [FindingCommand.resolve]: `revise findings set --run ${target.runId} --id ${target.findingId} --status resolved`,
      [FindingCommand.accept]: `revise findings accept --run ${target.runId} ${target.findingId}`,
      [FindingCommand.reopen]: `revise findings reopen --run ${target.runId} ${target.findingId}`,
    };
    const hint = cli[command] ?? `revise status --run ${target.runId}`;
    void this.connection.window.showInformationMessage(`This editor shows Revise findings read-only. To act on ${target.findingId}, run: ${hint}`);
  }

  private shutdown(): void {
    this.publisher.dispose();
    this.stopStandalone?.();
  }

  private uriOf(path: string): string {
    let uri = this.uris.get(path);
    if (uri === undefined) this.uris.set(path, (uri = pathToFileURL(path).href));
    return uri;
  }

  private log(message: string): void {
    if (this.deps.log) this.deps.log(message);
    else this.connection.console.log(message);
  }

  private diagnosticsFor(path: string): Diagnostic[] {
    const doc = this.documents.get(path);
    const lineLength = doc ? (line: number) => lineLengthOf(doc, line) : undefined;
    return this.index.entries(path).map((e) => toDiagnostic(e, lineLength));
  }

  private oldText(entry: Entry, commit: string): Promise<string | undefined> {
    const relPath = entry.finding.file!;
    const key = `${entry.root}\u0000${commit}\u0000${relPath}`;
    let text = this.oldTexts.get(key);
    if (!text) {
      text = this.deps.readFileAtCommit(entry.root, commit, relPath).catch(() => undefined);
      this.oldTexts.set(key, text);
    }
    return text;
  }

  /** Place a file's findings against `text()` (the open document, or the file on disk). */
  private async reanchor(path: string, text: () => string | undefined): Promise<void> {
    const entries = this.index.entries(path);
    if (!entries.length || text() === undefined) return;
    const placed = await reanchorEntries(entries, () => text() ?? '', (entry, commit) => this.oldText(entry, commit));
    // The findings may have been replaced while old versions were read; then this result is stale.
    if (this.index.entries(path) !== entries) return;
    this.index.replace(path, placed);
    this.publisher.schedule([path]);
  }

  /** Place a file's findings against its open document. */
  private reanchorOpen(path: string): Promise<void> {
    return this.reanchor(path, () => this.documents.get(path)?.getText());
  }

  private setRoot(root: string, runs: readonly RunFindings[]): void {
    const affected = this.index.setRoot(root, runs);
    this.publisher.schedule(affected);
    for (const path of affected) {
      if (this.documents.has(path)) void this.reanchorOpen(path);
    }
  }
}

function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Length of a line without its end-of-line characters (no copy of the line: 1,000 findings per edit). */
function lineLengthOf(doc: TextDocument, line: number): number {
  if (line >= doc.lineCount) return 0;
  const text = doc.getText();
  const start = doc.offsetAt({ line, character: 0 });
  let end = line + 1 < doc.lineCount ? doc.offsetAt({ line: line + 1, character: 0 }) : text.length;
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return end - start;
}

function isDiagnosticData(data: unknown): data is DiagnosticData {
  return typeof data === 'object' && data !== null && typeof (data as DiagnosticData).runId === 'string' && typeof (data as DiagnosticData).findingId === 'string';
}

