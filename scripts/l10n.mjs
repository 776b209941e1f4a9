#!/usr/bin/env node
// The English strings of Revise, ready for translation:
// - package.nls.json: every user-facing string of package.json (commands, views, settings, the
//   walkthrough), which package.json names as `%key%`;
// - l10n/bundle.l10n.json: every `vscode.l10n.t('…')` message of src/extension.
//   node scripts/l10n.mjs           write both (moves any new literal of package.json into package.nls.json)
//   node scripts/l10n.mjs --check   exit 1 when either is out of date (what the unit test checks too)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** The message of every `l10n.t('…')` call in the `.ts` files under `dir`, as the bundle maps it (message → message). */
export function bundleFromSources(dir = join(root, 'src', 'extension')) {
  const messages = new Set();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const [, literal] of text.matchAll(/\bl10n\.t\(\s*'((?:[^'\\\n]|\\.)*)'/g)) messages.add(unescape(literal));
  }
  return Object.fromEntries([...messages].sort().map((m) => [m, m]));
}

/** The calls whose first argument is not a single-quoted literal (the bundle cannot know their message). */
export function nonLiteralCalls(dir = join(root, 'src', 'extension')) {
  const found = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/\bl10n\.t\(\s*([^'\s])/g)) found.push(`${join(entry.parentPath, entry.name)}: l10n.t(${match[1]}…`);
  }
  return found;
}

function unescape(literal) {
  return literal.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, esc) => {
    if (esc[0] === 'u' || esc[0] === 'x') return String.fromCodePoint(parseInt(esc.replace(/[ux{}]/g, ''), 16));
    return { n: '\n', t: '\t', r: '\r', 0: '\0' }[esc] ?? esc;
  });
}

/**
 * The user-facing strings of a manifest: [object, property, nls key] for each. Keys are stable
 * (built from command ids, setting names and step ids), so translations survive reordering.
 */
export function manifestStrings(manifest) {
  const out = [];
  const add = (object, property, key) => {
    if (object && typeof object[property] === 'string') out.push([object, property, key]);
  };
  const c = manifest.contributes ?? {};
  add(manifest, 'displayName', 'displayName');
  add(manifest, 'description', 'description');
  add(manifest.capabilities?.untrustedWorkspaces, 'description', 'untrustedWorkspaces.description');
  for (const container of c.viewsContainers?.activitybar ?? []) add(container, 'title', `viewsContainer.${container.id}.title`);
  for (const views of Object.values(c.views ?? {})) {
    for (const view of views) {
      add(view, 'name', `view.${view.id}.name`);
      add(view, 'contextualTitle', `view.${view.id}.contextualTitle`);
    }
  }
  (c.viewsWelcome ?? []).forEach((welcome, i) => add(welcome, 'contents', `viewsWelcome.${welcome.view}.${i}`));
  for (const command of c.commands ?? []) {
    add(command, 'title', `command.${command.command}.title`);
    add(command, 'category', 'command.category');
  }
  add(c.configuration, 'title', 'configuration.title');
  for (const [name, setting] of Object.entries(c.configuration?.properties ?? {})) {
    add(setting, 'description', `config.${name}.description`);
    add(setting, 'markdownDescription', `config.${name}.markdownDescription`);
  }
  for (const walkthrough of c.walkthroughs ?? []) {
    add(walkthrough, 'title', `walkthrough.${walkthrough.id}.title`);
    add(walkthrough, 'description', `walkthrough.${walkthrough.id}.description`);
    for (const step of walkthrough.steps ?? []) {
      add(step, 'title', `walkthrough.${walkthrough.id}.${step.id}.title`);
      add(step, 'description', `walkthrough.${walkthrough.id}.${step.id}.description`);
    }
  }
  return out;
}

/** Moves every literal user-facing string of `manifest` into `nls` (both changed in place); returns what moved. */
export function localizeManifest(manifest, nls) {
  const moved = [];
  for (const [object, property, key] of manifestStrings(manifest)) {
    const value = object[property];
    if (/^%[^%]+%$/.test(value)) continue;
    if (nls[key] !== undefined && nls[key] !== value) throw new Error(`package.nls.json already says "${nls[key]}" for ${key}, and package.json says "${value}"`);
    nls[key] = value;
    object[property] = `%${key}%`;
    moved.push(key);
  }
  return moved;
}

/** `%key%` references of the manifest that package.nls.json lacks, and literals not moved there yet. */
export function manifestProblems(manifest, nls) {
  const problems = [];
  for (const [object, property, key] of manifestStrings(manifest)) {
    const ref = /^%([^%]+)%$/.exec(object[property])?.[1];
    if (!ref) problems.push(`package.json: ${key} is a literal ("${object[property]}"), not a %key% of package.nls.json`);
    else if (typeof nls[ref] !== 'string') problems.push(`package.json: %${ref}% is missing from package.nls.json`);
  }
  return problems;
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifestPath = join(root, 'package.json');
  const nlsPath = join(root, 'package.nls.json');
  const bundlePath = join(root, 'l10n', 'bundle.l10n.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const nls = JSON.parse(readFileSync(nlsPath, { encoding: 'utf8', flag: 'a+' }) || '{}');
  const bundle = json(bundleFromSources());
  if (process.argv.includes('--check')) {
    const problems = [...manifestProblems(manifest, nls), ...nonLiteralCalls()];
    if (readFileSync(bundlePath, { encoding: 'utf8', flag: 'a+' }) !== bundle) problems.push('l10n/bundle.l10n.json is out of date: run node scripts/l10n.mjs');
    for (const p of problems) console.error(`l10n: ${p}`);
    process.exit(problems.length === 0 ? 0 : 1);
  }
  const moved = localizeManifest(manifest, nls);
  writeFileSync(manifestPath, json(manifest));
  writeFileSync(nlsPath, json(Object.fromEntries(Object.entries(nls).sort(([a], [b]) => a.localeCompare(b)))));
  writeFileSync(bundlePath, bundle);
  console.log(`l10n: ${moved.length} strings moved to package.nls.json; ${Object.keys(JSON.parse(bundle)).length} messages in l10n/bundle.l10n.json`);
}
