/** Builders for valid domain objects in tests. */
import { RUN_SCHEMA_VERSION, type Finding, type Run } from '../../src/core/model';

const at = '2026-01-01T00:00:00.000Z';

export function makeRun(overrides: Partial<Run> = {}): Run {
  const id = overrides.id ?? 'run-0001';
  return {
    version: RUN_SCHEMA_VERSION,
    id,
    title: 'Fix the parser',
    status: 'awaiting-decision',
    repo: '/tmp/repo',
    remote: 'origin',
    priorBranch: 'agent/fix-parser',
    baseBranch: 'main',
    localBranch: `revise/${id}`,
    strategy: 'restore',
    baseUpdate: 'merge',
    worktree: `/tmp/repo.revise/${id}`,
    restoredSha: 'a'.repeat(40),
    leaseSha: 'a'.repeat(40),
    maxRounds: 3,
    extraRounds: 0,
    rounds: [{ index: 0, kind: 'import', status: 'imported', headBefore: null, headAfter: 'a'.repeat(40), exitCode: null, logPath: null, promptPath: null, startedAt: at, endedAt: at }],
    findings: [],
    pendingDecision: { id: 'd-1', kind: 'round-review', options: ['approve', 'request-changes', 'abort'], round: 0, raisedAt: at },
    history: [],
    backups: [],
    posted: {},
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'B1',
    severity: 'blocking',
    title: 'Null check missing',
    message: 'parse() dereferences a null token.',
    file: 'src/parse.ts',
    line: 10,
    endLine: 12,
    source: { kind: 'manual' },
    status: 'open',
    include: true,
    createdAt: at,
    ...overrides,
  };
}
