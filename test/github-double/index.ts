/** A schema-checked local GitHub for tests (see server.ts and ERRATA.md). */
export { GitHubDouble } from './server';
export { fakeSha, type DPull, type DRepo, type DThread, type DIssue, type DReview, type ThreadSeed } from './state';
export type { Fault, FaultKind } from './faults';
