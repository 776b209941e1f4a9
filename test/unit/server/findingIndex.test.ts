import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/model';
import { FindingIndex } from '../../../src/server/findingIndex';
import { makeFinding } from '../../helpers/runFixture';

const ROOT = '/work/tree';

function findings(changedTitle?: string): Finding[] {
  return [
    makeFinding({ id: 'B1', file: 'src/a.ts', line: 3, endLine: 3 }),
    makeFinding({ id: 'B2', file: 'src/a.ts', line: 9, endLine: 10 }),
    makeFinding({ id: 'B3', file: 'src/b.ts', line: 5, endLine: 5, ...(changedTitle ? { title: changedTitle } : {}) }),
  ];
}

describe('FindingIndex: a SetFindings republishes only the files whose findings changed', () => {
  const a = join(ROOT, 'src', 'a.ts');
  const b = join(ROOT, 'src', 'b.ts');

  it('returns every file the first time, then only the changed one, keeping the other file its moved entries', () => {
    const index = new FindingIndex();
    assert.deepEqual([...index.setRoot(ROOT, [{ runId: 'r', round: 1, findings: findings() }])].sort(), [a, b]);
    // An edit moved a.ts's findings two lines down (as applyEdit does).
    const moved = index.entries(a).map((e) => ({ ...e, line: e.line + 2, endLine: e.endLine + 2 }));
    index.replace(a, moved);

    const affected = index.setRoot(ROOT, [{ runId: 'r', round: 1, findings: findings('renamed') }]);
    assert.deepEqual([...affected], [b]);
    assert.equal(index.entries(a), moved);
    assert.equal(index.entries(b)[0]?.finding.title, 'renamed');
  });

  it('counts a new round, a finding gone and a run cleared as changes', () => {
    const index = new FindingIndex();
    index.setRoot(ROOT, [{ runId: 'r', round: 1, findings: findings() }]);
    assert.deepEqual([...index.setRoot(ROOT, [{ runId: 'r', round: 2, findings: findings() }])].sort(), [a, b]);
    assert.deepEqual([...index.setRoot(ROOT, [{ runId: 'r', round: 2, findings: findings().slice(0, 2) }])], [b]);
    assert.deepEqual(index.entries(b), []);
    assert.deepEqual([...index.setRoot(ROOT, [])], [a]);
    assert.deepEqual(index.roots(), []);
  });
});
