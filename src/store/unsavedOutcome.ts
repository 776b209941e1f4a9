/**
 * How a round ended when run.json could not be written (the disk full, or read-only). Without this
 * the round stays `running` on disk, and once its process is gone it would be reported as a window
 * reload, crash or reboot. A note beside the run says what really happened, and recovery reads it.
 *
 * A full disk has no room for a new file, so the note's space is claimed when the round starts:
 * `round-<n>.outcome` is written then, full of spaces, and overwritten in place (no new blocks) when
 * needed. When the run folder cannot be written at all (read-only), the note goes to the per-user
 * state folder instead (see lastGood.ts), which is often on another file system.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { storeIoError } from './ioFailure';
import { stateHome } from './lastGood';

/** What the note records. */
export interface UnsavedOutcome {
  /** When the round ended. */
  at: string;
  /** The process that ran the round. */
  ownerPid: number;
  /** The agent's exit code, when it ran. */
  exitCode?: number | null;
  /** The worktree's head after the round, when known. */
  headAfter?: string | null;
  /** Why the run could not be written (names the cause and the next step). */
  storeError: string;
  /** The round's own failure, if it failed before the write. */
  roundError?: string;
}

const RESERVED_BYTES = 4096;

function noteName(index: number): string {
  return `round-${index}.outcome`;
}

function fallbackFile(runDir: string, index: number): string {
  const key = createHash('sha256').update(runDir).digest('hex').slice(0, 24);
  return join(stateHome(), 'unsaved', `${key}-${noteName(index)}`);
}

/** Claim the note's space in the run folder before the round runs. Throws `store-io` naming the cause. */
export function reserveOutcomeNote(runDir: string, index: number): void {
  const file = join(runDir, noteName(index));
  try {
    writeFileSync(file, ' '.repeat(RESERVED_BYTES));
  } catch (error) {
    throw storeIoError(`Could not prepare round ${index} in ${runDir}`, error, file);
  }
}

/** Write the note: in place over the reserved space, else in the state folder. Best effort; returns where it went. */
export function recordUnsavedOutcome(runDir: string, index: number, outcome: UnsavedOutcome): string | undefined {
  let text = JSON.stringify(outcome);
  if (Buffer.byteLength(text) > RESERVED_BYTES) text = JSON.stringify({ ...outcome, storeError: outcome.storeError.slice(0, 1500), roundError: outcome.roundError?.slice(0, 1500) });
  const inPlace = join(runDir, noteName(index));
  try {
    const fd = openSync(inPlace, 'r+');
    try {
      writeSync(fd, text.padEnd(RESERVED_BYTES, ' '), 0);
    } finally {
      closeSync(fd);
    }
    return inPlace;
  } catch {
    // Read-only, or the space was never reserved: try the state folder.
  }
  const elsewhere = fallbackFile(runDir, index);
  try {
    mkdirSync(join(elsewhere, '..'), { recursive: true });
    writeFileSync(elsewhere, text);
    return elsewhere;
  } catch {
    return undefined;
  }
}

/** The note of a round, if one was written (a reserved, still blank note is none). */
export function readUnsavedOutcome(runDir: string, index: number): UnsavedOutcome | undefined {
  for (const file of [join(runDir, noteName(index)), fallbackFile(runDir, index)]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      continue;
    }
    if (!text) continue;
    try {
      const parsed = JSON.parse(text) as Partial<UnsavedOutcome>;
      if (typeof parsed.at === 'string' && typeof parsed.storeError === 'string' && typeof parsed.ownerPid === 'number') return parsed as UnsavedOutcome;
    } catch {
      // A damaged note says nothing reliable.
    }
  }
  return undefined;
}

/** Remove a round's note (once its outcome is in run.json, or the round was saved normally). */
export function clearOutcomeNote(runDir: string, index: number): void {
  for (const file of [join(runDir, noteName(index)), fallbackFile(runDir, index)]) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Left behind: a note of a round that is no longer `running` is never read.
    }
  }
}
