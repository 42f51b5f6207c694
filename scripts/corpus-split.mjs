#!/usr/bin/env node
// Assigns the frozen dev/test split to coded excerpts (fixtures/corpus/README.md) and writes one file per split.
//
//   node scripts/corpus-split.mjs EXCERPTS.jsonl --dev fixtures/corpus/dev/NAME.jsonl --test fixtures/corpus/test/NAME.jsonl
//   node scripts/corpus-split.mjs --check fixtures/corpus/dev/NAME.jsonl fixtures/corpus/test/NAME.jsonl
//
// The split of an excerpt depends on its id alone: FNV-1a (32-bit, over UTF-16 code units) of the id, modulo 100;
// below 30 is "test", the rest "dev". Every row is validated first (fields present, placement and principles from
// the coding frame, ids unique); on any problem nothing is written and the exit code is 2. Inputs are never
// overwritten: the outputs must differ from the input path.
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';

if (!existsSync(new URL('../dist/fnv.js', import.meta.url))) {
  console.error('corpus-split: dist/ is not built; run `npm run build` first');
  process.exit(2);
}
// The project's one FNV-1a (src/fnv.ts), so the split here is the split eval reads.
const { fnv1a } = await import(new URL('../dist/fnv.js', import.meta.url).href);

export const TEST_SHARE = 30;

/** "test" or "dev" for an excerpt id. */
export function splitOf(id) {
  return fnv1a(id) % 100 < TEST_SHARE ? 'test' : 'dev';
}

const PLACEMENTS = new Set(['relational', 'mixed', 'antithetical', 'no-evidence']);
const PRINCIPLES = new Set(['humanism', 'pragmatism', 'individualism', 'autonomy', 'incrementalism', 'accountability']);
const CATEGORIES = new Set(['stigma', 'antithetical', 'structural']);
const STRING_FIELDS = ['id', 'text', 'placement', 'rationale', 'source', 'theme', 'speaker_role', 'setting'];
const LIST_FIELDS = ['principles', 'categories', 'stigma_terms', 'not_stigma_terms'];

/** Problems of one parsed row, as strings (empty when the row is valid). */
export function rowProblems(row) {
  const problems = [];
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return ['not a JSON object'];
  for (const f of STRING_FIELDS) if (typeof row[f] !== 'string' || row[f].trim() === '') problems.push(`"${f}" must be a non-empty string`);
  for (const f of LIST_FIELDS) {
    if (!Array.isArray(row[f]) || row[f].some((x) => typeof x !== 'string')) problems.push(`"${f}" must be a list of strings`);
  }
  if (typeof row.constructed !== 'boolean') problems.push('"constructed" must be true or false');
  if (row.labelled_before_run !== true) problems.push('"labelled_before_run" must be true');
  if (typeof row.placement === 'string' && !PLACEMENTS.has(row.placement)) problems.push(`unknown placement "${row.placement}"`);
  for (const p of Array.isArray(row.principles) ? row.principles : []) if (!PRINCIPLES.has(p)) problems.push(`unknown principle "${p}"`);
  for (const c of Array.isArray(row.categories) ? row.categories : []) if (!CATEGORIES.has(c)) problems.push(`unknown category "${c}"`);
  if (typeof row.text === 'string') {
    for (const t of [...(row.stigma_terms ?? []), ...(row.not_stigma_terms ?? [])]) {
      if (typeof t === 'string' && !row.text.toLowerCase().includes(t.toLowerCase())) problems.push(`term "${t}" does not occur in the text`);
    }
  }
  // Single and corporate authors (a documentation guide, a clinic's page) have no "et al.": "Lastname YEAR," and
  // "Organization n.d.," (undated web page) name the source the same way, by the part before the first comma.
  if (typeof row.source === 'string' && !/^[^,]+ ((et al\.|and [^,]+) \d{4}[a-z]?|\d{4}[a-z]?|n\.d\.),/.test(row.source)) {
    problems.push('"source" must start with "Lastname et al. YEAR," or "Lastname and Lastname YEAR," (single or corporate author: "Name YEAR," or "Name n.d.,")');
  }
  if (row.constructed === false && (typeof row.doi !== 'string' || row.doi === '')) problems.push('a cited excerpt needs "doi" (DOI or PMC id)');
  if ('split' in row && row.split !== splitOf(String(row.id))) problems.push(`"split" is "${row.split}" but the id hashes to "${splitOf(String(row.id))}"`);
  return problems;
}

/** Parses JSONL text into rows; problems carry file:line. */
export function parseJsonl(text, file) {
  const rows = [];
  const problems = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row;
    try {
      row = JSON.parse(line);
    } catch (e) {
      problems.push(`${file}:${i + 1}: invalid JSON (${e.message})`);
      return;
    }
    for (const p of rowProblems(row)) problems.push(`${file}:${i + 1}: ${row?.id ?? '?'}: ${p}`);
    rows.push({ row, where: `${file}:${i + 1}` });
  });
  return { rows, problems };
}

function duplicateProblems(rows) {
  const seen = new Map();
  const problems = [];
  for (const { row, where } of rows) {
    if (seen.has(row.id)) problems.push(`${where}: id "${row.id}" already used at ${seen.get(row.id)}`);
    else seen.set(row.id, where);
  }
  return problems;
}

function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function main(argv) {
  const args = [...argv];
  const opt = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const check = args.includes('--check');
  if (check) args.splice(args.indexOf('--check'), 1);
  const dev = opt('--dev');
  const test = opt('--test');
  if (args.length === 0 || (!check && (!dev || !test || args.length !== 1))) {
    console.error('usage: corpus-split.mjs EXCERPTS.jsonl --dev DEV.jsonl --test TEST.jsonl | corpus-split.mjs --check FILE.jsonl...');
    return 2;
  }
  const all = [];
  const problems = [];
  for (const file of args) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      console.error(`${file}: cannot read (${e.code ?? e.message})`);
      return 2;
    }
    const parsed = parseJsonl(text, file);
    all.push(...parsed.rows);
    problems.push(...parsed.problems);
    if (check) {
      const expected = file.includes('/test/') ? 'test' : file.includes('/dev/') ? 'dev' : undefined;
      for (const { row, where } of parsed.rows) {
        if (expected && splitOf(String(row.id)) !== expected) problems.push(`${where}: ${row.id} hashes to ${splitOf(String(row.id))} but sits in a ${expected} file`);
      }
    }
  }
  problems.push(...duplicateProblems(all));
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error(`${problems.length} problem(s); nothing written`);
    return 2;
  }
  if (check) {
    console.log(`${all.length} excerpts ok`);
    return 0;
  }
  const input = resolve(args[0]);
  if (resolve(dev) === input || resolve(test) === input) {
    console.error('refusing to overwrite the input file');
    return 2;
  }
  const out = { dev: [], test: [] };
  for (const { row } of all) {
    const split = splitOf(row.id);
    out[split].push(JSON.stringify({ ...row, split }));
  }
  writeAtomic(dev, out.dev.map((l) => `${l}\n`).join(''));
  writeAtomic(test, out.test.map((l) => `${l}\n`).join(''));
  console.log(`${all.length} excerpts: ${out.dev.length} dev -> ${dev}, ${out.test.length} test -> ${test}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('corpus-split.mjs')) {
  process.exitCode = main(process.argv.slice(2));
}
