import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_SCHEMA_VERSION } from '../../../src/core/model';
import { ReviseError } from '../../../src/core/errors';
import { RunStore } from '../../../src/store/runStore';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<ReviseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ReviseError, `expected a ReviseError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected rejection with ${code}`);
}

describe('RunStore', () => {
  let commonDir: string;
  let store: RunStore;

  beforeEach(() => {
    commonDir = makeTempDir();
    store = new RunStore(commonDir);
  });
  afterEach(cleanupTempDirs);

  it('lists nothing when no run was ever stored', async () => {
    assert.deepEqual(await store.list(), { runs: [], quarantined: [], newer: [], notices: [] });
  });

  it('keeps runs under <commonDir>/revise/runs/<id>/run.json and reads them back validated', async () => {
    const run = makeRun({ id: 'run-a', findings: [makeFinding()] });
    await store.create(run);
    assert.ok(existsSync(join(commonDir, 'revise', 'runs', 'run-a', 'run.json')));
    assert.deepEqual(await store.get('run-a'), run);
  });

  it('refuses to create a run whose id is taken, leaving the first intact', async () => {
    await store.create(makeRun({ id: 'run-a', title: 'first' }));
    await rejectsWithCode(store.create(makeRun({ id: 'run-a', title: 'second' })), 'bad-input');
    assert.equal((await store.get('run-a')).title, 'first');
  });

  it('refuses to write an invalid run and keeps the stored one', async () => {
    await store.create(makeRun({ id: 'run-a' }));
    await rejectsWithCode(
      store.update('run-a', (run) => {
        run.maxRounds = -1;
      }),
      'bad-input',
    );
    assert.equal((await store.get('run-a')).maxRounds, 3);
  });

  it('leaves the file and its updatedAt alone when an update changes nothing', async () => {
    const created = await store.create(makeRun({ id: 'run-a' }));
    const file = join(store.root, 'run-a', 'run.json');
    const before = readFileSync(file, 'utf8');
    const same = await store.update('run-a', () => undefined);
    assert.equal(same.updatedAt, created.updatedAt);
    assert.equal(readFileSync(file, 'utf8'), before);
    const changed = await store.update('run-a', (run) => {
      run.title = 'renamed';
    });
    assert.notEqual(changed.updatedAt, created.updatedAt);
    // The file holds exactly the returned run, with its new updatedAt, and the last-good copy is that text.
    const text = readFileSync(file, 'utf8');
    assert.equal(text, JSON.stringify(changed, null, 2) + '\n');
    const copy = store.lastGood.read('run-a');
    assert.equal(copy.kind === 'copy' ? copy.copy.text : copy.kind, text);
  });

  it('reports an unknown run id as run-not-found', async () => {
    await rejectsWithCode(store.get('nope'), 'run-not-found');
    await rejectsWithCode(store.update('nope', () => undefined), 'run-not-found');
  });

  it('moves a corrupt run.json aside, reports it, and still loads the other runs', async () => {
    await store.create(makeRun({ id: 'run-good' }));
    mkdirSync(join(store.root, 'run-bad'));
    writeFileSync(join(store.root, 'run-bad', 'run.json'), '{"version": 1, "id": "run-bad", truncated');
    const listing = await store.list();
    assert.deepEqual(listing.runs.map((r) => r.id), ['run-good']);
    assert.equal(listing.quarantined.length, 1);
    assert.equal(listing.quarantined[0]!.runId, 'run-bad');
    assert.match(listing.quarantined[0]!.reason, /not valid JSON/);
    const moved = readdirSync(join(store.root, 'run-bad')).filter((f) => f.startsWith('run.json.corrupt-'));
    assert.equal(moved.length, 1, 'the corrupt file is kept under a new name, not deleted');
    assert.match(readFileSync(join(store.root, 'run-bad', moved[0]!), 'utf8'), /truncated/);
  });

  it('quarantines a run.json that parses but breaks the schema, naming the field', async () => {
    mkdirSync(join(store.root, 'run-x'), { recursive: true });
    writeFileSync(join(store.root, 'run-x', 'run.json'), JSON.stringify({ ...makeRun({ id: 'run-x' }), status: 'exploded' }));
    const listing = await store.list();
    assert.equal(listing.runs.length, 0);
    assert.match(listing.quarantined[0]!.reason, /status/);
  });

  it('shows a run from a newer schema version read-only and refuses to write it', async () => {
    mkdirSync(join(store.root, 'run-new'), { recursive: true });
    const file = join(store.root, 'run-new', 'run.json');
    const text = JSON.stringify({ ...makeRun({ id: 'run-new' }), version: RUN_SCHEMA_VERSION + 1, futureField: true });
    writeFileSync(file, text);
    const listing = await store.list();
    assert.deepEqual(listing.newer, [{ runId: 'run-new', version: RUN_SCHEMA_VERSION + 1, file }]);
    const error = await rejectsWithCode(store.update('run-new', () => undefined), 'store-newer-version');
    assert.match(error.message, /newer Revise/);
    assert.equal(readFileSync(file, 'utf8'), text, 'the newer file is untouched');
  });

  it('migrates a run.json written before schema versions existed', async () => {
    mkdirSync(join(store.root, 'run-old'), { recursive: true });
    const legacy: Record<string, unknown> = { ...makeRun({ id: 'run-old' }) };
    delete legacy.version;
    delete legacy.extraRounds;
    delete legacy.posted;
    writeFileSync(join(store.root, 'run-old', 'run.json'), JSON.stringify(legacy));
    const run = await store.get('run-old');
    assert.equal(run.version, RUN_SCHEMA_VERSION);
    assert.equal(run.extraRounds, 0);
    assert.deepEqual(run.posted, {});
  });

  it('leaves a run.json of an older schema alone on an update that changes nothing, and writes it in the current schema on one that does', async () => {
    mkdirSync(join(store.root, 'run-old'), { recursive: true });
    const legacy: Record<string, unknown> = { ...makeRun({ id: 'run-old' }) };
    delete legacy.version;
    delete legacy.posted;
    const file = join(store.root, 'run-old', 'run.json');
    writeFileSync(file, JSON.stringify(legacy));
    const before = readFileSync(file, 'utf8');
    await store.update('run-old', () => undefined);
    assert.equal(readFileSync(file, 'utf8'), before);
    const changed = await store.update('run-old', (r) => {
      r.title = 'renamed';
    });
    const written = JSON.parse(readFileSync(file, 'utf8')) as { version: number; title: string; updatedAt: string };
    assert.deepEqual([written.version, written.title, written.updatedAt], [RUN_SCHEMA_VERSION, 'renamed', changed.updatedAt]);
  });

  it('fails with store-io and a hint when the git directory is read-only', async function () {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; use a path under a regular file instead, which fails for everyone
      const blocker = join(commonDir, 'blocker');
      writeFileSync(blocker, '');
      const blocked = new RunStore(join(blocker, 'sub'));
      await rejectsWithCode(blocked.create(makeRun()), 'store-io');
      return;
    }
    chmodSync(commonDir, 0o500);
    try {
      const error = await rejectsWithCode(store.create(makeRun()), 'store-io');
      assert.match(error.message, /Permission denied/);
    } finally {
      chmodSync(commonDir, 0o700);
    }
  });

  it('loses no update and never tears the file when four processes write the same run at once', async function () {
    this.timeout(120_000);
    await store.create(makeRun({ id: 'run-c' }));
    const file = join(store.root, 'run-c', 'run.json');
    const writers = 4;
    const perWriter = 15;
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const text = readFileSync(file, 'utf8');
        JSON.parse(text); // throws on a torn file
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const exits = await Promise.all(
      Array.from({ length: writers }, (_, n) =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../helpers/storeWriter.ts'), commonDir, 'run-c', String(n + 1), String(perWriter)], { stdio: ['ignore', 'inherit', 'inherit'] });
          child.on('error', reject);
          child.on('exit', resolve);
        }),
      ),
    );
    stop = true;
    await reader;
    assert.deepEqual(exits, [0, 0, 0, 0]);
    const run = await store.get('run-c');
    assert.equal(run.findings.length, writers * perWriter);
    assert.equal(new Set(run.findings.map((f) => f.id)).size, writers * perWriter);
    assert.ok(reads > 0);
  });

  it('lists 500 runs', async () => {
    for (let i = 0; i < 500; i++) {
      const id = `run-${String(i).padStart(4, '0')}`;
      mkdirSync(join(store.root, id), { recursive: true });
      writeFileSync(join(store.root, id, 'run.json'), JSON.stringify(makeRun({ id, findings: [makeFinding()] })));
    }
    const listing = await store.list();
    assert.equal(listing.runs.length, 500);
  });
});
