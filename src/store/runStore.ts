/**
 * Run persistence: `<git-common-dir>/revise/runs/<runId>/run.json`, shared by every worktree of the
 * repository. Writes are temp-file + rename (write-file-atomic) under a per-run lock that also
 * holds across processes (proper-lockfile), so the extension and the CLI can write the same run at
 * once without a lost update or a torn file. Every load is validated against the schema (but for a
 * text with the checksum Revise recorded when it validated and wrote it, see `writtenByRevise`); a corrupt
 * file is moved aside and reported while the other runs still load — and replaced by the run's
 * last-good copy when one verifies (see lastGood.ts). Only lock contention is waited out; a full
 * disk, a read-only file system or missing permissions fail at once with their cause (ioFailure.ts),
 * and a run that cannot be read is reported in the listing instead of failing it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
// Loaded with the store, never on first use: it brings signal-exit, which re-raises SIGINT/SIGTERM
// when it counts no listener but its own, and loaded after a command's Ctrl-C handler it miscounts,
// so `revise round` died on Ctrl-C instead of cancelling the round (the real-agent tests saw it).
import writeFileAtomic from 'write-file-atomic';
import { StoreError } from '../core/errors';
import type { Run } from '../core/model';
import type * as RunDocument from './runDocument';
import { RUN_SCHEMA_VERSION } from '../core/schemaVersion';
import { AtomicTextFile, batched } from './atomicText';
import { storeIoError } from './ioFailure';
import { LastGoodCopies, sha256, type CopyWriter } from './lastGood';
import { migrateRunDocument } from './migrate';
import { lockRunDir } from './runLock';

/**
 * The schema check and run.json's text (runDocument.ts, which builds the zod schemas), loaded on
 * first use: listing runs whose files are the texts Revise wrote needs neither, and `revise status`
 * then loads no zod at all (src/engine/listing.ts).
 */
function runDocument(): typeof RunDocument {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./runDocument') as typeof RunDocument;
}

/** A run.json that could not be loaded and was moved aside (or, when newer, left in place). */
export interface QuarantinedFile {
  runId: string;
  /** Where the unreadable file now is. */
  file: string;
  reason: string;
}

/** A run.json written by a newer Revise: read-only for this build. */
export interface NewerRun {
  runId: string;
  version: number;
  file: string;
}

/**
 * Something a listing must say about a run besides its state: `restored` — its run.json was damaged
 * and the last-good copy was loaded (the damaged file kept aside); `unreadable` — its file could not
 * be read (permissions, I/O), the run is left out; `not-saved` — a change could not be written.
 */
export interface StoreNotice {
  runId: string;
  kind: 'restored' | 'unreadable' | 'not-saved';
  message: string;
  /** The file it is about (the damaged copy kept aside, the unreadable file). */
  file?: string;
}

export interface RunListing {
  runs: Run[];
  quarantined: QuarantinedFile[];
  newer: NewerRun[];
  notices: StoreNotice[];
}

type Mutator = (run: Run) => Run | void;

const RUN_FILE = 'run.json';
/** Characters per write: small enough that each batch, and its escaped form for the copy, dies young (see runDocument.ts). */
const WRITE_BATCH = 64 * 1024;
/** Findings from which the last-good copy is hashed and escaped on a worker thread (~16 MB of text; see copyWorker.ts). */
const OFF_THREAD_FINDINGS = 20_000;
/** Beside a run whose run.json was replaced by its last-good copy; the listing reports it until deleted. */
const RESTORED_NOTE = 'RESTORED.txt';

export class RunStore {
  /** `<commonDir>/revise/runs` */
  readonly root: string;
  /** The last-good copies of this repository's runs, outside the repository. */
  readonly lastGood: LastGoodCopies;
  /** Runs whose copy this process failed to refresh on its last write (so it may be older than run.json). */
  private readonly staleCopies = new Set<string>();

  constructor(readonly commonDir: string) {
    this.root = join(commonDir, 'revise', 'runs');
    this.lastGood = new LastGoodCopies(commonDir);
  }

  /** The folder that holds a run's files (prompts, logs). */
  runDir(runId: string): string {
    return join(this.root, runId);
  }

  private runFile(runId: string): string {
    return join(this.runDir(runId), RUN_FILE);
  }

