/**
 * The head filter: which words may start a phrase of the lexicon, as hash tables the matcher probes
 * while it reads each word, without allocating. False positives are fine (the trie decides); false
 * negatives are not.
 *
 * A word starts a walk of the trie when it is a one-word term, or its beginning is a wildcard or
 * stem prefix. A word that only ever opens longer phrases ("the", "a", "not") waits for the next
 * word: the pair (first word, second word or its prefix) must be in the pair tables; a pair that
 * only begins longer phrases waits for the third word (the triple tables), and a triple that only
 * begins longer phrases for the fourth (the quad tables). Common words are the heads of many phrases
 * and most of any text, so this keeps the trie walks to the places where a phrase is likely: on the
 * bench's medium corpus, 24,000 places for 10,000 candidates (34,000 with pairs and triples only).
 *
 * Hashes are of a word's key (lower case, apostrophes dropped), see `hashStep`.
 */
import type { WordPattern } from './terms.js';
import { porterStem } from '../text/stem.js';

export const WALK = 1;
export const PAIR = 2;
export const MORE = 2;
/** Prefixes longer than this are cut to it (a shorter prefix is a superset). */
export const PREFIX_MAX = 24;
/** A stem family whose shared beginning is at least this long is recognized by that beginning. */
export const STEM_GATE_START = 3;
/** Prefixes are first tested by their first GATE letters, once per word. */
export const GATE = 3;

const WORD_BITS = 18;
const PREFIX_BITS = 16;

/**
 * The tables are packed: the matcher reads the word and gate tables at every word of the corpus, and
 * packed they fit the processor's cache (a byte per slot did not, and cost a third of the scan).
 * A word table holds two flag bits per slot (16 slots to a Uint32), a gate table one bit per slot.
 */
export function wordFlags(table: Uint32Array, hash: number): number {
  const s = wordSlot(hash);
  const flags = (table[s >>> 4]! >>> ((s & 15) << 1)) & 3;
  if (flags === 0) return 0; // most words: one probe
  // Set at two independent slots, read as what both hold: a lexicon ten times larger fills the
  // table ten times as much, and one probe alone then let a tenth of all word pairs through.
  const t = wordSlot2(hash);
  return flags & (table[t >>> 4]! >>> ((t & 15) << 1));
}

export function gateOpen(table: Uint32Array, slot: number): boolean {
  return ((table[slot >>> 5]! >>> (slot & 31)) & 1) !== 0;
}

function setWordFlags(table: Uint32Array, hash: number, flags: number): void {
  for (const slot of [wordSlot(hash), wordSlot2(hash)]) table[slot >>> 4]! |= flags << ((slot & 15) << 1);
}

function openGate(table: Uint32Array, slot: number): void {
  table[slot >>> 5]! |= 1 << (slot & 31);
}

function wordTable(): Uint32Array {
  return new Uint32Array((1 << WORD_BITS) >>> 4);
}

function gateTable(): Uint32Array {
  return new Uint32Array((1 << PREFIX_BITS) >>> 5);
}

/**
 * What may follow an opening: the next word's hash, mixed with the opening's (`pairHash`), looked up
 * whole (`words`: WALK, the phrase may be complete or continues unpredictably; MORE, wait for one
 * more word) or by its beginning (`gate`, then `prefixes` with a bit per prefix length: WALK).
 */
export interface NextWordTables {
  /** Flags by word hash (see `wordFlags`). */
  words: Uint32Array;
  /** Bits by `prefixSlot` (see `gateOpen`). */
  gate: Uint32Array;
  prefixes: Uint32Array;
  lengths: number;
}

export interface HeadFilter {
  /** Some prefix is shorter than GATE letters: every word is a possible start (rare; never in the default). */
  walkAll: boolean;
  /** Flags by word hash (see `wordFlags`): WALK (walk the trie here), PAIR (wait for the next word) or both. */
  words: Uint32Array;
  /** Bits by `prefixSlot(hash of a word's first GATE letters)`: some prefix begins so. Most words stop here. */
  prefixGate: Uint32Array;
  /** By `prefixSlot(hash)`: bit L set when a first-word prefix of length L hashes here. */
  prefixes: Uint32Array;
  prefixLengths: number;
  /**
   * Beginnings that only open longer phrases (a stem family such as "not", "see", "will"): bit L as
   * in `prefixes`. The word waits for the next one, looked up in `pair` under the beginning's hash.
   */
  prefixPairs: Uint32Array;
  prefixPairLengths: number;
  /** The second word after a PAIR word; MORE there waits for the third (`triple`). */
  pair: NextWordTables;
  /** The third word; MORE there waits for the fourth (`quad`), for phrases of four words or more. */
  triple: NextWordTables;
  quad: NextWordTables;
}

/** One step of the key hash (a 32-bit polynomial hash over UTF-16 units). */
export function hashStep(h: number, unit: number): number {
  return (Math.imul(h, 31) + unit) | 0;
}

export function pairHash(head: number, second: number): number {
  return (Math.imul(head ^ 0x9e3779b9, 0x85ebca6b) + second) | 0;
}

function wordSlot(h: number): number {
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> (32 - WORD_BITS);
}

/** The second slot of a word-table entry (see `wordFlags`): another mix of the same hash. */
function wordSlot2(h: number): number {
  const m = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return Math.imul(m ^ (m >>> 12), 0x297a2d39) >>> (32 - WORD_BITS);
}

export function prefixSlot(h: number): number {
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> (32 - PREFIX_BITS);
}

