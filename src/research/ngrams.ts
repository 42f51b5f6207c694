/**
 * Word n-grams for `harmlex lexicon suggest`: sentences split the way lexicon phrases stop (at `.`,
 * `!`, `?`, `;`, `:` or a blank line), words from natural's RegexpTokenizer (deep import: importing
 * `natural` whole costs half a second and reads .env files), each word lower-cased, its apostrophes
 * dropped for comparison (as the matcher does) and Porter-stemmed. Pure: no files, no printing.
 */
import { createRequire } from 'node:module';
import { porterStem } from '../text/stem.js';
import { normalizeText } from '../text/words.js';

interface NaturalTokenizer {
  tokenize(text: string): string[];
}

let tokenizer: NaturalTokenizer | undefined;
let stopWords: ReadonlySet<string> | undefined;

function wordTokenizer(): NaturalTokenizer {
  if (!tokenizer) {
    const require = createRequire(import.meta.url);
    const { RegexpTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer.js') as {
      RegexpTokenizer: new (o: { pattern: RegExp }) => NaturalTokenizer;
    };
    // Gaps are anything but letters, digits, combining marks and the apostrophe: hyphens separate words, as in lexicon terms.
    tokenizer = new RegexpTokenizer({ pattern: /[^\p{L}\p{N}\p{M}']+/u });
  }
  return tokenizer;
}

/** natural's English stop words (util/stopwords.js), plus the contracted negations and fillers of talk it lacks. */
export function englishStopWords(): ReadonlySet<string> {
  if (!stopWords) {
    const require = createRequire(import.meta.url);
    const { words } = require('natural/lib/natural/util/stopwords.js') as { words: string[] };
    stopWords = new Set([...words, 'not', 'no', 'nor', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'cant', 'wont', 'wouldnt', 'couldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'im', 'ive', 'id', 'youre', 'youve', 'youd', 'hes', 'shes', 'weve', 'theyre', 'theyve', 'theyd', 'thats', 'theres', 'whats', 'lets', 'its', 'just', 'gonna', 'wanna', 'gotta', 'got', 'get', 'gets', 'getting', 'one', 'also', 'even', 'maybe', 'actually', 'right', 'like', 'um', 'uh', 'yeah', 'okay', 'ok', 'really', 'know', 'mean', 'going', 'gonna', 'kind', 'sort', 'lot', 'things', 'thing', 'say', 'says']);
  }
  return stopWords;
}

export interface Token {
  /** The word as written, lower-cased (apostrophes kept). */
  surface: string;
  /** The comparison key: lower case without apostrophes. */
  key: string;
  stem: string;
  /** UTF-16 offsets in the original text, end exclusive. */
  start: number;
  end: number;
}

const SENTENCE_END = /[.!?;:]+|\n[ \t]*\r?\n/g;

/** The text's sentences, as [start, end) offsets. */
export function sentenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    if (m.index > from) spans.push([from, m.index]);
    from = m.index + m[0].length;
  }
  if (from < text.length) spans.push([from, text.length]);
  return spans;
}

export interface Sentence {
  /** [start, end) of the sentence in the text, without its closing punctuation. */
  start: number;
  end: number;
  tokens: Token[];
}

/** Each sentence with its tokens (sentences without words are left out). */
export function tokenizeSentences(text: string): Sentence[] {
  const low = normalizeText(text);
  const out: Sentence[] = [];
  const tok = wordTokenizer();
  for (const [s, e] of sentenceSpans(low)) {
    const sentence = low.slice(s, e);
    const tokens: Token[] = [];
    let at = 0;
    for (const raw of tok.tokenize(sentence)) {
      const pos = sentence.indexOf(raw, at);
      at = pos + raw.length;
      // Apostrophes belong to a word only between letters ("don't"), not around it ('quoted').
      const lead = raw.length - raw.replace(/^'+/, '').length;
      const surface = raw.replace(/^'+|'+$/g, '');
      if (!surface) continue;
      const key = surface.replace(/'/g, '');
      tokens.push({ surface, key, stem: porterStem(key), start: s + pos + lead, end: s + pos + lead + surface.length });
    }
    if (tokens.length) out.push({ start: s, end: e, tokens });
  }
  return out;
}

export interface NgramOccurrence {
  /** Stems joined by one space: the n-gram's identity. */
  gram: string;
  n: number;
  /** The words as written, lower-cased, joined by one space. */
  surface: string;
  start: number;
  end: number;
  /** Index of the sentence in `tokenizeSentences`, and of the n-gram's first token in it. */
  sentence: number;
  first: number;
}

/** Every word n-gram of 1..maxN words within a sentence. */
export function ngrams(sentences: readonly Sentence[], maxN: number): NgramOccurrence[] {
  const out: NgramOccurrence[] = [];
  sentences.forEach(({ tokens }, si) => {
    for (let i = 0; i < tokens.length; i++) {
      let gram = '';
      let surface = '';
      for (let n = 1; n <= maxN && i + n <= tokens.length; n++) {
        const t = tokens[i + n - 1]!;
        gram = n === 1 ? t.stem : `${gram} ${t.stem}`;
        surface = n === 1 ? t.surface : `${surface} ${t.surface}`;
        out.push({ gram, n, surface, start: tokens[i]!.start, end: t.end, sentence: si, first: i });
      }
    }
  });
  return out;
}
