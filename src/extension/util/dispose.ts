/** Disposal helpers: a base class that owns what it registers, disposed in reverse order. */
import type * as vscode from 'vscode';

/** Something that can be disposed (a VS Code disposable or an engine subscription). */
export interface IDisposable {
  dispose(): void;
}

/** Base class for long-lived objects: everything passed to `_register` is disposed with it. */
export abstract class Disposable implements vscode.Disposable {
  private _disposed = false;
  private readonly _disposables: IDisposable[] = [];

  /** Whether `dispose()` ran. */
  protected get isDisposed(): boolean {
    return this._disposed;
  }

  /** Keep `value` until this object is disposed (disposes it at once if that already happened). */
  protected _register<T extends IDisposable>(value: T): T {
    if (this._disposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    disposeAll(this._disposables);
  }
}

/** Dispose every item, newest first; one failing dispose does not stop the others. */
export function disposeAll(items: IDisposable[]): void {
  while (items.length > 0) {
    const item = items.pop();
    try {
      item?.dispose();
    } catch (error) {
      console.error('revise: dispose failed', error);
    }
  }
}
