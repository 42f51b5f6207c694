/**
 * Mined candidates as lexicon entries a person can review: one entry per candidate, its term the
 * n-gram as most often written (with `stem: true`, so other forms of its words match too), and
 * examples checked against the base lexicon plus the candidates, exactly as `harmlex lexicon test`
 * checks them: `examples.match` are sentences of the coded excerpts the candidate came from where
 * the entry gives a counted match; `examples.no_match` are sentences of excerpts without the code
 * that share a word with the candidate but that the entry does not match. (Sentences of other codes'
 * excerpts where the candidate *does* occur cannot be `no_match` examples, since it matches them:
 * they are listed, by id, in the entry's comment.) Pure.
 */
import { compileLexicon, type CompiledLexicon } from '../lexicon/compile.js';
import { lexiconHash } from '../lexicon/build.js';
import { scanText } from '../scan/scan.js';
import type { Lexicon, LexiconEntry, Principle } from '../types.js';
import { tokenizeSentences } from './ngrams.js';
import { codesOf, type Candidate, type MineResult, type SentenceRef, type SuggestExcerpt } from './suggest.js';

export const METHOD_CITATION = 'weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, Political Analysis 16(4):372-403)';

export interface SuggestedEntry {
  entry: LexiconEntry;
  candidate: Candidate;
  /** Excerpts without the code where the candidate occurs: id and their codes. */
  others: { id: string; codes: string[] }[];
}

export interface EntriesResult {
  entries: SuggestedEntry[];
  /** Candidates that could not become entries, with why. */
  dropped: { code: string; term: string; reason: string }[];
  /** The base lexicon with the candidate entries added, compiled. */
  compiled: CompiledLexicon;
}

