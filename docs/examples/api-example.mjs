// docs/api.md's example, run as written by test/docs/api-example.test.ts.
// In your project: import { ... } from 'harmlex';
import { analyzeDocument, loadDefaultLexicon, scanText } from '../../dist/index.js';

const { compiled } = await loadDefaultLexicon();

// One text: its matches (what matched, where, which entry, counted or not).
const text = 'He is an addict. We meet people where they are, and it is her choice.';
for (const m of scanText(text, compiled)) {
  console.log(`${m.line}:${m.column} ${m.category}${m.principle ? `/${m.principle}` : ''} ${JSON.stringify(m.text)} ${m.counted ? 'counted' : 'not counted'}`);
}

// One document: scores, continuum and placement, with the matches as evidence.
const result = analyzeDocument({ id: 'note-1', text }, compiled);
console.log(result.placement, result.continuum, result.scores);
