/**
 * The test split of the development corpus (fixtures/corpus/test) and the held-out probe
 * sets (fixtures/probes/holdout-*.jsonl) are held out: no phrase may be copied from them into the lexicon
 * (issue 14). Compared case-insensitively with punctuation and
 * white space normalized:
 * - no entry's example sentence appears in a test excerpt, and no example shares a run of
 *   RUN_WORDS words with one (a sentence lifted with small edits);
 * - no term phrase of TERM_WORDS words or more (every expansion of its groups and sets) appears in a
 *   test excerpt, unless the term was already in the lexicon before the corpus existed
 *   (test/fixtures/held-out/terms-before-corpus.txt: the built-in lexicon's terms at 091d814).
 *   Shorter phrases are vocabulary ("addict", "harm reduction", "i'd rather they"), which any
 *   text about the subject shares, not lifted phrases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLexiconFiles } from '../../src/io/lexicon-files.js';
import { parseTermWith } from '../../src/lexicon/terms.js';
import type { LexiconEntry } from '../../src/types.js';

const ROOT = join(__dirname, '../..');
const TEST_DIR = join(ROOT, 'fixtures/corpus/test');
const PROBES = join(ROOT, 'fixtures/probes');
const RUN_WORDS = 8;
const TERM_WORDS = 4;

const norm = (s: string) => ` ${s.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[^\p{L}\p{N}']+/gu, ' ').replace(/(^|\s)'+|'+(?=\s|$)/g, '$1').trim()} `;

function testExcerpts(): { id: string; text: string }[] {
  let files: string[];
  try {
    files = readdirSync(TEST_DIR).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return files.flatMap((f) =>
    readFileSync(join(TEST_DIR, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; text: string }),
  );
}

/** A held-out probe set (fixtures/probes/NAME.jsonl), one sentence a line, named by line. */
function heldOutProbe(name = 'holdout-2'): { id: string; text: string }[] {
  let text: string;
  try {
    text = readFileSync(join(PROBES, `${name}.jsonl`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l, i) => [l, i] as const)
    .filter(([l]) => l.trim())
    .map(([l, i]) => ({ id: `${name}:${i + 1}`, text: (JSON.parse(l) as { text: string }).text }));
}

const listed = (file: string) =>
  new Set(
    readFileSync(join(ROOT, 'test/fixtures/held-out', file), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#')),
  );
const before = listed('terms-before-corpus.txt');
/** Terms, proximity phrases and examples from before each held-out probe set was written. */
const beforeProbe = listed('before-holdout-2.txt');
const beforeProbe3 = listed('before-holdout-3.txt');
const beforeProbe5 = listed('before-holdout-5.txt');
const beforeProbe6 = listed('before-holdout-6.txt');

/** Word runs of length n of a normalized text. */
function runs(text: string, n: number): Set<string> {
  const w = text.trim().split(' ');
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

type Text = { id: string; text: string };

/** Examples of `entries` found in (or sharing a RUN_WORDS-word run with) the texts. */
function liftedExamples(entries: readonly LexiconEntry[], texts: readonly Text[], exempt: ReadonlySet<string> = new Set()): string[] {
  const textRuns = new Map<string, string>();
  for (const t of texts) for (const r of runs(t.text, RUN_WORDS)) textRuns.set(r, t.id);
  const lifted: string[] = [];
  for (const e of entries) {
    for (const ex of [...e.examples.match, ...e.examples.no_match]) {
      if (exempt.has(ex)) continue;
      const n = norm(ex);
      const whole = texts.find((t) => t.text.includes(n) || n.includes(t.text));
      if (whole) {
        lifted.push(`${e.id}: example "${ex}" is in test excerpt ${whole.id}`);
        continue;
      }
      for (const r of runs(n, RUN_WORDS)) {
        const id = textRuns.get(r);
        if (id) {
          lifted.push(`${e.id}: example "${ex}" shares "${r}" with test excerpt ${id}`);
          break;
        }
      }
    }
  }
  return lifted;
}

/** Term phrases of TERM_WORDS words or more of `entries` found in the texts (terms from before the corpus exempt). */
function liftedTerms(entries: readonly LexiconEntry[], sets: Record<string, string[]> | undefined, texts: readonly Text[], exempt: ReadonlySet<string> = before): string[] {
  const lifted: string[] = [];
  for (const e of entries) {
    for (const term of [...e.terms, ...(e.near?.all.flat() ?? [])]) {
      if (exempt.has(term)) continue;
      for (const phrase of parseTermWith(term, sets).phrases) {
        if (phrase.length < TERM_WORDS || phrase.some((w) => w.kind === 'prefix')) continue;
        const s = ` ${phrase.map((w) => (w.kind === 'word' ? w.literal : w.key)).join(' ')} `;
        const hit = texts.find((t) => t.text.includes(s));
        if (hit) lifted.push(`${e.id}: term "${term}" (${s.trim()}) is in test excerpt ${hit.id}`);
      }
    }
  }
  return lifted;
}

describe('held-out test split', async () => {
  const excerpts = testExcerpts();
  const { lexicon } = await loadLexiconFiles([join(ROOT, 'lexicons/default.yaml')], ROOT, null);
  const texts = excerpts.map((x) => ({ id: x.id, text: norm(x.text) }));

  it.skipIf(excerpts.length === 0)('no lexicon example is copied from a test excerpt', () => {
    expect(liftedExamples(lexicon.entries, texts)).toEqual([]);
  });

  it.skipIf(excerpts.length === 0)('no term phrase of four words or more is copied from a test excerpt', () => {
    expect(liftedTerms(lexicon.entries, lexicon.sets, texts)).toEqual([]);
  });

  it('the checks fail on a lifted example, a lightly edited sentence and a lifted term', () => {
    const texts = [{ id: 't1', text: norm('Honestly, I sat with him for an hour and we worked out what mattered to him that week.') }];
    const entry = (examples: string[], terms: string[] = ['x']): LexiconEntry => ({ id: 'e', category: 'principle', principle: 'humanism', terms, patterns: [], stem: false, weight: 1, severity: 'info', suggest: [], negation: 'cancel', examples: { match: examples, no_match: [] } });
    expect(liftedExamples([entry(['We worked out what mattered to him that week.'])], texts)).toHaveLength(1);
    expect(liftedExamples([entry(['So I sat with him for an hour and we worked it out.'])], texts)).toEqual(['e: example "So I sat with him for an hour and we worked it out." shares "i sat with him for an hour and" with test excerpt t1']);
    expect(liftedExamples([entry(['I sat with her for a while.'])], texts)).toEqual([]);
    expect(liftedTerms([entry([], ['(sat|stayed) with <p> for an hour'])], { p: ['him', 'her'] }, texts)).toHaveLength(1);
    expect(liftedTerms([entry([], ['meet people where they are', 'sat with him'])], undefined, texts)).toEqual([]);
  });
});

// The probe sets' sentences are short and generic ("unmotivated for treatment at this time"): what the
// lexicon held before a set was written is exempt (test/fixtures/held-out/before-NAME.txt).
for (const [name, exempt] of [['holdout-2', beforeProbe], ['holdout-3', beforeProbe3], ['holdout-5', beforeProbe5], ['holdout-6', beforeProbe6]] as const) {
  describe(`held-out probe set (fixtures/probes/${name}.jsonl)`, async () => {
    const lines = heldOutProbe(name);
    const { lexicon } = await loadLexiconFiles([join(ROOT, 'lexicons/default.yaml')], ROOT, null);
    const texts = lines.map((x) => ({ id: x.id, text: norm(x.text) }));
    it.skipIf(lines.length === 0)('no example written since is copied from it', () => {
      expect(liftedExamples(lexicon.entries, texts, exempt)).toEqual([]);
    });
    it.skipIf(lines.length === 0)('no term phrase of four words or more written since is copied from it', () => {
      expect(liftedTerms(lexicon.entries, lexicon.sets, texts, new Set([...before, ...exempt]))).toEqual([]);
    });
  });
}
