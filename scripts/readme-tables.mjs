#!/usr/bin/env node
// Puts the latest measured tables into README.md, between their markers:
//   <!-- bench-table -->        … bench/results.md (written by `npm run bench`)
//   <!-- reliability-table -->  … the reliability table of a full `npm test` (.test-artifacts/reliability/rows.jsonl)
//   node scripts/readme-tables.mjs [--rows FILE]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const rowsAt = process.argv.indexOf('--rows');
const rows = rowsAt > 0 ? process.argv[rowsAt + 1] : '.test-artifacts/reliability/rows.jsonl';

function replaceBetween(text, name, content) {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n${content.trim()}\n${text.slice(to)}`;
}

let readme = readFileSync('README.md', 'utf8');
if (existsSync('bench/results.md')) readme = replaceBetween(readme, 'bench-table', readFileSync('bench/results.md', 'utf8'));
if (existsSync(rows)) {
  const table = execFileSync(process.execPath, ['scripts/reliability-table.mjs', rows, '--markdown'], { encoding: 'utf8' });
  readme = replaceBetween(readme, 'reliability-table', table);
}
writeFileSync('README.md', readme);
