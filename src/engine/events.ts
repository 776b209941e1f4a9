/** A minimal typed event emitter, so the engine stays free of `vscode` and of Node's untyped EventEmitter. */

export interface Subscription {
  dispose(): void;
}

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Subscribe; the returned subscription removes the listener. */
  readonly event = (listener: (value: T) => void): Subscription => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A failing listener must not stop the engine or the other listeners.
        console.error('revise: event listener failed', error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
