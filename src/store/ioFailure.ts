/**
 * What a failed file operation of the run store means. Contention (a lock held by another Revise
 * process) heals by waiting; a full disk, a read-only file system or missing permissions do not, so
 * they fail at once with their cause and a next step instead of being retried for a minute.
 */
import { StoreError } from '../core/errors';

/** Why a store operation failed, as the `cause` in a `store-io` error's details. */
export type StoreIoCause = 'disk-full' | 'read-only' | 'permission' | 'other';

const CAUSES: Readonly<Record<string, StoreIoCause>> = {
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  EROFS: 'read-only',
  EACCES: 'permission',
  EPERM: 'permission',
};

const NEXT_STEP: Readonly<Record<StoreIoCause, string>> = {
  'disk-full': 'The disk (or your quota) is full: free some space and try again. Nothing was lost; the run is as it was before this step.',
  'read-only': 'The file system is read-only: remount it read-write (or move the repository) and try again.',
  permission: 'Permission denied: make the folder and its files writable by you again (files created by another user or by sudo are a common cause) and try again.',
  other: 'Check the folder and the disk, then try again.',
};

/** The errno of a failed file operation, if any. */
export function errnoOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The cause an errno stands for; `other` for anything that might heal or is not about the disk. */
export function ioCause(error: unknown): StoreIoCause {
  return CAUSES[errnoOf(error) ?? ''] ?? 'other';
}

/** Whether waiting cannot fix it (full disk, read-only file system, permissions). */
export function cannotHeal(error: unknown): boolean {
  return ioCause(error) !== 'other';
}

/** A `store-io` error naming the cause and the next step; details carry `cause`, `errno` and `path`. */
export function storeIoError(what: string, error: unknown, path: string): StoreError {
  const cause = ioCause(error);
  const errno = errnoOf(error);
  return new StoreError('store-io', `${what}: ${(error as Error)?.message ?? String(error)}. ${NEXT_STEP[cause]}`, {
    cause: error,
    details: { cause, path, ...(errno ? { errno } : {}) },
  });
}