  /**
   * All runs, newest first. Unreadable files are quarantined and listed, never fatal.
   *
   * The files are read synchronously: a listing reads many small files, and each asynchronous read
   * costs four thread-pool round trips (open, stat, read, close) that took three times as long as the
   * reads themselves (500 runs: ~55 ms against ~15 ms), while the main thread waited anyway.
   */
  async list(): Promise<RunListing> {
    const listing: RunListing = { runs: [], quarantined: [], newer: [], notices: [] };
    let ids: string[];
    try {
      ids = (await readdir(this.root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return listing;
      throw storeIoError(`Could not list runs in ${this.root}`, error, this.root);
    }
    for (const id of ids) {
      let result: LoadResult;
      try {
        result = await this.settle(id, this.readSync(id), false);
      } catch (error) {
        // One unreadable run (permissions, I/O) is reported; the others still list.
        listing.notices.push({ runId: id, kind: 'unreadable', message: (error as Error).message, file: this.runFile(id) });
        continue;
      }
      if (result.kind === 'run') listing.runs.push(result.run);
      else if (result.kind === 'quarantined') listing.quarantined.push(result.file);
      else if (result.kind === 'newer') listing.newer.push(result.newer);
      const restored = result.kind === 'run' ? this.restoredNotice(id) : undefined;
      if (restored) listing.notices.push(restored);
    }
    listing.runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return listing;
  }

  /** One run; `run-not-found` if absent, `store-newer-version` / `store-corrupt` if unreadable. */
  async get(runId: string): Promise<Run> {
    return this.read(runId, false);
  }

  private async read(runId: string, locked: boolean): Promise<Run> {
    return (await this.readLoaded(runId, locked)).run;
  }

  /** A run with the text of its file (see `Loaded`), or the error `get` throws. */
  private async readLoaded(runId: string, locked: boolean): Promise<Loaded> {
    const result = await this.settle(runId, this.readSync(runId), locked);
    switch (result.kind) {
      case 'run':
        return result;
      case 'missing':
        throw new StoreError('run-not-found', `No run "${runId}" in ${this.root}.`, { details: { runId } });
      case 'newer':
        throw newerError(result.newer);
      case 'quarantined':
        throw new StoreError('store-corrupt', `run.json of "${runId}" was unreadable (${result.file.reason}); it was moved to ${result.file.file}.`);
    }
  }

  /** Write a new run; fails if the id is taken. */
  async create(run: Run): Promise<Run> {
    const valid = validate(run);
    const dir = this.runDir(run.id);
    try {
      await mkdir(this.root, { recursive: true });
      await mkdir(dir);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) throw new StoreError('bad-input', `A run with id "${run.id}" already exists.`);
      throw storeIoError(`Could not create the run folder ${dir}`, error, dir);
    }
    await this.withLock(run.id, () => this.write(valid));
    return valid;
  }

  /**
   * Read-modify-write under the run's lock: the mutator sees the latest state on disk, and its result
   * is validated and written atomically before the lock is released. Returns the written run.
   */
  async update(runId: string, mutate: Mutator): Promise<Run> {
    return this.withLock(runId, async () => {
      // Decided in a plain function: the file's text and the unvalidated draft are garbage before the write.
      const { run, write } = changed(runId, await this.readLoaded(runId, true), mutate);
      if (write) await this.write(run);
      return run;
    });
  }

  /** Write an auxiliary file (prompt, findings snapshot) into the run folder; returns its path. */
  async writeRunFile(runId: string, name: string, content: string): Promise<string> {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new StoreError('bad-input', `Bad run file name "${name}".`);
    const file = join(this.runDir(runId), name);
    try {
      await writeFileAtomic(file, content);
    } catch (error) {
      throw storeIoError(`Could not write ${file}`, error, file);
    }
    return file;
  }

  /**
   * Write run.json and refresh the last-good copy in one pass over the run's text, piece by piece
   * (see runDocument.ts): run.json is renamed into place first, then the copy.
   */
  private async write(run: Run): Promise<void> {
    const file = this.runFile(run.id);
    // A copy that cannot be written (its folder unwritable) only leaves an older one; run.json is written regardless.
    let copy: CopyWriter | undefined = await this.lastGood.begin(run.id, run.findings.length >= OFF_THREAD_FINDINGS).catch(() => undefined);
    const toCopy = async (text: string): Promise<void> => {
      await copy?.write(text).catch(async () => {
        await copy?.abort();
        copy = undefined;
      });
    };
    let out: AtomicTextFile | undefined;
    let copyFlushed = Promise.resolve(false);
    try {
      out = await AtomicTextFile.open(file);
      const target = out;
      // Each batch goes to both files at once, and the next is made while they are written: the
      // disk's time overlaps the text's (one write in flight per file, so each stays in order).
      let writing: Promise<unknown> = Promise.resolve();
      for (const text of batched(runDocument().runTextPieces(run), WRITE_BATCH)) {
        await writing;
        writing = Promise.all([target.write(text), toCopy(text)]);
      }
      await writing;
      // Both files are flushed to disk at once; run.json is still put in place first, then the copy.
      const finishing = copy;
      if (finishing) copyFlushed = finishing.flush().then(() => true, () => false);
      await out.commit();
    } catch (error) {
      await out?.abort();
      await copyFlushed;
      await copy?.abort();
      throw storeIoError(`Could not write ${file}`, error, file);
    }
    // The run is written; a copy that cannot be refreshed leaves an older one (a failed flush removed it).
    const saved = copy && (await copyFlushed) ? await copy.commit().then(() => true, () => false) : false;
    if (saved) this.staleCopies.delete(run.id);
    else this.staleCopies.add(run.id);
  }

  /**
   * Under the run's lock: put back Revise's own last state when run.json was changed outside Revise
   * since Revise last wrote it (its text differs from the verified last-good copy) — garbage, a
   * fake newer version or a well-formed edit alike. The edited file is kept aside. Returns where,
   * or undefined when nothing was changed (or there is no copy to compare with, or this process
   * could not refresh the copy on its last write, so the copy may be older than the file).
   */
  async undoOutsideEdit(runId: string): Promise<string | undefined> {
    return this.withLock(runId, async () => {
      if (this.staleCopies.has(runId)) return undefined;
      const text = this.readSync(runId);
      const found = this.lastGood.read(runId);
      if (text === undefined || found.kind !== 'copy' || found.copy.text === text) return undefined;
      return (await this.restoreLastGood(runId, 'changed outside Revise'))?.keptAt;
    });
  }

  private async withLock<T>(runId: string, body: () => Promise<T>): Promise<T> {
    const dir = this.runDir(runId);
    // proper-lockfile retries every failure, so a missing run would spin through all retries.
    if (!(await exists(dir))) throw new StoreError('run-not-found', `No run "${runId}" in ${this.root}.`, { details: { runId } });
    let release: () => Promise<void>;
    try {
      release = await lockRunDir(dir);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new StoreError('run-not-found', `No run "${runId}" in ${this.root}.`);
      if (isErrno(error, 'ELOCKED')) throw new StoreError('store-locked', `Run "${runId}" is locked by another Revise process; try again in a moment.`, { cause: error });
      throw storeIoError(`Could not lock run "${runId}"`, error, join(dir, 'run.lock'));
    }
    try {
      return await body();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** The text of a run's file, or `undefined` when there is none (read synchronously: see `list`). */
  private readSync(runId: string): string | undefined {
    const file = this.runFile(runId);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
      throw storeIoError(`Could not read ${file}`, error, file);
    }
  }

  /**
   * What a run's file text (or its absence) amounts to. A damaged or missing run.json of an existing
   * run folder is replaced by the verified last-good copy; without one, a damaged file is quarantined.
   * `locked`: the caller holds the run's lock (the restore takes it otherwise).
   */
  private async settle(runId: string, text: string | undefined, locked: boolean): Promise<LoadResult> {
    const decoded = this.usable(runId, text);
    if (decoded?.kind === 'run' || decoded?.kind === 'newer') return decoded;
    const reason = decoded?.reason ?? 'run.json is missing';
    if (this.lastGood.read(runId).kind === 'copy' && existsSync(this.runDir(runId))) {
      const restored = locked ? await this.restoreLastGood(runId, reason) : await this.withLock(runId, () => this.settleLocked(runId, reason));
      if (restored) return restored;
    }
    if (decoded === undefined) return (await this.earlierQuarantine(runId)) ?? { kind: 'missing' };
    return this.quarantine(runId, decoded.reason);
  }

  /** Under the lock: another process may have repaired or rewritten the file since it was read. */
  private async settleLocked(runId: string, reason: string): Promise<LoadResult | undefined> {
    const decoded = this.usable(runId, this.readSync(runId));
    if (decoded?.kind === 'run' || decoded?.kind === 'newer') return decoded;
    return this.restoreLastGood(runId, decoded?.reason ?? reason);
  }

  /** A file's text decoded: a run, a run from a newer Revise, why it is unusable, or undefined when there is no file. */
  private usable(runId: string, text: string | undefined): Extract<LoadResult, { kind: 'run' | 'newer' }> | { kind: 'invalid'; reason: string } | undefined {
    const decoded = text === undefined ? undefined : decodeRun(text, this.writtenByRevise(runId, text));
    if (decoded?.kind === 'newer') return { kind: 'newer', newer: { runId, version: decoded.version, file: this.runFile(runId) } };
    return decoded;
  }

  /**
   * Whether `text` is the very text Revise validated and last wrote as this run's file: its checksum
   * is the one kept with the last-good copy. Such a text needs no second schema check on load (the
   * check is most of a listing's time: 500 runs × 20 findings, ~70 ms of ~115 ms); any other text —
   * edited, damaged, written before the copy existed — is checked in full.
   */
  private writtenByRevise(runId: string, text: string): boolean {
    const written = this.lastGood.writtenChecksum(runId);
    return written !== undefined && written === sha256(text);
  }

  /**
   * Put the verified last-good copy back as run.json, the damaged file moved aside and the swap
   * written down in RESTORED.txt. Undefined when no copy verifies or it is not this run. When
   * run.json cannot be written (a read-only disk), the copy is still returned: the run stays readable.
   */
  private async restoreLastGood(runId: string, reason: string): Promise<(Loaded & { keptAt: string }) | undefined> {
    const found = this.lastGood.read(runId);
    if (found.kind !== 'copy') return undefined;
    const decoded = decodeRun(found.copy.text);
    if (decoded.kind !== 'run' || decoded.run.id !== runId) return undefined;
    const file = this.runFile(runId);
    let keptAt = 'nowhere (there was no file)';
    if (existsSync(file)) {
      const moved = await this.quarantine(runId, `${reason}; replaced by the last-good copy`);
      keptAt = moved.kind === 'quarantined' ? moved.file.file : keptAt;
    }
    try {
      await writeFileAtomic(file, found.copy.text);
      const note = `${new Date().toISOString()} restored run.json from the last-good copy saved at ${found.copy.savedAt} (${found.copy.file}): ${reason}; the damaged file is kept at ${keptAt}. Delete this note once you have looked.\n`;
      await writeFile(join(this.runDir(runId), RESTORED_NOTE), note, { flag: 'a' });
    } catch {
      // Not writable now: the run is served from the copy, and restored on a later load.
    }
    return { ...decoded, keptAt };
  }

  /** The listing's notice for a run restored from its last-good copy, while its note is there. */
  private restoredNotice(runId: string): StoreNotice | undefined {
    const note = join(this.runDir(runId), RESTORED_NOTE);
    if (!existsSync(note)) return undefined;
    let text = '';
    try {
      text = readFileSync(note, 'utf8');
    } catch {
      // Unreadable note: still say that it happened.
    }
    const last = text.split('\n').filter(Boolean).at(-1) ?? 'restored run.json from its last-good copy';
    const kept = /the damaged file is kept at (.+?)\. Delete/.exec(last)?.[1];
    return { runId, kind: 'restored', message: `${last.replace(/^\S+ /, '')} (note: ${note})`, ...(kept && isAbsolute(kept) ? { file: kept } : {}) };
  }

  /**
   * A run whose run.json was moved aside by an earlier load stays reported (in every listing, and
   * by `get`) until the user restores or deletes the file, instead of silently vanishing.
   */
  private async earlierQuarantine(runId: string): Promise<LoadResult | undefined> {
    const dir = this.runDir(runId);
    const moved = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith(`${RUN_FILE}.corrupt-`)).sort();
    const latest = moved.at(-1);
    if (!latest) return undefined;
    const notes = await readFile(join(dir, 'QUARANTINED.txt'), 'utf8').catch(() => '');
    const marker = `${latest}: `;
    const note = notes.split('\n').filter((line) => line.includes(marker)).at(-1);
    const reason = note?.slice(note.indexOf(marker) + marker.length) || 'unreadable';
    return { kind: 'quarantined', file: { runId, file: join(dir, latest), reason } };
  }

  private async quarantine(runId: string, reason: string): Promise<LoadResult> {
    const from = this.runFile(runId);
    const to = `${from}.corrupt-${Date.now()}`;
    let moved = false;
    try {
      // Re-check under rename: another process may have just quarantined or rewritten it.
      await stat(from);
      await rename(from, to);
      moved = true;
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) return { kind: 'quarantined', file: { runId, file: from, reason: `${reason} (could not move it aside: ${(error as Error).message})` } };
    }
    // A rename needs no room; the note does. On a full disk the file is still moved, only unnoted.
    if (moved) await writeFile(join(this.runDir(runId), 'QUARANTINED.txt'), `${new Date().toISOString()} moved run.json to ${to}: ${reason}\n`, { flag: 'a' }).catch(() => undefined);
    return { kind: 'quarantined', file: { runId, file: to, reason } };
  }
}