function hashOf(key: string, length = key.length): number {
  let h = 0;
  for (let i = 0; i < length; i++) h = hashStep(h, key.charCodeAt(i));
  return h;
}

function longestCommonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** How the matcher can recognize the words one pattern matches: by beginning, or form by form. */
export interface WordShape {
  prefix: string | null;
  forms: string[];
}

/**
 * Words with the same Porter stem share the part of the word the stemmer left alone (Porter rewrites
 * endings only). When that part has at least three letters it recognizes the family; shorter
 * families ("do", "we", "i") are listed form by form: the usual inflections that the stemmer maps to
 * the same stem.
 */
export function stemFamily(key: string): WordShape {
  let family = families.get(key);
  if (!family) families.set(key, (family = computeStemFamily(key)));
  return family;
}

const families = new Map<string, WordShape>();

function computeStemFamily(key: string): WordShape {
  const stem = porterStem(key);
  const lcp = longestCommonPrefix(key, stem);
  if (lcp.length >= STEM_GATE_START) return { prefix: lcp, forms: [] };
  const candidates = new Set<string>();
  for (const base of new Set([key, stem])) {
    const last = base.slice(-1);
    for (const suffix of ['', 's', 'es', 'd', 'ed', 'ing', 'e', 'er', 'ers', 'ly', 'ness', last + 'ed', last + 'ing', last + 'er']) candidates.add(base + suffix);
    if (base.endsWith('i')) for (const suffix of ['y', 'ies', 'ied']) candidates.add(base.slice(0, -1) + suffix);
  }
  return { prefix: null, forms: [...candidates].filter((w) => porterStem(w) === stem) };
}

export function wordShape(p: WordPattern, stem: boolean): WordShape {
  if (p.kind === 'prefix') return { prefix: p.key, forms: [] };
  return stem ? stemFamily(p.key) : { prefix: null, forms: [p.key] };
}

function nextWordTables(): NextWordTables {
  return { words: wordTable(), gate: gateTable(), prefixes: new Uint32Array(1 << PREFIX_BITS), lengths: 0 };
}

export class HeadFilterBuilder {
  private readonly filter: HeadFilter = {
    walkAll: false,
    words: wordTable(),
    prefixGate: gateTable(),
    prefixes: new Uint32Array(1 << PREFIX_BITS),
    prefixLengths: 0,
    prefixPairs: new Uint32Array(1 << PREFIX_BITS),
    prefixPairLengths: 0,
    pair: nextWordTables(),
    triple: nextWordTables(),
    quad: nextWordTables(),
  };
  private empty = true;

  /** A word known by its beginning `prefix`, after an opening hashed `opening` (a WALK there). */
  private addPrefix(t: NextWordTables, opening: number, prefix: string): void {
    if (prefix.length < GATE) this.filter.walkAll = true;
    const length = Math.min(prefix.length, PREFIX_MAX);
    openGate(t.gate, prefixSlot(pairHash(opening, hashOf(prefix, GATE))));
    t.prefixes[prefixSlot(pairHash(opening, hashOf(prefix, length)))]! |= 1 << length;
    t.lengths |= 1 << length;
  }

  add(phrase: readonly WordPattern[], stem: boolean): void {
    this.empty = false;
    const f = this.filter;
    const head = wordShape(phrase[0]!, stem);
    if (head.prefix !== null) {
      if (head.prefix.length < GATE) f.walkAll = true;
      const length = Math.min(head.prefix.length, PREFIX_MAX);
      const h = hashOf(head.prefix, length);
      openGate(f.prefixGate, prefixSlot(hashOf(head.prefix, GATE)));
      if (phrase.length === 1) {
        f.prefixes[prefixSlot(h)]! |= 1 << length;
        f.prefixLengths |= 1 << length;
      } else {
        // Waits for the next words under the beginning's hash, as a whole first word does.
        f.prefixPairs[prefixSlot(h)]! |= 1 << length;
        f.prefixPairLengths |= 1 << length;
        this.addNext(h, phrase, stem, 1);
      }
    }
    if (head.forms.length === 0) return;
    if (phrase.length === 1) {
      for (const form of head.forms) setWordFlags(f.words, hashOf(form), WALK);
      return;
    }
    for (const form of head.forms) {
      const h = hashOf(form);
      setWordFlags(f.words, h, PAIR);
      this.addNext(h, phrase, stem, 1);
    }
  }

  /**
   * The word at `index` of `phrase`, after the words before it hashed `opening` (a first word or its
   * beginning, then pairs and triples): it completes the phrase (WALK), or waits for the next word
   * (MORE) in the next table (pair, triple, quad).
   */
  private addNext(opening: number, phrase: readonly WordPattern[], stem: boolean, index: 1 | 2 | 3): void {
    const f = this.filter;
    const tables = index === 1 ? f.pair : index === 2 ? f.triple : f.quad;
    const shape = wordShape(phrase[index]!, stem);
    // A word known by its beginning completes the opening (no wait for the next word after a beginning).
    if (shape.prefix !== null) this.addPrefix(tables, opening, shape.prefix);
    const last = index === 3 || index === phrase.length - 1;
    for (const form of shape.forms) {
      const hashed = pairHash(opening, hashOf(form));
      setWordFlags(tables.words, hashed, last ? WALK : MORE);
      if (!last) this.addNext(hashed, phrase, stem, (index + 1) as 2 | 3);
    }
  }

  build(): HeadFilter | null {
    return this.empty ? null : this.filter;
  }
}
