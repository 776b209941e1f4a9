/** Typed message objects of this side's vscode-jsonrpc from the shared protocol declarations. */
import { NotificationType, RequestType } from 'vscode-languageserver';
import type { NotificationDecl, RequestDecl } from '../shared/protocol';

export function notificationType<P>(decl: NotificationDecl<P>): NotificationType<P> {
  return new NotificationType<P>(decl.method);
}

export function requestType<P, R>(decl: RequestDecl<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(decl.method);
}