/** A run as loaded: its file's text and whether that was migrated from an older schema. */
interface Loaded {
  kind: 'run';
  run: Run;
  text: string;
  migrated: boolean;
}

type LoadResult =
  | Loaded
  | { kind: 'missing' }
  | { kind: 'newer'; newer: NewerRun }
  | { kind: 'quarantined'; file: QuarantinedFile };

type Decoded = Loaded | { kind: 'newer'; version: number } | { kind: 'invalid'; reason: string };

/**
 * Parse, migrate and validate the text of a run.json. `writtenByRevise`: the text is the one Revise
 * validated and wrote (see `RunStore.writtenByRevise`); in the current schema it is a run as it is.
 */
function decodeRun(text: string, writtenByRevise = false): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: `not valid JSON: ${(error as Error).message}` };
  }
  const migrated = migrateRunDocument(parsed);
  if (migrated.kind === 'newer' || migrated.kind === 'invalid') return migrated;
  if (writtenByRevise && migrated.kind === 'current') return { kind: 'run', run: migrated.doc as Run, text, migrated: false };
  const result = runDocument().validateRun(migrated.doc, true);
  if (!result.success) return { kind: 'invalid', reason: `does not match the run schema at ${firstIssue(result.error)}` };
  return { kind: 'run', run: result.data, text, migrated: migrated.kind === 'migrated' };
}

