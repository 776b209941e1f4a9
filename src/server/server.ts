/**
 * The Revise language server: findings as diagnostics, CodeLens, hovers and quick fixes that follow
 * edits. Findings arrive from the extension (`SetFindings`) or, in standalone mode, from the run
 * store. Everything outside the connection comes through `deps`.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, TextDocumentSyncKind, type Connection, type Diagnostic, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FindingCommand, FindingRanges, SetFindings, type DiagnosticData, type FindingCommandArgs, type InitializationOptions, type RunFindings } from '../shared/protocol';
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
  const index = new FindingIndex();
  const documents = new Map<string, TextDocument>();
  /**
   * The URI of a path: the client's spelling once it opened the file (so diagnostics go back under
   * the same spelling), else computed once (a publish of 1,000 files would convert each every time).
   */
  const uris = new Map<string, string>();
  const uriOf = (path: string): string => {
    let uri = uris.get(path);
    if (uri === undefined) uris.set(path, (uri = pathToFileURL(path).href));
    return uri;
  };
  const log = (message: string): void => (deps.log ? deps.log(message) : connection.console.log(message));
  const oldTexts = new Map<string, Promise<string | undefined>>();
  let standaloneFolder: string | undefined;
  let stopStandalone: (() => void) | undefined;

  const publisher = new Publisher(
    {
      send: (path, diagnostics) => void connection.sendDiagnostics({ uri: uriOf(path), diagnostics }),
      diagnostics: (path: string) => diagnosticsFor(path),
    },
    deps.publishDelayMs ?? 30,
  );

  function diagnosticsFor(path: string): Diagnostic[] {
    const doc = documents.get(path);
    const lineLength = doc ? (line: number) => lineLengthOf(doc, line) : undefined;
    return index.entries(path).map((e) => toDiagnostic(e, lineLength));
  }

  function oldText(entry: Entry, commit: string): Promise<string | undefined> {
    const relPath = entry.finding.file!;
    const key = `${entry.root}\u0000${commit}\u0000${relPath}`;
    let text = oldTexts.get(key);
    if (!text) {
      text = deps.readFileAtCommit(entry.root, commit, relPath).catch(() => undefined);
      oldTexts.set(key, text);
    }
    return text;
  }

  /** Place a file's findings against `text()` (the open document, or the file on disk). */
  async function reanchor(path: string, text: () => string | undefined): Promise<void> {
    const entries = index.entries(path);
    if (!entries.length || text() === undefined) return;
    const placed = await reanchorEntries(entries, () => text() ?? '', oldText);
    // The findings may have been replaced while old versions were read; then this result is stale.
    if (index.entries(path) !== entries) return;
    index.replace(path, placed);
    publisher.schedule([path]);
  }

  function setRoot(root: string, runs: readonly RunFindings[]): void {
    const affected = index.setRoot(root, runs);
    publisher.schedule(affected);
    for (const path of affected) {
      const doc = documents.get(path);
      if (doc) void reanchor(path, () => documents.get(path)?.getText());
    }
  }

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (!options.findingsFromClient && deps.standalone && folder) standaloneFolder = toPath(folder);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        // Only standalone: in VS Code the extension registers these commands, and a server that
        // declared them too would make the client register duplicates.
        ...(standaloneFolder ? { executeCommandProvider: { commands: Object.values(FindingCommand) } } : {}),
      },
      serverInfo: { name: 'revise-lsp' },
    };
  });

  connection.onInitialized(() => {
    if (standaloneFolder && deps.standalone) {
      void startStandalone(standaloneFolder, deps.standalone, { setRoot, roots: () => index.roots(), log }).then((stop) => (stopStandalone = stop));
    }
  });

  connection.onNotification(notificationType(SetFindings), (params) => {
    const root = toPath(params.rootUri);
    if (root) setRoot(root, params.runs);
  });

  connection.onRequest(requestType(FindingRanges), ({ runId }) => ({
    ranges: index.byRun(runId).map((e) => ({ findingId: e.finding.id, uri: uriOf(e.path), line: e.line, endLine: e.endLine, outdated: e.outdated })),
  }));

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const path = toPath(textDocument.uri);
    if (!path) return;
    documents.set(path, TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
    uris.set(path, textDocument.uri);
    if (index.entries(path).length) void reanchor(path, () => documents.get(path)?.getText());
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const path = toPath(textDocument.uri);
    const doc = path ? documents.get(path) : undefined;
    if (!path || !doc) return;
    let entries = index.entries(path);
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
    documents.set(path, updated);
    if (!index.entries(path).length) return;
    index.replace(path, [...entries]);
    if (full) void reanchor(path, () => documents.get(path)?.getText());
    else publisher.schedule([path]);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const path = toPath(textDocument.uri);
    if (!path) return;
    documents.delete(path);
    // Unsaved edits are gone with the document: place the findings against the file on disk again.
    if (index.entries(path).length) {
      void deps.readFile(path).then((text) => reanchor(path, () => (documents.has(path) ? undefined : text)));
    }
  });

  connection.onCodeLens(({ textDocument }) => {
    const path = toPath(textDocument.uri);
    return path ? index.entries(path).flatMap(toCodeLenses) : [];
  });

  connection.onHover(({ textDocument, position }) => {
    const path = toPath(textDocument.uri);
    const line = position.line + 1;
    const hits = path ? index.entries(path).filter((e) => e.line <= line && line <= e.endLine) : [];
    return hits.length ? toHover(hits) : null;
  });

  connection.onCodeAction(({ textDocument, range, context }) => {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && isDiagnosticData(d.data));
    if (ours.length) {
      return ours.flatMap((d) => {
        const { runId, findingId } = d.data as DiagnosticData;
        return toCodeActions({ runId, findingId }, d);
      });
    }
    const path = toPath(textDocument.uri);
    const hits = path ? index.entries(path).filter((e) => e.line - 1 <= range.end.line && range.start.line <= e.endLine - 1) : [];
    return hits.flatMap((e) => toCodeActions({ runId: e.runId, findingId: e.finding.id }, undefined));
  });

  connection.onExecuteCommand(({ command, arguments: args }) => {
    const target = args?.[0] as FindingCommandArgs | undefined;
    if (!target) return;
    const cli: Record<string, string> = {
      [FindingCommand.dismiss]: `revise findings set --run ${target.runId} --id ${target.findingId} --status dismissed --reason "…"`,
      [FindingCommand.resolve]: `revise findings set --run ${target.runId} --id ${target.findingId} --status resolved`,
      [FindingCommand.accept]: `revise findings accept --run ${target.runId} ${target.findingId}`,
      [FindingCommand.reopen]: `revise findings reopen --run ${target.runId} ${target.findingId}`,
    };
    const hint = cli[command] ?? `revise status --run ${target.runId}`;
    void connection.window.showInformationMessage(`This editor shows Revise findings read-only. To act on ${target.findingId}, run: ${hint}`);
  });

  connection.onShutdown(() => {
    publisher.dispose();
    stopStandalone?.();
  });

  connection.listen();
  return { whenIdle: () => publisher.whenIdle() };
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

