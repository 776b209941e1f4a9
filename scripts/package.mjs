#!/usr/bin/env node
// `npm run package` → revise-<version>.vsix in the repository root.
// The production bundles (minified, no source maps) are built into a staging folder together with
// package.json, README, LICENSE, .vscodeignore and media/, and vsce packages that folder. So the
// development bundles in dist/ (which the tests and a running watch use) are left alone, and the
// .vsix holds exactly what the staging folder and .vscodeignore allow. README links stay relative:
// the screenshots it shows are in the package, so they resolve wherever the .vsix is displayed.
//   --out FILE   write the .vsix elsewhere (tests package into a temp folder)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values: opts } = parseArgs({ options: { out: { type: 'string', default: join(root, `revise-${version}.vsix`) } } });
const out = resolve(opts.out);

const staging = mkdtempSync(join(tmpdir(), 'revise-package-'));
try {
  for (const entry of ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media', 'l10n']) cpSync(join(root, entry), join(staging, entry), { recursive: true });
  execFileSync(process.execPath, [join(root, 'esbuild.mjs'), '--production', '--outdir', join(staging, 'dist')], { cwd: root, stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
    { cwd: staging, stdio: 'inherit' },
  );
  console.log(`package: ${out} (${(statSync(out).size / 1024).toFixed(0)} kB)`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
