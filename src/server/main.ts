/**
 * `revise-lsp`: the Revise language server. `--stdio` for other editors (standalone mode reads the
 * run store of the workspace's repository), `--node-ipc` when the VS Code extension starts it.
 * `createConnection` picks the transport from those arguments.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeDeps } from './nodeDeps';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection, nodeDeps((message) => connection.console.log(message)));
