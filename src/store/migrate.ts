/**
 * Schema migrations of `run.json`. Each entry upgrades a document from version `n` to `n + 1`.
 * A document newer than this build understands is never rewritten (see RunStore).
 */
import { RUN_SCHEMA_VERSION } from '../core/schemaVersion';

type Raw = Record<string, unknown>;

/** Upgrades from the key version to the next one. */
const migrations: Record<number, (doc: Raw) => Raw> = {
  // Version 0: documents written before `version` existed; they lacked the extra-round counter and
  // the record of GitHub posts.
  0: (doc) => ({ ...doc, version: 1, extraRounds: doc.extraRounds ?? 0, posted: doc.posted ?? {} }),
};

export type MigrationResult =
  | { kind: 'current'; doc: Raw }
  | { kind: 'migrated'; doc: Raw; from: number }
  | { kind: 'newer'; version: number }
  | { kind: 'invalid'; reason: string };

/** Bring a parsed `run.json` up to the current schema version. */
export function migrateRunDocument(input: unknown): MigrationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { kind: 'invalid', reason: 'run.json is not a JSON object' };
  }
  let doc = input as Raw;
  const declared = doc.version ?? 0;
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
    return { kind: 'invalid', reason: `run.json has an invalid version: ${JSON.stringify(declared)}` };
  }
  if (declared > RUN_SCHEMA_VERSION) return { kind: 'newer', version: declared };
  if (declared === RUN_SCHEMA_VERSION) return { kind: 'current', doc };
  for (let v = declared; v < RUN_SCHEMA_VERSION; v++) {
    const step = migrations[v];
    if (!step) return { kind: 'invalid', reason: `no migration from run.json version ${v}` };
    doc = step(doc);
  }
  return { kind: 'migrated', doc, from: declared };
}
