/**
 * A last-good copy of every run.json, kept outside the repository: in the user's state folder
 * (`$REVISE_STATE_HOME`, else `$XDG_STATE_HOME/revise`, else `~/.local/state/revise`; on Windows
 * `%LOCALAPPDATA%\revise`), under `last-good/<hash of the git common dir>/<runId>.json`.
 *
 * Every successful write of a run refreshes it, with a SHA-256 of the run's text beside it. When a
 * run.json is damaged (an agent overwrote it, a tool truncated it), the store loads this copy
 * instead — after checking the checksum — and keeps the damaged file aside.
 *
 * What it protects, honestly: the agent runs as the same user, so nothing here is out of its reach.
 * The copy is not in the worktree, not under `.git`, and no path to it is given to the agent; an
 * agent that clobbers or deletes what it can see of the run's state leaves this copy intact, and a
 * copy damaged or edited without its checksum is detected and not used. An agent that searches the
 * disk for it and rewrites copy and checksum together is not stopped.
 */
import { createHash, hash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stateHome } from '../core/stateHome';
import { AtomicTextFile, jsonStringChunks, textChunks } from './atomicText';
import { OffThreadCopy } from './copyWorker';

export { stateHome } from '../core/stateHome';

/** A verified copy: the text of run.json as Revise last wrote it, and when. */
export interface LastGoodCopy {
  text: string;
  savedAt: string;
  file: string;
}

interface CopyFile {
  sha256: string;
  savedAt: string;
  /** The git common dir it belongs to, for a person looking at the folder. */
  repository: string;
  text: string;
}

/** SHA-256 of a text, in hex (one-shot `hash`: no Hash object per call, which a 500-run listing made 500 of). */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** Bytes read for a copy's head: its checksum, time and repository path come before the text. */
const HEAD_BYTES = 4096;
const TEXT_KEY = ',"text":"';

/** The checksum's place in a copy being written: `{"sha256":"` is ASCII, so characters are bytes. */
const PENDING_CHECKSUM = '0'.repeat(64);
const CHECKSUM_AT = '{"sha256":"'.length;

/** A last-good copy being written: its text in order, then `commit` (or `abort`). */
export interface CopyWriter {
  write(text: string): Promise<void>;
  /** Add the checksum of the text written and flush the copy to disk, not yet in place; throws the file system's error. */
  flush(): Promise<void>;
  /** Put the copy in place (flushing it first unless done); throws the file system's error. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The last-good copies of one repository's runs. */
export class LastGoodCopies {
  readonly dir: string;

  constructor(private readonly commonDir: string, home: string = stateHome()) {
    let real = commonDir;
    try {
      real = realpathSync(commonDir);
    } catch {
      // Not there (yet): the path as given still names the repository.
    }
    this.dir = join(home, 'last-good', sha256(real).slice(0, 24));
  }

  file(runId: string): string {
    return join(this.dir, `${runId}.json`);
  }

  /**
   * Start writing the run's copy, to be given the text of run.json as it is written. The file is
   * `JSON.stringify` of a `CopyFile`, written piece by piece as the text comes: an 80 MB run is
   * never held, or escaped, as one string. The checksum leads the file (`writtenChecksum` reads it
   * from there); it is written as zeros and filled in once the text is all there, before the copy
   * is renamed into place. `offThread`: escape and write the text on a worker thread (a large
   * run, see copyWorker.ts); where no worker starts, here.
   */
  async begin(runId: string, offThread = false): Promise<CopyWriter> {
    await mkdir(this.dir, { recursive: true });
    const out = await AtomicTextFile.open(this.file(runId));
    const head: Omit<CopyFile, 'text'> = { sha256: PENDING_CHECKSUM, savedAt: new Date().toISOString(), repository: this.commonDir };
    try {
      await out.write(`${JSON.stringify(head).slice(0, -1)},"text":"`);
    } catch (error) {
      await out.abort();
      throw error;
    }
    const worker = offThread ? startWorker(out.fd) : undefined;
    const hash = createHash('sha256');
    let flushed: Promise<void> | undefined;
    const flush = (): Promise<void> =>
      (flushed ??= (async () => {
        try {
          await worker?.end();
          const digest = hash.digest('hex');
          await out.write('"}\n');
          await out.writeAt(digest, CHECKSUM_AT);
          await out.flush();
        } catch (error) {
          await worker?.abort();
          await out.abort();
          throw error;
        }
      })());
    return {
      write: async (text) => {
        for (const chunk of textChunks([text])) hash.update(chunk);
        if (worker) return worker.write(text);
        for (const escaped of jsonStringChunks([text])) await out.write(escaped);
      },
      flush,
      commit: async () => {
        await flush();
        await out.commit();
      },
      abort: async () => {
        await worker?.abort();
        await out.abort();
      },
    };
  }

  /**
   * The checksum of the text Revise last wrote for a run, read from the head of its copy without
   * reading the copy's text; undefined when there is no copy or its head does not parse. A run.json
   * whose text has this checksum is the text Revise validated and wrote (see RunStore's listing).
   */
  writtenChecksum(runId: string): string | undefined {
    let head: string;
    try {
      const fd = openSync(this.file(runId), 'r');
      try {
        const buffer = Buffer.alloc(HEAD_BYTES);
        head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
    const end = head.indexOf(TEXT_KEY);
    if (end < 0) return undefined;
    try {
      const parsed = JSON.parse(`${head.slice(0, end)}}`) as Partial<CopyFile>;
      return typeof parsed.sha256 === 'string' ? parsed.sha256 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The verified copy of a run, or why there is none usable: `missing`, or `damaged` when the file
   * does not parse or its checksum does not match its text.
   */
  read(runId: string): { kind: 'copy'; copy: LastGoodCopy } | { kind: 'missing' } | { kind: 'damaged'; reason: string } {
    const file = this.file(runId);
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      return { kind: 'missing' };
    }
    let parsed: Partial<CopyFile>;
    try {
      parsed = JSON.parse(raw) as Partial<CopyFile>;
    } catch {
      return { kind: 'damaged', reason: `${file} is not valid JSON` };
    }
    if (typeof parsed.text !== 'string' || typeof parsed.sha256 !== 'string') return { kind: 'damaged', reason: `${file} lacks its text or checksum` };
    if (sha256(parsed.text) !== parsed.sha256) return { kind: 'damaged', reason: `${file} does not match its checksum` };
    return { kind: 'copy', copy: { text: parsed.text, savedAt: typeof parsed.savedAt === 'string' ? parsed.savedAt : 'unknown', file } };
  }
}

/** A worker for the copy's text, or undefined when none starts (the text is then escaped and written in this thread). */
function startWorker(fd: number): OffThreadCopy | undefined {
  try {
    return new OffThreadCopy(fd);
  } catch {
    return undefined;
  }
}