export interface EntriesOptions {
  /** Names the coded data in each entry's `source` ("coded.jsonl (120 excerpts)"). */
  sourceLabel: string;
  /** At most this many match / no_match examples per entry (default 3 / 2). */
  maxMatch?: number;
  maxNoMatch?: number;
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function sentenceText(text: string, r: { start: number; end: number }): string {
  const close = /[.!?]/.test(text[r.end] ?? '') ? text[r.end]! : '';
  return `${text.slice(r.start, r.end)}${close}`.replace(/\s+/g, ' ').trim();
}

function withEntries(base: Lexicon, entries: readonly LexiconEntry[]): Lexicon {
  const all = [...base.entries, ...entries];
  return { ...base, entries: all, sha256: lexiconHash(base.settings, all) };
}

function entryFor(c: Candidate, id: string, sourceLabel: string): LexiconEntry {
  const category = c.code === 'antithetical' || c.code === 'stigma' ? c.code : 'principle';
  return {
    id,
    category,
    ...(category === 'principle' ? { principle: c.code as Principle } : {}),
    group: 'suggested',
    terms: [c.term],
    patterns: [],
    stem: true,
    weight: 1,
    severity: category === 'principle' ? 'info' : 'warning',
    suggest: [],
    note: `Candidate mined by harmlex lexicon suggest for the code "${c.code}": review before use.`,
    source: `harmlex lexicon suggest on ${sourceLabel}, ${METHOD_CITATION}`,
    negation: 'cancel',
    examples: { match: [], no_match: [] },
  };
}

const isOwn = (id: string) => (m: { entry: string; counted: boolean; negated: boolean }) => m.entry === id && m.counted && !m.negated;

/** Turn mined candidates into checked entries that extend `base`. */
export function candidateEntries(mined: MineResult, excerpts: readonly SuggestExcerpt[], base: Lexicon, options: EntriesOptions): EntriesResult {
  const maxMatch = options.maxMatch ?? 3;
  const maxNoMatch = options.maxNoMatch ?? 2;
  const ids = new Set(base.entries.map((e) => e.id));
  const dropped: EntriesResult['dropped'] = [];
  let pending: { entry: LexiconEntry; candidate: Candidate }[] = [];
  for (const r of mined.codes) {
    for (const c of r.candidates) {
      let id = `suggest-${c.code}-${slug(c.term) || 'ngram'}`;
      for (let k = 2; ids.has(id); k++) id = `suggest-${c.code}-${slug(c.term) || 'ngram'}-${k}`;
      ids.add(id);
      pending.push({ entry: entryFor(c, id, options.sourceLabel), candidate: c });
    }
  }

  // A phrase may belong to one entry only: candidates that repeat a base (or earlier) phrase go.
  let { compiled, conflicts } = compileLexicon(withEntries(base, pending.map((p) => p.entry)));
  if (conflicts.length) {
    const bad = new Set(conflicts.map((c) => compiled.lexicon.entries[c.entry]!.id));
    for (const p of pending) if (bad.has(p.entry.id)) dropped.push({ code: p.candidate.code, term: p.candidate.term, reason: 'its phrase is already a term of another entry' });
    pending = pending.filter((p) => !bad.has(p.entry.id));
    compiled = compileLexicon(withEntries(base, pending.map((p) => p.entry))).compiled;
  }

  const codes = excerpts.map(codesOf);
  const sentencesOf = new Map<number, { start: number; end: number; stems: Set<string> }[]>();
  const sentences = (xi: number) => {
    let s = sentencesOf.get(xi);
    if (!s) sentencesOf.set(xi, (s = tokenizeSentences(excerpts[xi]!.text).map((x) => ({ start: x.start, end: x.end, stems: new Set(x.tokens.map((t) => t.stem)) }))));
    return s;
  };

  const kept: SuggestedEntry[] = [];
  const keptEntries: LexiconEntry[] = [];
  for (const { entry, candidate: c } of pending) {
    const own = isOwn(entry.id);
    const sentencesIn = c.inSentences.map((ref) => sentenceText(excerpts[ref.excerpt]!.text, ref));
    // Mostly said after a negation cue in its own excerpts ("they never really change"): the cue is part
    // of how the code is said there, so negation must not cancel it.
    let negated = 0;
    let counted = 0;
    for (const s of sentencesIn) {
      const hits = scanText(s, compiled, { context: false }).filter((m) => m.entry === entry.id);
      if (hits.some((m) => m.counted && !m.negated)) counted++;
      else if (hits.some((m) => m.negated)) negated++;
    }
    if (negated > counted) {
      entry.negation = 'keep';
      compiled = compileLexicon(withEntries(base, pending.map((p) => p.entry))).compiled;
    }
    const match: string[] = [];
    for (const s of sentencesIn) {
      if (match.length >= maxMatch) break;
      if (!match.includes(s) && scanText(s, compiled, { context: false }).some(own)) match.push(s);
    }
    const stems = new Set(c.gram.split(' '));
    const occurring = new Set(c.outSentences.map((r: SentenceRef) => r.excerpt));
    const noMatch: string[] = [];
    for (let xi = 0; xi < excerpts.length && noMatch.length < maxNoMatch; xi++) {
      if (!codes[xi]!.coded.has(c.code) || codes[xi]!.has.has(c.code) || occurring.has(xi)) continue;
      for (const sen of sentences(xi)) {
        if (![...stems].some((s) => sen.stems.has(s))) continue;
        const s = sentenceText(excerpts[xi]!.text, sen);
        if (!noMatch.includes(s) && !scanText(s, compiled, { context: false }).some(own)) {
          noMatch.push(s);
          break;
        }
      }
    }
    entry.examples = { match, no_match: noMatch };
    keptEntries.push(entry);
    kept.push({ entry, candidate: c, others: c.outSentences.map((r) => ({ id: excerpts[r.excerpt]!.id, codes: [...codes[r.excerpt]!.has] })) });
  }
  // Entries dropped above no longer compete for matches: check the examples again without them.
  let finalCompiled = compiled;
  if (keptEntries.length !== pending.length) {
    finalCompiled = compileLexicon(withEntries(base, keptEntries)).compiled;
    for (const e of keptEntries) {
      const own = isOwn(e.id);
      e.examples = {
        match: e.examples.match.filter((s) => scanText(s, finalCompiled, { context: false }).some(own)),
        no_match: e.examples.no_match.filter((s) => !scanText(s, finalCompiled, { context: false }).some(own)),
      };
    }
  }
  return { entries: kept, dropped, compiled: finalCompiled };
}
