import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface L10nScript {
  bundleFromSources(dir?: string): Record<string, string>;
  nonLiteralCalls(dir?: string): string[];
  localizeManifest(manifest: unknown, nls: Record<string, string>): string[];
  manifestProblems(manifest: unknown, nls: Record<string, string>): string[];
}

const root = join(__dirname, '..', '..', '..');
const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, string>;

describe('English strings for translation', () => {
  let l10n: L10nScript;
  before(async () => {
    l10n = (await import(join(root, 'scripts', 'l10n.mjs'))) as L10nScript;
  });

  it('package.json names every user-facing string as a %key% that package.nls.json has', () => {
    assert.deepEqual(l10n.manifestProblems(readJson('package.json'), readJson('package.nls.json')), []);
  });

  it('the English bundle holds exactly the messages of every vscode.l10n.t call in src/extension', () => {
    assert.deepEqual(l10n.nonLiteralCalls(), []);
    assert.deepEqual(readJson('l10n/bundle.l10n.json'), l10n.bundleFromSources());
  });

  it('finds a missing key, a literal left in the manifest, and a message not in the bundle', () => {
    const manifest = { displayName: '%displayName%', contributes: { commands: [{ command: 'revise.x', title: 'Do X', category: '%command.category%' }] } };
    assert.deepEqual(l10n.manifestProblems(manifest, { 'command.category': 'Revise' }), [
      'package.json: %displayName% is missing from package.nls.json',
      'package.json: command.revise.x.title is a literal ("Do X"), not a %key% of package.nls.json',
    ]);
    const nls: Record<string, string> = { 'command.category': 'Revise', displayName: 'Revise' };
    assert.deepEqual(l10n.localizeManifest(manifest, nls), ['command.revise.x.title']);
    assert.equal(nls['command.revise.x.title'], 'Do X');
    assert.deepEqual(l10n.manifestProblems(manifest, nls), []);

    const dir = mkdtempSync(join(tmpdir(), 'revise-l10n-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "vscode.l10n.t('It\\'s {0}', x);\nvscode.l10n.t(message);\n");
      assert.deepEqual(l10n.bundleFromSources(dir), { "It's {0}": "It's {0}" });
      assert.equal(l10n.nonLiteralCalls(dir).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to move a string over a different translation key value', () => {
    const manifest = { displayName: 'Revise Two' };
    assert.throws(() => l10n.localizeManifest(manifest, { displayName: 'Revise' }), /already says "Revise" for displayName/);
    assert.equal(manifest.displayName, 'Revise Two');
  });
});
