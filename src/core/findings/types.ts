/** Shapes shared by the finding importers. */
import type { Finding } from '../model';

/**
 * A finding as an importer produces it: everything but the run-level fields (`id`, `status`,
 * `include`, `createdAt`), which `mergeImported` assigns. `suggestedId` is the id the review used
 * (`B1`, `N3`), kept when it is free in the run.
 */
export type FindingDraft = Omit<Finding, 'id' | 'status' | 'include' | 'createdAt'> & { suggestedId?: string };

/** Options every parser takes. */
export interface ParseOptions {
  /** Recorded as `source.origin`: the file the review came from, or a URL. */
  origin?: string;
  /**
   * Absolute path of the worktree. Only used to turn absolute `file://` URIs that point inside it
   * (as some SARIF producers write) into worktree-relative paths; anything else absolute is kept
   * as written and refused later by `locateFinding`.
   */
  root?: string;
}

/** The formats `detectFormat` recognises. */
export type ReviewFormat = 'markdown' | 'sarif' | 'json';
