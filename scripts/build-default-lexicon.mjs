#!/usr/bin/env node
// Part of `npm run build`: validate and compile lexicons/default.yaml once, and write its snapshot
// (the compiled trie and head filter, with the lexicon) to dist/default-lexicon.json, keyed by the
// YAML's sha256, so runs start without parsing YAML or expanding terms. A broken lexicon fails
// the build with its problems. `patternClauses` (the pattern prefilter's clauses of each pattern)
// and `nearAlternates` (proximity rules sharing anchors) are worked out here so runs need not
// (every pattern was checked here too): CompiledLexicon.built.
import { readFileSync, writeFileSync } from 'node:fs';
import { textDigest } from '../dist/lexicon/assemble.js';
import { DEFAULT_LEXICON_PATH, EMBEDDED_JSON, loadLexiconFiles } from '../dist/io/lexicon-files.js';
import { snapshotFileText, snapshotOf } from '../dist/lexicon/snapshot.js';
import { patternClausesOf } from '../dist/scan/pattern-filter.js';

try {
  const { compiled } = await loadLexiconFiles([DEFAULT_LEXICON_PATH], process.cwd(), null); // the built-in lexicon has its own snapshot, not a cache entry
  writeFileSync(EMBEDDED_JSON, snapshotFileText(snapshotOf(compiled), { source: textDigest(readFileSync(DEFAULT_LEXICON_PATH, 'utf8')), patternClauses: patternClausesOf(compiled), nearAlternates: [...compiled.nearAlternates] }));
} catch (e) {
  const problems = e?.problems;
  if (Array.isArray(problems)) for (const p of problems) console.error(`${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`);
  else console.error(e);
  process.exit(1);
}
