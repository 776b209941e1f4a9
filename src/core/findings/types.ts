/** Shapes shared by the finding importers. */
import type { Finding, FindingSourceKind } from '../model';

/**
 * A finding as an importer produces it: everything but the run-level fields (`id`, `status`,
 * `include`, `createdAt`), which `mergeImported` assigns. `suggestedId` is the id the review used
 * (`B1`, `N3`), kept when it is free in the run. `offset` is a place given only as a character
 * offset (SARIF `charOffset`, or `byteOffset` in UTF-8 bytes): `locateFinding` turns it into lines
 * and columns from the file's content and removes it.
 */
export type FindingDraft = Omit<Finding, 'id' | 'status' | 'include' | 'createdAt' | 'goneSince' | 'verification'> & {
  suggestedId?: string;
  offset?: { unit: 'char' | 'byte'; start: number; length?: number };
};

/** Options every parser takes. */
export interface ParseOptions {
  /** Recorded as `source.origin`: the file the review came from, or a URL. */
  origin?: string;
  /**
   * Absolute path of the worktree. Absolute paths and `file://` URIs inside it (as many SARIF
   * producers write) become worktree-relative; see `roots` for the repository's other checkouts.
   */
  root?: string;
  /**
   * Absolute paths of every checkout of the repository (the user's, other worktrees): a path inside
   * any of them is the same repository file, so it is made relative to that checkout. Anything
   * else absolute is kept as written and refused later by `locateFinding`.
   */
  roots?: readonly string[];
}

/** The formats `detectFormat` recognises. */
export type ReviewFormat = 'markdown' | 'sarif' | 'json';

/**
 * A producer whose import is its complete, current report (a SARIF run of that tool): findings it
 * reported before and no longer reports are marked gone, and its findings move to their new lines.
 */
export interface ImportScope {
  kind: FindingSourceKind;
  author: string;
}

/** What a review file held besides its findings: results not imported, and why. */
export interface ReviewSkips {
  /** Results with an accepted suppression (`// eslint-disable-next-line`, `# nosemgrep`, SARIF `suppressions`). */
  suppressed: number;
  /** Results whose `baselineState` is `absent` (reported before, gone now). */
  absent: number;
  /** Results whose `kind` says they are not a problem (`pass`, `notApplicable`, `informational`). */
  notFindings: number;
}

/** A parsed review: the drafts, the producers it covers completely, what it skipped and log-level warnings. */
export interface ReviewImport {
  format: ReviewFormat;
  drafts: FindingDraft[];
  scopes: ImportScope[];
  skipped: ReviewSkips;
  /** Warnings about the file as a whole (e.g. a run whose tool has no name). */
  warnings: string[];
}

/** No skips. */
export function noSkips(): ReviewSkips {
  return { suppressed: 0, absent: 0, notFindings: 0 };
}
