import { strict as assert } from 'node:assert';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding } from '../../../src/core/model';
import { FindingIndex, type Entry } from '../../../src/server/findingIndex';
import { toCodeLenses, toDiagnostic } from '../../../src/server/render';
import { FindingCommand } from '../../../src/shared/protocol';
import { makeFinding } from '../../helpers/runFixture';

const entry = (finding: Finding): Entry => ({ runId: 'run-1', round: 1, finding, root: '/w', path: '/w/src/parse.ts', line: 10, endLine: 12, outdated: false, method: 'stored' });
const at = '2026-02-01T10:00:00.000Z';

describe('Problems and CodeLens follow the finding lifecycle', () => {
  it('an open finding keeps its severity and offers Rework and Dismiss', () => {
    const f = makeFinding();
    assert.equal(toDiagnostic(entry(f)).severity, DiagnosticSeverity.Error);
    assert.deepEqual(toCodeLenses(entry(f)).slice(1).map((l) => l.command?.command), [FindingCommand.rework, FindingCommand.dismiss]);
  });

  it('a claimed fix is information, says the claim, and offers Accept fix and Reopen', () => {
    const f = makeFinding({ disposition: { kind: 'fixed', round: 1 } });
    const d = toDiagnostic(entry(f));
    assert.equal(d.severity, DiagnosticSeverity.Information, 'not counted among the errors');
    assert.match(d.message as string, /\[claimed fixed \(round 1\)\]/);
    const lenses = toCodeLenses(entry(f));
    assert.match(lenses[0]!.command!.title, /claimed fixed \(round 1\)/);
    assert.deepEqual(lenses.slice(1).map((l) => [l.command?.title, l.command?.command]), [['Accept fix', FindingCommand.accept], ['Reopen', FindingCommand.reopen]]);
    assert.deepEqual(lenses[1]!.command!.arguments, [{ runId: 'run-1', findingId: 'B1' }]);
  });

  it('a finding still present after its claim keeps its severity and says why', () => {
    const f = makeFinding({ disposition: { kind: 'fixed', round: 1 }, verification: { outcome: 'still-present', by: 'rescan', at, round: 1, evidence: 'semgrep still reports it' } });
    assert.equal(toDiagnostic(entry(f)).severity, DiagnosticSeverity.Error);
    assert.match(toDiagnostic(entry(f)).message as string, /still present: semgrep still reports it/);
    assert.equal(toCodeLenses(entry(f))[1]!.command!.command, FindingCommand.accept);
  });

  it('verified, resolved and dismissed findings leave the Problems view', () => {
    const index = new FindingIndex();
    const findings = [
      makeFinding({ id: 'B1', disposition: { kind: 'fixed', round: 1 }, verification: { outcome: 'accepted', by: 'user', at, round: 1 } }),
      makeFinding({ id: 'B2', goneSince: at }),
      makeFinding({ id: 'B3', status: 'resolved' }),
      makeFinding({ id: 'B4', disposition: { kind: 'fixed', round: 1 } }),
      makeFinding({ id: 'B5' }),
    ];
    index.setRoot('/w', [{ runId: 'run-1', round: 1, findings }]);
    assert.deepEqual(index.entries('/w/src/parse.ts').map((e) => e.finding.id), ['B4', 'B5']);
  });
});
