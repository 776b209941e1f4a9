import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDispositions } from '../../../src/agent';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const ids = ['B1', 'N2', 'N3'];

describe('reading dispositions back', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(cleanupTempDirs);

  const file = (content: string) => {
    const path = join(dir, 'round-1.dispositions.json');
    writeFileSync(path, content);
    return path;
  };

  it('reads a file keyed by finding id', () => {
    const path = file(JSON.stringify({ B1: { kind: 'fixed', note: 'guarded the null', commit: 'abc1234' }, N3: { kind: 'deferred', issue: '#123', note: 'later' } }));
    const { dispositions, warnings } = readDispositions({ file: path, findingIds: ids, round: 1 });
    assert.deepEqual(warnings, []);
    assert.deepEqual(dispositions.get('B1'), { kind: 'fixed', round: 1, note: 'guarded the null', commit: 'abc1234' });
    assert.deepEqual(dispositions.get('N3'), { kind: 'deferred', round: 1, note: 'later', issue: '#123' });
  });

  it('reads the questions the agent asked a person, from the file and from QUESTION lines of the reply, without warnings', () => {
    const path = file(JSON.stringify({ B1: { kind: 'disagree', note: 'by design' }, questions: ['Keep the v1 API?', ' '] }));
    const { dispositions, questions, warnings } = readDispositions({ file: path, finalText: 'Done.\nQUESTION: Is Node 18 still supported?\n- **Question**: Keep the v1 API?', findingIds: ids, round: 1 });
    assert.deepEqual(warnings, []);
    assert.equal(dispositions.get('B1')?.kind, 'disagree');
    assert.deepEqual(questions, ['Keep the v1 API?', 'Is Node 18 still supported?'], 'in order, blanks and repeats dropped');
    assert.deepEqual(readDispositions({ finalText: 'B1: fixed — done', findingIds: ids, round: 1 }).questions, []);
  });

  it('reads a file that is an array of {id, disposition}', () => {
    const path = file(JSON.stringify([{ id: 'N2', disposition: 'Disagree', note: 'the old name is public API' }, { id: 'N3', disposition: 'deferred', issue: 77 }]));
    const { dispositions, warnings } = readDispositions({ file: path, findingIds: ids, round: 2 });
    assert.deepEqual(warnings, []);
    assert.deepEqual(dispositions.get('N2'), { kind: 'disagree', round: 2, note: 'the old name is public API' });
    assert.equal(dispositions.get('N3')?.issue, '#77');
  });

  it('reads trailer lines at the end of the reply, with an em dash, -- or -', () => {
    const finalText = [
      'I changed the parser and left the rest.',
      '',
      'B1: fixed — null check added in parse()',
      '- **N2**: disagree -- renaming breaks callers',
      'N3: deferred #123 - needs a schema change',
    ].join('\n');
    const { dispositions, warnings } = readDispositions({ finalText, findingIds: ids, round: 1 });
    assert.deepEqual(warnings, []);
    assert.deepEqual(dispositions.get('B1'), { kind: 'fixed', round: 1, note: 'null check added in parse()' });
    assert.deepEqual(dispositions.get('N2'), { kind: 'disagree', round: 1, note: 'renaming breaks callers' });
    assert.deepEqual(dispositions.get('N3'), { kind: 'deferred', round: 1, issue: '#123', note: 'needs a schema change' });
  });

  it('lets the file win over the reply, and the reply fill in what the file left out', () => {
    const path = file(JSON.stringify({ B1: { kind: 'fixed' } }));
    const { dispositions } = readDispositions({ file: path, finalText: 'B1: disagree — no\nN2: fixed — yes', findingIds: ids, round: 1 });
    assert.equal(dispositions.get('B1')?.kind, 'fixed');
    assert.equal(dispositions.get('N2')?.kind, 'fixed');
  });

  it('turns a garbage file into a warning, not a crash, and still reads the reply', () => {
    const path = file('{ this is not json');
    const { dispositions, warnings } = readDispositions({ file: path, finalText: 'B1: fixed — ok', findingIds: ids, round: 1 });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /not valid JSON/);
    assert.equal(dispositions.get('B1')?.kind, 'fixed');
  });

  it('keeps the valid entries of a file and warns about the others', () => {
    const path = file(JSON.stringify({ B1: { kind: 'fixed' }, N2: { kind: 'maybe' }, N3: 'fixed' }));
    const { dispositions, warnings } = readDispositions({ file: path, findingIds: ids, round: 1 });
    assert.deepEqual([...dispositions.keys()], ['B1']);
    assert.equal(warnings.length, 2);
  });

  it('ignores ids that are not findings of the round, with a warning', () => {
    const path = file(JSON.stringify({ Z9: { kind: 'fixed' } }));
    const { dispositions, warnings } = readDispositions({ file: path, finalText: 'C7: fixed — done', findingIds: ids, round: 1 });
    assert.equal(dispositions.size, 0);
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), /Z9 is not a finding of this round/);
  });

  it('says nothing about a dispositions file the agent did not write', () => {
    const { dispositions, warnings } = readDispositions({ file: join(dir, 'absent.json'), findingIds: ids, round: 1 });
    assert.equal(dispositions.size, 0);
    assert.deepEqual(warnings, []);
  });

  it('warns about a dispositions path that is a folder or too large, without reading it', () => {
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    assert.match(readDispositions({ file: folder, findingIds: ids, round: 1 }).warnings[0]!, /not a regular file/);
    const big = file(JSON.stringify({ B1: { kind: 'fixed', note: 'x'.repeat(1024 * 1024) } }));
    assert.match(readDispositions({ file: big, findingIds: ids, round: 1 }).warnings[0]!, /larger than 1 MB/);
  });
});
