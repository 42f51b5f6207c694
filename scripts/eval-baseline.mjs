#!/usr/bin/env node
// `npm run eval:baseline -- --harmlex PATH/bin/harmlex.js --label TEXT`: the "before" figures of
// docs/validity.md. Another harmlex build (one from before a change) scans the development corpus'
// excerpts; its placements and matches are scored with this build's statistics (evaluate), so the
// two sets of figures differ only by the build that coded the excerpts. Writes
// docs/validity-baseline.json (headline figures per split; no excerpt text or ids).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const bin = arg('--harmlex');
const label = arg('--label');
if (!bin || !label) {
  console.error('eval:baseline: give --harmlex PATH/bin/harmlex.js and --label "what that build is"');
  process.exit(2);
}
const dist = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const { readCodedFile } = await dist('io/coded.js');
const { evaluate } = await dist('research/evaluate.js');
const { PRINCIPLES } = await dist('types.js');

const excerpts = await readCodedFile('fixtures/corpus');
fs.mkdirSync('.bench', { recursive: true });
const input = path.join('.bench', `baseline-${process.pid}.jsonl`);
fs.writeFileSync(input, excerpts.map((x) => JSON.stringify({ id: x.id, text: x.text })).join('\n') + '\n');
const r = spawnSync(process.execPath, [bin, 'scan', input, '-f', 'jsonl', '--no-context'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, HARMLEX_LEXICON_CACHE: 'off' } });
fs.unlinkSync(input);
if (r.status !== 0 && r.status !== 1) {
  console.error(`eval:baseline: ${bin} failed: ${r.stderr}`);
  process.exit(2);
}
const records = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const predictions = records.map((d) => ({
  id: String(d.id),
  placement: d.placement,
  continuum: d.continuum ?? null,
  principles: PRINCIPLES.filter((p) => (d.principles?.[p] ?? 0) > 0),
  categories: ['stigma', 'antithetical', 'structural'].filter((c) => d.matches.some((m) => m.counted && m.category === c)),
  matches: d.matches.map((m) => ({ ...m, attributed: m.attributed === true })),
}));
const headline = (rep) => ({
  placement: { n: rep.placement.n, correct: rep.placement.correct, accuracy: rep.placement.accuracy, kappa: rep.placement.kappa },
  principle_macro_f1: rep.principle_macro_f1,
  stigma_terms: { coded: rep.stigma_terms.coded, found: rep.stigma_terms.found, recall: rep.stigma_terms.recall },
  traps: { coded: rep.traps.coded, flagged: rep.traps.flagged },
});
const splits = {};
for (const s of ['test', 'dev']) {
  const xs = excerpts.filter((x) => x.split === s);
  splits[s] = headline(evaluate(xs, predictions.filter((p) => xs.some((x) => x.id === p.id))));
}
const out = { description: `${label}.`, command: 'npm run eval:baseline -- --harmlex PATH/bin/harmlex.js --label TEXT', excerpts: excerpts.length, splits };
fs.writeFileSync('docs/validity-baseline.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(`eval:baseline: wrote docs/validity-baseline.json (${excerpts.length} excerpts)`);
