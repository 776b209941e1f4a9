// Import cycles in src/ (type-only imports included: a cycle of types is still two files that
// cannot be read or changed one without the other). Prints each cycle and exits 1 when there is one.
// Layers are the linter's job (eslint.config.mjs); this finds cycles inside a layer too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
}

const files = tsFiles(src);
const edges = new Map(files.map((file) => {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return [file, [...new Set(importedFiles.map((i) => resolveImport(file, i.fileName)).filter(Boolean))]];
}));

// Tarjan's strongly connected components: each component of more than one file is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function visit(file) {
  index.set(file, counter);
  low.set(file, counter++);
  stack.push(file);
  onStack.add(file);
  for (const next of edges.get(file) ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(file, Math.min(low.get(file), low.get(next)));
    } else if (onStack.has(next)) {
      low.set(file, Math.min(low.get(file), index.get(next)));
    }
  }
  if (low.get(file) !== index.get(file)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== file);
  if (component.length > 1 || (edges.get(file) ?? []).includes(file)) cycles.push(component);
}
for (const file of files) if (!index.has(file)) visit(file);

if (cycles.length === 0) {
  console.log(`import cycles: none in ${files.length} files`);
} else {
  for (const cycle of cycles) console.error(`import cycle: ${cycle.map((f) => relative(root, f)).sort().join(' ↔ ')}`);
  console.error(`${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} in src/; move the shared part into a file both import.`);
  process.exitCode = 1;
}
