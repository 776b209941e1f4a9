/**
 * What each round of a run changed, read once per pair of heads: a round's commits never change
 * once its head is recorded, so a panel refresh costs no git call for rounds already read.
 */
import type { Run } from '../../core/model';
import type { Engine } from '../../engine';
import type { PanelRoundChanges } from '../../shared/webviewProtocol';

export class RoundChangesCache {
  private readonly byHeads = new Map<string, Promise<PanelRoundChanges | undefined>>();

  /** The changes of every round of `run` that moved its head, by round index; rounds git cannot read are left out. */
  async forRun(engine: Engine, run: Run): Promise<Map<number, PanelRoundChanges>> {
    const moved = run.rounds.filter((r) => r.headAfter && r.headBefore && r.headAfter !== r.headBefore);
    const read = await Promise.all(moved.map(async (r) => [r.index, await this.read(engine, run.id, r.index, `${r.headBefore}..${r.headAfter}`)] as const));
    return new Map(read.filter((entry): entry is readonly [number, PanelRoundChanges] => entry[1] !== undefined));
  }

  private read(engine: Engine, runId: string, round: number, heads: string): Promise<PanelRoundChanges | undefined> {
    let pending = this.byHeads.get(heads);
    if (!pending) {
      pending = engine.roundChanges(runId, round).then(
        ({ commits, files, added, deleted }) => ({ commits, files, added, deleted }),
        () => {
          // A head git cannot resolve (pruned, store edited) must not break the panel; retry next time.
          this.byHeads.delete(heads);
          return undefined;
        },
      );
      this.byHeads.set(heads, pending);
    }
    return pending;
  }
}
