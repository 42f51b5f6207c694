/**
 * lexicons/suggested-dev.yaml (candidates mined by `harmlex lexicon suggest` from the dev split and
 * reviewed) holds to the rules of the default lexicon it is proposed for: it loads, every example
 * passes, and nothing in it is copied from the test split (the checks of held-out.test.ts, applied
 * to its own entries).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExamples } from '../../src/examples.js';
import { loadLexiconFiles } from '../../src/lexicon/load.js';
import { parseTermWith } from '../../src/lexicon/terms.js';
import type { LexiconEntry } from '../../src/types.js';

const ROOT = join(__dirname, '../..');
const TEST_DIR = join(ROOT, 'fixtures/corpus/test');
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

const before = new Set(
  readFileSync(join(ROOT, 'test/fixtures/held-out/terms-before-corpus.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#')),
);

/** Word runs of length n of a normalized text. */
function runs(text: string, n: number): Set<string> {
  const w = text.trim().split(' ');
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

type Text = { id: string; text: string };

/** Examples of `entries` found in (or sharing a RUN_WORDS-word run with) the texts. */
function liftedExamples(entries: readonly LexiconEntry[], texts: readonly Text[]): string[] {
  const textRuns = new Map<string, string>();
  for (const t of texts) for (const r of runs(t.text, RUN_WORDS)) textRuns.set(r, t.id);
  const lifted: string[] = [];
  for (const e of entries) {
    for (const ex of [...e.examples.match, ...e.examples.no_match]) {
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
function liftedTerms(entries: readonly LexiconEntry[], sets: Record<string, string[]> | undefined, texts: readonly Text[]): string[] {
  const lifted: string[] = [];
  for (const e of entries) {
    for (const term of [...e.terms, ...(e.near?.all.flat() ?? [])]) {
      if (before.has(term)) continue;
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

describe('lexicons/suggested-dev.yaml', async () => {
  const { lexicon, compiled } = await loadLexiconFiles([join(ROOT, 'lexicons/suggested-dev.yaml')], ROOT, null);
  const own = lexicon.entries.filter((e) => e.id.startsWith('suggested-dev.'));
  const excerpts = testExcerpts();
  const texts = excerpts.map((x) => ({ id: x.id, text: norm(x.text) }));

  it('loads, extends the default lexicon, and every example passes', () => {
    expect(own.length).toBeGreaterThan(0);
    expect(lexicon.entries.length).toBeGreaterThan(own.length);
    for (const e of own) expect(e.source).toMatch(/lexicon suggest.*Monroe, Colaresi and Quinn 2008/);
    expect(runExamples(compiled).failures).toEqual([]);
  });

  it.skipIf(excerpts.length === 0)('no example or term phrase of four words or more is copied from a test excerpt', () => {
    expect(liftedExamples(own, texts)).toEqual([]);
    expect(liftedTerms(own, lexicon.sets, texts)).toEqual([]);
  });
});
