/** Mocha wiring for engine suites: a fresh remote fixture and an engine opened on its user checkout, per test. */
import { Engine } from '../../src/engine';
import { useRemoteFixture, type RemoteFixture } from './gitFixture';

export function useEngineFixture(onEach: (made: { fx: RemoteFixture; engine: Engine }) => void, extraBase: Record<string, string | Buffer> = {}): void {
  let fx: RemoteFixture | undefined;
  let engine: Engine | undefined;
  useRemoteFixture((made) => (fx = made), extraBase);
  beforeEach(async () => {
    engine = await Engine.open(fx!.user);
    onEach({ fx: fx!, engine });
  });
  afterEach(() => engine?.dispose());
}
