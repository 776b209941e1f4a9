/** What the language server needs from the outside world; `nodeDeps.ts` provides the real ones. */
import type { Run } from '../core/model';

export interface Disposable {
  dispose(): void;
}

/** Read-only access to the run store, for standalone mode. */
export interface StandaloneDeps {
  /** The repository's git common dir for a folder inside it (`git rev-parse --git-common-dir`), or undefined. */
  gitCommonDir: (folder: string) => Promise<string | undefined>;
  /** The runs in `<commonDir>/revise/runs`, read without writing anything (unreadable files are skipped). */
  readRuns: (commonDir: string) => Promise<Run[]>;
  /** Call `onChange` when anything under the run store changes. */
  watchRuns: (commonDir: string, onChange: () => void) => Disposable;
}

export interface ServerDeps {
  /** The file's text on disk, or undefined when it cannot be read. */
  readFile: (path: string) => Promise<string | undefined>;
  /** The file's text at `commit` (`git show <commit>:<path>` in `root`), or undefined. */
  readFileAtCommit: (root: string, commit: string, relPath: string) => Promise<string | undefined>;
  /** Absent: standalone mode is unavailable and the server only shows what the client sends. */
  standalone?: StandaloneDeps;
  /** Least time between two publishes of diagnostics (ms): the first change after a quiet spell goes out at once, later ones are gathered. Default 30. */
  publishDelayMs?: number;
  /** Diagnostic log of the server (stderr or the client's output channel). */
  log?: (message: string) => void;
}