/**
 * What an update writes: the mutated run, validated, and whether it changed (a no-op, e.g.
 * approving an approved run, leaves the file and its updatedAt alone). The draft was parsed for
 * this update alone, so the mutator may change it in place.
 */
function changed(runId: string, loaded: Loaded, mutate: Mutator): { run: Run; write: boolean } {
  // A file in an older schema is not in the form Revise writes; its own form is kept to tell a no-op.
  const original = loaded.migrated ? JSON.stringify(loaded.run) : undefined;
  const next = validate(mutate(loaded.run) ?? loaded.run, true);
  if (next.id !== runId) throw new StoreError('bad-input', `A run's id cannot change (${runId} → ${next.id}).`);
  // The text Revise would write is compared with the file's own piece by piece: no second copy of a 100,000-finding run.
  const { isTextOf, runTextPieces } = runDocument();
  if (isTextOf(loaded.text, runTextPieces(next)) || (original !== undefined && JSON.stringify(next) === original)) return { run: next, write: false };
  next.updatedAt = new Date().toISOString();
  return { run: next, write: true };
}

/** Where and why a run failed its schema, from the first issue zod reports. */
function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/** The run validated (see `validateRun`; `owned`: the caller hands it over). */
function validate(run: Run, owned = false): Run {
  const result = runDocument().validateRun(run, owned);
  if (!result.success) throw new StoreError('bad-input', `Refusing to write an invalid run (${firstIssue(result.error)}).`);
  return result.data;
}

function newerError(newer: NewerRun): StoreError {
  return new StoreError(
    'store-newer-version',
    `Run "${newer.runId}" was written by a newer Revise (schema version ${newer.version}; this build understands ${RUN_SCHEMA_VERSION}). It is shown read-only and will not be modified; update Revise to change it.`,
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
