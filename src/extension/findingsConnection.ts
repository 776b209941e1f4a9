/**
 * The LSP side of the Revise language client, bundled apart as dist/languageClient.js (see
 * chunks.ts): vscode-languageclient and its protocol packages load only when the server starts.
 * This module is the only one that imports them; `ReviseLanguageClient` talks to it through
 * `FindingsConnection`.
 */
import * as vscode from 'vscode';
import { LanguageClient, NotificationType, RequestType, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FindingRanges, SetFindings, type FindingRange, type FindingRangesParams, type FindingRangesResult, type InitializationOptions, type NotificationDecl, type RequestDecl, type SetFindingsParams } from '../shared/protocol';

function notificationType<P>(decl: NotificationDecl<P>): NotificationType<P> {
  return new NotificationType<P>(decl.method);
}

function requestType<P, R>(decl: RequestDecl<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(decl.method);
}

const setFindings = notificationType<SetFindingsParams>(SetFindings);
const findingRanges = requestType<FindingRangesParams, FindingRangesResult>(FindingRanges);

/** A started language client, reduced to the messages Revise sends. */
export interface FindingsConnection {
  /** Replace the findings shown for a worktree. */
  setFindings(params: SetFindingsParams): Promise<void>;
  /** Where the server currently shows a run's findings. */
  ranges(runId: string): Promise<FindingRange[]>;
  /** Stop the client and the server process. */
  stop(): Promise<void>;
}

/** Start the language server (`serverModule`, node IPC) and its client; resolves once initialized. */
export async function connectFindingsServer(serverModule: string, log: vscode.LogOutputChannel): Promise<FindingsConnection> {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = { findingsFromClient: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }],
    initializationOptions,
    outputChannel: log,
  };
  const client = new LanguageClient('revise', vscode.l10n.t('Revise Findings'), serverOptions, clientOptions);
  await client.start();
  return {
    setFindings: (params) => client.sendNotification(setFindings, params),
    ranges: async (runId) => (await client.sendRequest(findingRanges, { runId })).ranges,
    stop: () => client.stop(),
  };
}
