/**
 * The listing of `revise status` without the engine, the entry of a bundle of its own
 * (dist/listing.js): the runs as the store reads them. It loads neither the engine nor zod while
 * every run.json is the text Revise wrote (the schema check loads on first use, src/store/runStore.ts), which
 * was about 30 ms of a 500-run status.
 */
import { mayNeedRecovery } from '../core/runFacts';
import { plainRepoLayout } from '../git/repoLayout';
import { RunStore, type RunListing } from '../store/runStore';

/**
 * Every run of the repository at `dir`, as `Engine.list` gives them; undefined when the engine must
 * list instead: `dir` is not plainly the top of a repository (git is asked then, see
 * src/git/repoLayout.ts), or a run may need recovery (a round or push whose process may have died, an
 * autopilot), which only the engine does. Damaged files are handled as in any listing.
 */
export async function quickListing(dir: string): Promise<RunListing | undefined> {
  const repo = plainRepoLayout(dir);
  if (!repo) return undefined;
  const listing = await new RunStore(repo.commonDir).list();
  return listing.runs.some(mayNeedRecovery) ? undefined : listing;
}
