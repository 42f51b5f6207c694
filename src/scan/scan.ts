/**
 * The matcher: (text, compiled lexicon) -> matches. Pure and synchronous.
 *
 * 1. Normalize once (lower case, typographic quotes and dashes folded; offsets unchanged).
 * 2. One pass over the words (wordpass.ts, in WebAssembly where it is available): a hash filter of
 *    first words says where a term may start; there, walk the word trie for the longest phrase
 *    (literal words, suffix wildcards, Porter stems).
 * 3. Context rules: `exceptions` and `requires` decide whether it is a match at all; a negation cue
 *    before it (same clause) marks it negated, which cancels it, is ignored, or turns it into
 *    evidence for a principle, as the entry says.
 * 4. Line, column and a context snippet are added in one forward pass.
 */
import { STEM_GATE_START } from '../lexicon/heads.js';
import type { HeadFilter } from '../lexicon/heads.js';
import { readyNode, type CompiledEntry, type CompiledLexicon, type Terminal, type TrieNode } from '../lexicon/compile.js';
import type { WordPattern } from '../lexicon/terms.js';
import type { Match } from '../types.js';
import { porterStem } from '../text/stem.js';
import { attributionCue, phraseAt, quotedSpeech, rejectedNaming } from './attribution.js';
import { otherSubject } from './others.js';
import { patternFilterOf } from './pattern-filter.js';
import { phraseStarts, type WordPass } from './wordpass.js';
import { fold, originalSpan, type Folded } from '../text/fold.js';
import { countWords, gapBreaks, isWordChar, nextWord, normalizeText, previousWord, wordEnd, wordKey, wordsAfter, wordsBefore, type Word } from '../text/words.js';

export interface ScanOptions {
  /** Include a context snippet with each match (default true). */
  context?: boolean;
  /** Characters of context on each side (default 50). */
  contextChars?: number;
  /** The text snippets are cut from, if not the scanned text (same length and offsets; see text/speakers.ts `display`). */
  contextText?: string;
  /**
   * Keep at most this many matches of a document (default: all); the ones past it are counted (in
   * `overflow`, so scores stay exact) but not kept, so memory stays bounded on a text where every word matches.
   */
  maxMatches?: number;
  /** Which implementation of the word pass runs (default `wasm`; the result is the same). */
  wordPass?: WordPass;
  /**
   * Skip a lexicon pattern on a text that lacks the words its every match contains (default true;
   * the result is the same: scan/pattern-filter.ts).
   */
  patternFilter?: boolean;
  /**
   * Use what the build worked out of the built-in lexicon (`CompiledLexicon.built`: its patterns
   * checked and analysed, its shared proximity anchors) (default true; the result is the same);
   * false works it out again.
   */
  precomputed?: boolean;
}

/** Matches past `maxMatches`: what scoring needs of them (category, principle, counted, weight), with how many. */
export interface MatchTally {
  category: Match['category'];
  principle: Match['principle'];
  counted: boolean;
  weight: number;
  n: number;
}

/** Why a candidate was not kept: for `harmlex explain` and tests. */
export interface Candidate {
  entry: number;
  start: number;
  end: number;
  /** null when kept; otherwise the rule that dropped it. */
  dropped: string | null;
  negationCue: string | null;
  /** A mention cue ("the word", "herself") before a stigma or antithetical match. */
  mentionCue: string | null;
  /** The frame of speech reported from others ("my colleagues call"), see scan/attribution.ts. */
  attributionCue: string | null;
  /** A proximity match: its anchor phrase [start, end) (the span runs from the first to the last part). */
  anchor?: [number, number];
  /** Found by one of the entry's regular-expression `patterns`, which may span any words. */
  fromPattern?: true;
}

function phraseText(phrase: readonly WordPattern[]): string {
  return phrase.map((p) => (p.kind === 'prefix' ? `${p.key}*` : p.key)).join(' ');
}

interface Found {
  end: number;
  terminal: Terminal;
}

function better(best: Found | null, t: Terminal, end: number): boolean {
  return !best || end > best.end || (end === best.end && (t.rank < best.terminal.rank || (t.rank === best.terminal.rank && t.entry < best.terminal.entry)));
}

/** Should `key` be stemmed at this node? Cheap tests first: stemming every word costs more than the scan. */
function passesStemGate(node: TrieNode, key: string): boolean {
  const gate = node.stemGate;
  if (!gate) return true;
  if (gate.forms.has(key)) return true;
  if (key.length < STEM_GATE_START) return false;
  const prefixes = gate.starts.get(key.slice(0, STEM_GATE_START));
  if (prefixes) for (const p of prefixes) if (key.startsWith(p)) return true;
  return false;
}

/** Extend `best` with the phrases of `node`'s children that the word [start, end) (key `key`) continues. */
function walk(low: string, node: TrieNode, end: number, key: string, best: Found | null): Found | null {
  readyNode(node);
  const exact = node.words?.get(key);
  if (exact) best = follow(low, exact, end, best);
  if (node.prefixes) for (const [k, c] of node.prefixes) if (key.startsWith(k)) best = follow(low, c, end, best);
  if (node.stems && passesStemGate(node, key)) {
    const c = node.stems.get(porterStem(key));
    if (c) best = follow(low, c, end, best);
  }
  return best;
}

function follow(low: string, child: TrieNode, end: number, best: Found | null): Found | null {
  readyNode(child);
  const t = child.terminal;
  if (t && better(best, t, end)) best = { end, terminal: t };
  if (child.words || child.prefixes || child.stems) {
    const w = nextWord(low, end);
    if (w && !gapBreaks(low, end, w.start)) best = walk(low, child, w.end, w.key, best);
  }
  return best;
}

/** Longest phrase of the trie starting with the word at `start`. */
function longestAt(low: string, start: number, root: TrieNode): Found | null {
  const end = wordEnd(low, start);
  return walk(low, root, end, wordKey(low, start, end), null);
}

/**
 * The longest phrase at `start` whose terminal `ok` accepts (the matcher's walk, with a filter: used
 * only for stigma terms inside an antithetical phrase, off the hot path).
 */
function longestWhere(low: string, start: number, root: TrieNode, ok: (t: Terminal, end: number) => boolean): Found | null {
  const walkW = (node: TrieNode, end: number, key: string, best: Found | null): Found | null => {
    readyNode(node);
    const exact = node.words?.get(key);
    if (exact) best = followW(exact, end, best);
    if (node.prefixes) for (const [k, c] of node.prefixes) if (key.startsWith(k)) best = followW(c, end, best);
    if (node.stems && passesStemGate(node, key)) {
      const c = node.stems.get(porterStem(key));
      if (c) best = followW(c, end, best);
    }
    return best;
  };
  const followW = (child: TrieNode, end: number, best: Found | null): Found | null => {
    readyNode(child);
    const t = child.terminal;
    if (t && ok(t, end) && better(best, t, end)) best = { end, terminal: t };
    if (child.words || child.prefixes || child.stems) {
      const w = nextWord(low, end);
      if (w && !gapBreaks(low, end, w.start)) best = walkW(child, w.end, w.key, best);
    }
    return best;
  };
  const end = wordEnd(low, start);
  return walkW(root, end, wordKey(low, start, end), null);
}

type PhraseList = readonly (readonly WordPattern[])[];

/**
 * A list of phrases indexed by one of their words (the first or the last): positions in the list
 * by that word's key, and, tried everywhere, the phrases where that word is a wildcard. The context
 * rules look a phrase up by the word at each position near a match instead of trying every phrase
 * at every position (a lexicon has dozens of exceptions and cues per entry).
 */
interface PhraseIndex {
  byKey: Map<string, number[]>;
  wildcards: number[];
}

const firstWordIndexes = new WeakMap<PhraseList, PhraseIndex>();
const lastWordIndexes = new WeakMap<PhraseList, PhraseIndex>();

function phraseIndex(list: PhraseList, anchor: 'first' | 'last'): PhraseIndex {
  const cache = anchor === 'first' ? firstWordIndexes : lastWordIndexes;
  let index = cache.get(list);
  if (!index) {
    index = { byKey: new Map(), wildcards: [] };
    list.forEach((phrase, i) => {
      const w = anchor === 'first' ? phrase[0] : phrase[phrase.length - 1];
      if (!w || w.kind === 'prefix') index!.wildcards.push(i);
      else {
        const at = index!.byKey.get(w.key);
        if (at) at.push(i);
        else index!.byKey.set(w.key, [i]);
      }
    });
    cache.set(list, index);
  }
  return index;
}

/**
 * The first phrase of `list` (in list order) that has its anchor word at one of the positions
 * `from`, `from + step`, ... (`count` of them) of `words` and matches there; -1 if none. `back`:
 * the anchor is the phrase's last word (the phrase starts before it), else its first.
 */
function firstPhraseAt(list: PhraseList, index: PhraseIndex, words: readonly Word[], from: number, step: number, count: number, back: boolean): { phrase: number; start: number } {
  let best = -1;
  let bestStart = -1;
  for (let k = 0, position = from; k < count; k++, position += step) {
    const word = words[position];
    if (!word) continue;
    for (let pass = 0; pass < 2; pass++) {
      const candidates = pass === 0 ? index.byKey.get(word.key) : index.wildcards;
      if (!candidates) continue;
      for (const c of candidates) {
        if (best !== -1 && c >= best) continue;
        const phrase = list[c]!;
        const at = back ? position - phrase.length + 1 : position;
        if (phraseAt(words, at, phrase)) {
          best = c;
          bestStart = at;
        }
      }
    }
  }
  return { phrase: best, start: bestStart };
}

/** The first context rule that rules the candidate out, or null. */
function contextVeto(low: string, ce: CompiledEntry, start: number, end: number, reach: number): string | null {
  if (ce.exceptionsBefore.length) {
    const before = wordsBefore(low, start, ce.exceptionsWindow + reach).reverse();
    // The phrase must end within `window` words of the match: its last word is one of those.
    const found = firstPhraseAt(ce.exceptionsBefore, phraseIndex(ce.exceptionsBefore, 'last'), before, before.length - 1, -1, Math.min(ce.exceptionsWindow, before.length), true);
    if (found.phrase !== -1) return `exception: "${phraseText(ce.exceptionsBefore[found.phrase]!)}" before`;
  }
  if (ce.exceptionsAfter.length) {
    const after = wordsAfter(low, end, ce.exceptionsWindow + reach);
    const found = firstPhraseAt(ce.exceptionsAfter, phraseIndex(ce.exceptionsAfter, 'first'), after, 0, 1, Math.min(ce.exceptionsWindow, after.length), false);
    if (found.phrase !== -1) return `exception: "${phraseText(ce.exceptionsAfter[found.phrase]!)}" after`;
  }
  if (ce.requires.length) {
    const around = [...wordsBefore(low, start, ce.requiresWindow, undefined, ce.nearAcross).reverse(), ...wordsAfter(low, end, ce.requiresWindow, undefined, ce.nearAcross)];
    const found = firstPhraseAt(ce.requires, phraseIndex(ce.requires, 'first'), around, 0, 1, around.length, false);
    if (found.phrase === -1) return 'requires: no required word nearby';
  }
  if (ce.unless.length) {
    const around = [...wordsBefore(low, start, ce.unlessWindow, undefined, ce.nearAcross).reverse(), ...wordsAfter(low, end, ce.unlessWindow, undefined, ce.nearAcross)];
    const found = firstPhraseAt(ce.unless, phraseIndex(ce.unless, 'first'), around, 0, 1, around.length, false);
    if (found.phrase !== -1) return `unless: "${phraseText(ce.unless[found.phrase]!)}" nearby (another sense)`;
  }
  return null;
}

/**
 * A cue in the clause before `start`; words before `floor` (an earlier match) are not searched.
 * `commaBreaks`: a cue followed by a comma is not one ("No, he is an addict": an answer, not a
 * negation of what follows); a later cue in the clause still is. (A comma one word further, "I
 * won't lie, ...", would end the cue's reach too, but on general English that rule gave 6 more
 * documents of 5,000 a placement, against the target, so it is not applied.)
 */
function cueBefore(low: string, cues: PhraseList, window: number, stop: ReadonlySet<string>, start: number, floor: number, commaBreaks = false, pseudo: PhraseList = [], skipAt?: (low: string, cue: Word) => boolean): string | null {
  if (cues.length === 0) return null;
  const before = wordsBefore(low, start, window, stop)
    .filter((w) => w.start >= floor)
    .reverse();
  for (let from = 0; from < before.length; ) {
    // The first cue in list order, at its first place.
    const found = firstPhraseAt(cues, phraseIndex(cues, 'first'), before, from, 1, before.length - from, false);
    if (found.phrase === -1) return null;
    const last = found.start + cues[found.phrase]!.length - 1;
    if ((commaBreaks && (low.slice(before[last]!.end, before[last + 1]?.start ?? start).includes(',') || closedCondition(low, before[found.start]!.start, before[last]!.end, start))) || pseudo.some((p) => phraseAt(before, found.start, p)) || skipAt?.(low, before[found.start]!)) {
      from = found.start + 1;
      continue;
    }
    return before
      .slice(found.start, last + 1)
      .map((w) => low.slice(w.start, w.end))
      .join(' ');
  }
  return null;
}

const CONDITION_OPENER = /\b(if|unless|when|whenever|until|once|whether)\b[^,.;:!?]*$/;

/**
 * Is the cue [cueStart, cueEnd) inside a condition that a comma closes before `start`? "If she doesn't
 * stop using, we'll discharge her": the negation belongs to the condition, not to the main clause
 * after the comma (NegEx scope ends with the clause; Chapman et al. 2001).
 */
function closedCondition(low: string, cueStart: number, cueEnd: number, start: number): boolean {
  if (!low.slice(cueEnd, start).includes(',')) return false;
  return CONDITION_OPENER.test(low.slice(Math.max(0, cueStart - 80), cueStart));
}

/** A cue starting within `window` words after `end`, in the clause ("junkie is an outdated term"), or null. */
function cueAfter(low: string, cues: PhraseList, window: number, stop: ReadonlySet<string>, end: number): string | null {
  if (cues.length === 0) return null;
  const longest = cues.reduce((n, p) => Math.max(n, p.length), 0);
  const after = wordsAfter(low, end, window + longest, stop);
  const found = firstPhraseAt(cues, phraseIndex(cues, 'first'), after, 0, 1, Math.min(window, after.length), false);
  if (found.phrase === -1) return null;
  return after
    .slice(found.start, found.start + cues[found.phrase]!.length)
    .map((w) => low.slice(w.start, w.end))
    .join(' ');
}

/**
 * Try a phrase at each position where the head filter says one may start (see wordpass.ts), in
 * order; a kept match moves on past its end. Returns the number of words.
 */
function forEachPhraseStart(low: string, heads: HeadFilter | null, trace: Trace, text: string, pass: WordPass): number {
  if (!heads) return countWords(text);
  if (low.length > wordPassWindow.chars) return forEachPhraseStartWindowed(low, heads, trace, text, pass);
  const { starts, count, words } = phraseStarts(low, text, heads, pass);
  let resumeAt = 0;
  for (let k = 0; k < count; k++) {
    const start = starts[k]!;
    if (start >= resumeAt) resumeAt = Math.max(resumeAt, tryPhraseAt(trace, start));
    else if (start < trace.insideEnd) tryStigmaInside(trace, start);
  }
  return words;
}

/**
 * A long text's word pass, a window at a time, so its memory (two bytes a character and four a
 * word, in WebAssembly memory that never shrinks) stays that of one window, not of a 100 MB text.
 * Windows end at a space or a line break (no word is cut, and word counts add up); each pass
 * reads a little past its window's end, so a phrase's head filter sees the words that follow.
 * `wordPassWindow.chars = Infinity` turns windows off (the tests compare both).
 */
export const wordPassWindow = { chars: 4 * 1024 * 1024, lookahead: 4096 };

function isBreak(low: string, i: number): boolean {
  const c = low.charCodeAt(i);
  return c === 32 || c === 10;
}

/** The first break at or after `i` (or the end); null when there is none within `limit` characters. */
function breakFrom(low: string, i: number, limit: number): number | null {
  const stop = Math.min(low.length, i + limit);
  for (let k = i; k < stop; k++) if (isBreak(low, k)) return k;
  return stop === low.length ? low.length : null;
}

function forEachPhraseStartWindowed(low: string, heads: HeadFilter, trace: Trace, text: string, pass: WordPass): number {
  const n = low.length;
  const { chars, lookahead } = wordPassWindow;
  let words = 0;
  let resumeAt = 0;
  for (let a = 0; a < n; ) {
    // The window [a, b): b at a break (else, in a text without one, the rest of the text).
    let b = a + chars >= n ? n : breakFrom(low, a + chars, chars) ?? n;
    // What the pass reads: past b by `lookahead` characters, to a break.
    const e = b === n ? n : (breakFrom(low, Math.min(n, b + lookahead), chars) ?? n);
    const { starts, count, words: w } = phraseStarts(low.slice(a, e), text.slice(a, e), heads, pass);
    for (let k = 0; k < count; k++) {
      const start = a + starts[k]!;
      if (start >= b) break;
      if (start >= resumeAt) resumeAt = Math.max(resumeAt, tryPhraseAt(trace, start));
      else if (start < trace.insideEnd) tryStigmaInside(trace, start);
    }
    words += e > b ? w - countWords(text.slice(b, e)) : w;
    a = b;
  }
  return words;
}

/** Every candidate with the reason it was dropped, if it was: the matcher's full trace. */
export function findCandidates(text: string, compiled: CompiledLexicon, low?: string, filters: Pick<ScanOptions, 'patternFilter' | 'precomputed'> = {}): Candidate[] {
  const folded = low === undefined ? fold(text) : null;
  const prefilter = filters.patternFilter ?? true;
  const built = filters.precomputed ?? true;
  if (!folded) return traceText(text, compiled, low ?? normalizeText(text), undefined, 'wasm', prefilter, built).candidates;
  // Scanned folded (text/fold.ts); every offset mapped back into the original text.
  return traceText(folded.text, compiled, undefined, undefined, 'wasm', prefilter, built).candidates.map((c) => {
    const [start, end] = originalSpan(folded, c.start, c.end);
    return { ...c, start, end };
  });
}

/** The state of one text's trace, passed to plain functions (a fixed call target keeps the hot loop optimized). */
interface Trace {
  low: string;
  compiled: CompiledLexicon;
  out: Candidate[];
  /** The words of a kept match are not mention cues for the next one, nor negation cues but the one `openCueStart` leaves open. */
  lastKeptEnd: number;
  /**
   * Where the next match's negation cues may begin: the start of a cue that ends the last kept
   * match, or has only auxiliaries of it after it ("we don't", "not going to": its predicate comes
   * next); else `lastKeptEnd` (a cue with its predicate inside the match, "no judgment", "never give
   * up on", was used by that match).
   */
  openCueStart: number;
  /** The last kept candidate: a negation or a mention carries over a coordination to the next. */
  lastKept: Candidate | null;
  /** Proximity rules sharing an anchor phrase (CompiledLexicon.nearAlternates, or the build's copy). */
  alternates: ReadonlyMap<number, number[]>;
  /** A proximity match began before its anchor: the candidates need sorting. */
  unsorted: boolean;
  /** The end of the last kept antithetical phrase: stigma terms inside it are matched too. */
  insideEnd: number;
  /** Kept candidates so far, and how many may be kept before the rest are only tallied. */
  kept?: number;
  cap?: number;
  tally?: Map<string, MatchTally>;
}

/**
 * Inside a kept antithetical phrase ("get clean first", "dirty urines and you're out"), a stigma
 * term is a match of its own (its own suggestion, its own stigma evidence): the longest phrase at
 * `start` is judged when it is a stigma entry's and ends within the antithetical phrase.
 */
function tryStigmaInside(t: Trace, start: number): void {
  const limit = t.insideEnd;
  const found = longestWhere(t.low, start, t.compiled.root, (x, end) => end <= limit && t.compiled.entries[x.entry]!.entry.category === 'stigma');
  if (!found) return;
  const { lastKept, lastKeptEnd, openCueStart, insideEnd } = t;
  decide(t, found.terminal.entry, start, found.end);
  // The outer phrase stays the one later matches are judged after.
  t.lastKept = lastKept;
  t.lastKeptEnd = lastKeptEnd;
  t.openCueStart = openCueStart;
  t.insideEnd = insideEnd;
}

/** A kept match past the cap: counted for the scores (as scanTextCounted would count it), not kept. */
function tallyMatch(t: Trace, entry: number, negationCue: string | null, mentionCue: string | null, attributionCue: string | null): void {
  const e = t.compiled.entries[entry]!.entry;
  const negated = negationCue !== null;
  const mention = mentionCue !== null;
  const reportedOnly = attributionCue !== null && !t.compiled.attribution.count;
  const becomes = negated && !mention && typeof e.negation === 'object' ? e.negation.becomes : null;
  const category = becomes ? ('principle' as const) : e.category;
  const principle = becomes ?? e.principle ?? null;
  const counted = !mention && !reportedOnly && (!negated || becomes !== null);
  const key = `${category}|${principle}|${counted}|${e.weight}`;
  const had = t.tally!.get(key);
  if (had) had.n++;
  else t.tally!.set(key, { category, principle, counted, weight: e.weight, n: 1 });
}

/** Where a phrase of `list` is in `words` (chronological), as offsets; null if none. */
function findIn(list: PhraseList, words: readonly Word[]): [number, number] | null {
  if (!list.length || !words.length) return null;
  const found = firstPhraseAt(list, phraseIndex(list, 'first'), words, 0, 1, words.length, false);
  if (found.phrase === -1) return null;
  return [words[found.start]!.start, words[found.start + list[found.phrase]!.length - 1]!.end];
}

/**
 * A proximity rule at its anchor [start, end): a phrase of every other list within `nearWithin`
 * words before or after, in the same sentence (with `near.across`, in the same paragraph). Returns
 * the span from the first to the last of them, or null when a list has no phrase there.
 */
function nearSpan(low: string, ce: CompiledEntry, start: number, end: number): { span: [number, number]; parts: [number, number][] } | null {
  const before = wordsBefore(low, start, ce.nearWithin, undefined, ce.nearAcross).reverse();
  const after = wordsAfter(low, end, ce.nearWithin, undefined, ce.nearAcross);
  let from = start;
  let to = end;
  const parts: [number, number][] = [[start, end]];
  for (const list of ce.near) {
    const at = findIn(list, before) ?? findIn(list, after);
    if (!at) return null;
    from = Math.min(from, at[0]);
    to = Math.max(to, at[1]);
    parts.push(at);
  }
  return { span: [from, to], parts };
}

/** A cue after one of these, inside a proximity span, starts a predicate of its own ("grow up and stop making excuses"). */
const PREDICATE_STARTS = new Set(['and', 'or', 'so', 'then', 'nor']);

/**
 * A negation cue between the parts of a proximity match negates it, as one before it does ("harm
 * reduction isn't giving up"): a cue in a gap between two parts, outside every part's own phrase,
 * in a gap with no comma, no clause end (`but`, `;`, ...) after the cue and no coordinator (`and`,
 * `or`, `so`, `then`) before it ("she's just weak, she can't say no", "grow up and stop making
 * excuses" keep their idea). Pseudo-negations ("not only") are not cues.
 */

function cueInside(low: string, compiled: CompiledLexicon, parts: readonly [number, number][]): string | null {
  const cues = compiled.negationCues;
  if (cues.length === 0 || parts.length < 2) return null;
  const sorted = [...parts].sort((a, b) => a[0] - b[0]);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const gapStart = sorted[i]![1];
    const gapEnd = sorted[i + 1]![0];
    if (gapEnd <= gapStart) continue;
    const words = wordsAfter(low, gapStart, compiled.negationWindow + 20).filter((w) => w.end <= gapEnd);
    for (let from = 0; from < words.length; ) {
      const found = firstPhraseAt(cues, phraseIndex(cues, 'first'), words, from, 1, words.length - from, false);
      if (found.phrase === -1) break;
      const last = found.start + cues[found.phrase]!.length - 1;
      const rest = words.slice(last + 1);
      const lead = words.slice(0, found.start);
      const broken = low.slice(gapStart, gapEnd).includes(',') || rest.some((w) => compiled.terminators.has(w.key)) || lead.some((w) => PREDICATE_STARTS.has(w.key)) || compiled.negationPseudo.some((p) => phraseAt(words, found.start, p));
      if (!broken) return words.slice(found.start, last + 1).map((w) => low.slice(w.start, w.end)).join(' ');
      from = found.start + 1;
    }
  }
  return null;
}

const OPENING_QUOTES = new Set(['"', "'", '\u201c', '\u2018', '\u00ab']);
const CLOSING_QUOTES = new Set(['"', "'", '\u201d', '\u2019', '\u00bb']);

const REFLEXIVES = new Set(['myself', 'himself', 'herself', 'themselves', 'themself', 'ourselves', 'yourself']);
const INTENSIFIED = new Set(['pt', 'patient', 'client', 'he', 'she', 'they', 'i', 'we', 'you']);

/**
 * A reflexive right after its subject is an intensifier ("pt himself was angry with every nurse"),
 * not a mention cue like "calls himself an addict", where a verb comes between.
 */
function intensifier(low: string, cue: Word): boolean {
  if (!REFLEXIVES.has(cue.key)) return false;
  const prev = previousWord(low, cue.start);
  return prev !== null && !gapBreaks(low, prev.end, cue.start) && INTENSIFIED.has(prev.key);
}

/** The patient as the subject of a reporting frame ("pt states", "she says"). */
const PATIENT_SUBJECTS = new Set(['pt', 'patient', 'he', 'she', 'they']);

/**
 * A match that is itself a quotation ("pt states she had a 'reaction'") after a frame whose subject
 * is the patient: the writer's act of quoting the patient, the scare quotes of Beach et al. 2021,
 * and the writer's own (the frame is dropped). A third party's labelling frame ("the officer described
 * him as 'a typical criminal'") still attributes the quotation to that party.
 */
function scareQuotesOwn(low: string, start: number, end: number, cue: string | null): string | null {
  if (cue === null || end - start < 2 || !OPENING_QUOTES.has(low[start]!) || !CLOSING_QUOTES.has(low[end - 1]!)) return cue;
  const subject = /^[\p{L}\p{N}]+/u.exec(cue)?.[0];
  return subject !== undefined && PATIENT_SUBJECTS.has(subject) ? null : cue;
}

/** Is [start, end) one of this proximity entry's anchor phrases? (An alternate sharing the span with another.) */
function anchorAt(low: string, ce: CompiledEntry, start: number, end: number): boolean {
  const longest = ce.nearAnchors.reduce((n, p) => Math.max(n, p.length), 0);
  const words = wordsAfter(low, start, longest);
  const key = (k: string) => (ce.entry.stem ? porterStem(k) : k);
  return ce.nearAnchors.some((p) => {
    if (p.length > words.length || words[p.length - 1]!.end !== end) return false;
    return p.every((w, i) => (w.kind === 'prefix' ? words[i]!.key.startsWith(w.key) : key(words[i]!.key) === key(w.key)));
  });
}

/** How many of a kept match's last words are looked at for an open cue. */
const OPEN_CUE_TAIL = 8;

/**
 * Words a negation reaches through to the predicate it negates: auxiliaries, the infinitive `to`,
 * pronouns, articles ("not going to", "nobody gets", "don't get you", "we don't even").
 */
const NEGATION_PASSES = new Set([
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'have', 'has', 'had', 'will', 'would', 'can', 'could',
  'should', 'shall', 'may', 'might', 'must', 'going', 'gonna', 'to', 'get', 'gets', 'got', 'getting',
  'i', 'we', 'you', 'they', 'he', 'she', 'it', 'me', 'us', 'them', 'him', 'her', 'a', 'an', 'the', 'ever', 'even', 'really',
]);

/**
 * A kept match [start, end) leaves a negation cue open when the cue ends the match, or only words of
 * NEGATION_PASSES follow it in the match: the predicate it negates comes after the match ("we don't"
 * + "kick people out"). Returns where the next match's look-back for a cue may begin: that cue's
 * start, or `end` when the match has no open cue (its cue, if any, negated a word of the match).
 */
function openCueStart(low: string, compiled: CompiledLexicon, start: number, end: number): number {
  const cues = compiled.negationCues;
  if (cues.length === 0) return end;
  const longest = cues.reduce((n, p) => Math.max(n, p.length), 0);
  // The match's last words (a cue and the auxiliaries after it), then as many as a cue may run past its end.
  const tail = wordsBefore(low, end, OPEN_CUE_TAIL).filter((w) => w.start >= start).reverse();
  const words = [...tail, ...wordsAfter(low, end, longest - 1)];
  let passes = tail.length;
  while (passes > 0 && NEGATION_PASSES.has(tail[passes - 1]!.key)) passes--;
  // A cue is open when every word of the match after its last word passes the negation on.
  const index = phraseIndex(cues, 'first');
  for (let i = tail.length - 1; i >= 0 && i >= passes - longest; i--) {
    const found = firstPhraseAt(cues, index, words, i, 1, 1, false);
    if (found.phrase !== -1 && i + cues[found.phrase]!.length >= passes) return words[i]!.start;
  }
  return end;
}

/** Judge a candidate [start, end) of `entry`: record it with its context rules, and say whether it is kept. */
function decide(t: Trace, entry: number, start: number, end: number): boolean {
  const { low, compiled } = t;
  const ce = compiled.entries[entry]!;
  let veto = contextVeto(low, ce, start, end, compiled.maxContextPhrase);
  if (veto === null && ce.entry.group !== undefined && compiled.others.groups.has(ce.entry.group)) {
    const person = otherSubject(low, compiled.others, compiled.terminators, start);
    if (person !== null) veto = `others: said of "${person}", not the patient`;
  }
  const anchorEnd = end;
  const anchorStart = start;
  let inside: string | null = null;
  if (veto === null && ce.entry.near) {
    const near = nearSpan(low, ce, start, end);
    if (near === null) veto = `near: not every list has a phrase within ${ce.nearWithin} words in the ${ce.nearAcross ? 'paragraph' : 'sentence'}`;
    else {
      if (near.span[0] < start) t.unsorted = true;
      [start, end] = near.span;
      if (ce.entry.negation !== 'keep') inside = cueInside(low, compiled, near.parts);
    }
  }
  const floor = start >= t.lastKeptEnd ? t.lastKeptEnd : 0;
  // A cue that ends the last kept match (or has only auxiliaries of it after it) still governs what follows.
  const cueFloor = start >= t.lastKeptEnd ? t.openCueStart : 0;
  const cue = veto || ce.entry.negation === 'keep' ? null : (cueBefore(low, compiled.negationCues, compiled.negationWindow, compiled.terminators, start, cueFloor, true, compiled.negationPseudo) ?? inside);
  const judged = ce.entry.category === 'stigma' || ce.entry.category === 'antithetical';
  // A proximity match that reaches back over a sentence end (near.across) is said where its anchor is:
  // words reported in the earlier sentence do not cover the speaker's own judgement after it, and a
  // frame in the anchor's sentence does cover it.
  const saidAt = start < anchorStart && gapBreaks(low, start, anchorStart) ? anchorStart : start;
  const mention = veto || !judged ? null : (cueBefore(low, compiled.mentionCues, compiled.mentionWindow, compiled.terminators, saidAt, floor, false, [], intensifier) ?? rejectedNaming(low, compiled.attribution, compiled.terminators, saidAt) ?? cueAfter(low, compiled.mentionAfter, compiled.mentionWindow, compiled.terminators, end));
  const attributed = veto || !compiled.attribution.categories.has(ce.entry.category) ? null : scareQuotesOwn(low, saidAt, end, attributionCue(low, compiled.attribution, compiled.terminators, saidAt) ?? quoted(low, saidAt, end) ?? quotedSpeech(low, compiled.attribution, saidAt, end));
  // "not combative or belligerent", "replacing 'drug abuser' and 'junkie'": the first one's cue
  // governs a match coordinated with it.
  const prev = t.lastKept;
  const joined = veto === null && prev !== null && prev.end <= start && coordinated(low, prev.end, start);
  const candidate: Candidate = {
    entry,
    start,
    end,
    dropped: veto,
    negationCue: cue ?? (joined && ce.entry.negation !== 'keep' && compiled.entries[prev.entry]!.entry.category === ce.entry.category ? prev.negationCue : null),
    mentionCue: mention ?? (joined && judged ? prev.mentionCue : null),
    attributionCue: attributed,
    ...(ce.entry.near && (start !== anchorStart || end !== anchorEnd) ? { anchor: [anchorStart, anchorEnd] as [number, number] } : {}),
  };
  if (veto === null) {
    t.lastKeptEnd = anchorEnd;
    t.openCueStart = openCueStart(low, compiled, anchorStart, anchorEnd);
    t.lastKept = candidate;
    t.insideEnd = ce.entry.category === 'antithetical' ? anchorEnd : -1;
  }
  if (t.cap !== undefined) {
    if (veto === null && t.kept! >= t.cap) {
      tallyMatch(t, entry, candidate.negationCue, candidate.mentionCue, attributed);
      return true;
    }
    if (veto === null) t.kept!++;
    else if (t.out.length >= 2 * t.cap) return false; // dropped candidates are kept for `explain` only, and boundedly
  }
  t.out.push(candidate);
  return veto === null;
}

/**
 * A match in quotation marks ("he was a 'drug addict'", 'they call it "frequent flyer"'): someone
 * else's word quoted, or held at a distance. Returns the cue "quoted", or null.
 */
function quoted(low: string, start: number, end: number): string | null {
  return start > 0 && OPENING_QUOTES.has(low[start - 1]!) && CLOSING_QUOTES.has(low[end] ?? '') ? 'quoted' : null;
}

const COORDINATORS = new Set(['and', 'or', 'nor', 'a', 'an', 'the']);

/** Is the gap between two matches a coordination ("or", ", and the", "' and '")? At most three short words, no sentence end. */
function coordinated(low: string, from: number, to: number): boolean {
  if (to - from > 24 || gapBreaks(low, from, to)) return false;
  const words = low.slice(from, to).match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
  return words.length > 0 && words.length <= 3 && words.every((w) => COORDINATORS.has(w)) && words.some((w) => w === 'and' || w === 'or' || w === 'nor');
}

/** At a possible phrase start: the longest phrase there, judged. Returns where the next phrase may start. */
function tryPhraseAt(t: Trace, start: number): number {
  const found = longestAt(t.low, start, t.compiled.root);
  if (!found) return start;
  if (decide(t, found.terminal.entry, start, found.end)) {
    // A stigma term may start where a kept antithetical phrase starts ("get clean" in "get clean first").
    if (t.insideEnd === found.end) tryStigmaInside(t, start);
    return found.end;
  }
  // Proximity rules that share this anchor phrase, in lexicon order.
  if (tryAlternates(t, found, start)) return found.end;
  // A dropped phrase does not hide a shorter one at the same word: "been burned by" ruled out by a
  // sense rule leaves "been burned" to another entry. Tried only after a drop, shortest last.
  for (let limit = found.end; ; ) {
    const next = longestWhere(t.low, start, t.compiled.root, (_terminal, end) => end < limit);
    if (!next) return start;
    if (decide(t, next.terminal.entry, start, next.end)) {
      if (t.insideEnd === next.end) tryStigmaInside(t, start);
      return next.end;
    }
    if (tryAlternates(t, next, start)) return next.end;
    limit = next.end;
  }
}

function tryAlternates(t: Trace, found: Found, start: number): boolean {
  const alternates = t.alternates.get(found.terminal.entry);
  if (alternates) for (const a of alternates) if (anchorAt(t.low, t.compiled.entries[a]!, start, found.end) && decide(t, a, start, found.end)) return true;
  return false;
}

/** The candidates and the number of words of a text, in one pass. */
function traceText(text: string, compiled: CompiledLexicon, low = normalizeText(text), cap?: number, pass: WordPass = 'wasm', prefilter = true, precomputed = true): { candidates: Candidate[]; words: number; tally?: Map<string, MatchTally> } {
  const built = precomputed && compiled.built !== undefined;
  const t: Trace = cap === undefined ? { low, compiled, alternates: built ? compiled.built!.nearAlternates : compiled.nearAlternates, out: [], lastKeptEnd: 0, openCueStart: 0, lastKept: null, unsorted: false, insideEnd: -1 } : { low, compiled, alternates: built ? compiled.built!.nearAlternates : compiled.nearAlternates, out: [], lastKeptEnd: 0, openCueStart: 0, lastKept: null, unsorted: false, insideEnd: -1, kept: 0, cap, tally: new Map() };
  const out = t.out;
  let words = forEachPhraseStart(low, compiled.heads, t, text, pass);
  // U+02BC (ʼ) is a letter to countWords but folds to an apostrophe for matching: count such rare texts again.
  if (text.includes('\u02bc')) words = countWords(text);

  if (compiled.patternEntries.length) {
    const taken = out.filter((c) => c.dropped === null);
    const overlaps = (s: number, e: number) => taken.some((c) => c.start < e && s < c.end);
    const filter = prefilter ? patternFilterOf(compiled, built) : null;
    const seen = filter?.present(low);
    for (const entry of compiled.patternEntries) {
      const patterns = built ? compiled.entries[entry]!.builtPatterns : compiled.entries[entry]!.patterns;
      for (let k = 0; k < patterns.length; k++) {
        if (filter && !filter.mayMatch(entry, k, seen!)) continue;
        const re = patterns[k]!;
        for (const m of re.matchAll(low)) {
          const s = m.index;
          const e = m.end;
          const atBoundaries = (s === 0 || !isWordChar(low, s - 1)) && (e === low.length || !isWordChar(low, e));
          if (!atBoundaries || overlaps(s, e)) continue;
          const kept = decide(t, entry, s, e);
          out[out.length - 1]!.fromPattern = true;
          if (kept) taken.push(out[out.length - 1]!);
        }
      }
    }
    out.sort((a, b) => a.start - b.start || b.end - a.end);
  } else if (t.unsorted) out.sort((a, b) => a.start - b.start || b.end - a.end);
  return t.tally?.size ? { candidates: out, words, tally: t.tally } : { candidates: out, words };
}

/** One-pass line/column lookup for ascending offsets. */
export class LineIndex {
  private line = 1;
  private lineStart = 0;
  private pos = 0;
  /** The next line break at or after `pos` (-1: none), cached so a long single line stays linear. */
  private nextBreak = -2;
  constructor(private readonly text: string) {}
  at(offset: number): { line: number; column: number } {
    if (offset < this.pos) {
      this.line = 1;
      this.lineStart = 0;
      this.pos = 0;
      this.nextBreak = -2;
    }
    const t = this.text;
    let i = this.nextBreak === -2 ? t.indexOf('\n', this.pos) : this.nextBreak;
    while (i !== -1 && i < offset) {
      this.line++;
      this.lineStart = i + 1;
      i = t.indexOf('\n', i + 1);
    }
    this.nextBreak = i;
    this.pos = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

/** A short one-line snippet around [start, end). */
export function contextSnippet(text: string, start: number, end: number, chars = 50): string {
  let from = Math.max(0, start - chars);
  let to = Math.min(text.length, end + chars);
  // Whole words at the edges.
  while (from > 0 && from < start && isWordChar(text, from - 1)) from++;
  while (to < text.length && to > end && isWordChar(text, to)) to--;
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}

/** Scan a text: every kept match, in order of position. */
export function scanText(text: string, compiled: CompiledLexicon, options: ScanOptions = {}): Match[] {
  return scanTextCounted(text, compiled, options).matches;
}

function remap(folded: Folded, c: Candidate): Candidate {
  const [start, end] = originalSpan(folded, c.start, c.end);
  return { ...c, start, end, ...(c.anchor ? { anchor: originalSpan(folded, c.anchor[0], c.anchor[1]) } : {}) };
}

/**
 * A match's `text` under --no-context. A term's text is the term, but a proximity match spans the
 * words between its parts, and a pattern may span any words: those could carry a name, so only the
 * anchor phrase (with an ellipsis) or the entry id is shown.
 */
function textWithoutContext(text: string, c: Candidate, entryId: string): string {
  if (c.fromPattern) return `[${entryId}]`;
  if (c.anchor) return `${c.anchor[0] > c.start ? '… ' : ''}${text.slice(c.anchor[0], c.anchor[1])}${c.anchor[1] < c.end ? ' …' : ''}`;
  return text.slice(c.start, c.end);
}

/** Scan a text: its matches and its number of words (as `countWords` counts them), in one pass. */
export function scanTextCounted(text: string, compiled: CompiledLexicon, options: ScanOptions = {}): { matches: Match[]; words: number; overflow?: MatchTally[] } {
  const withContext = options.context ?? true;
  const chars = options.contextChars ?? 50;
  const snippetText = options.contextText !== undefined && options.contextText.length === text.length ? options.contextText : text;
  const lines = new LineIndex(text);
  const matches: Match[] = [];
  // Compatibility forms folded and invisible characters removed before matching (text/fold.ts); the
  // matches' offsets are mapped back, so everything below points into the original text.
  const folded = fold(text);
  const { candidates, words, tally } = traceText(folded ? folded.text : text, compiled, undefined, options.maxMatches, options.wordPass, options.patternFilter ?? true, options.precomputed ?? true);
  for (const found of candidates) {
    if (found.dropped !== null) continue;
    const c = folded ? remap(folded, found) : found;
    const e = compiled.entries[c.entry]!.entry;
    const negated = c.negationCue !== null;
    const mention = c.mentionCue !== null;
    const attributed = c.attributionCue !== null;
    const reportedOnly = attributed && !compiled.attribution.count;
    const becomes = negated && !mention && typeof e.negation === 'object' ? e.negation.becomes : null;
    const { line, column } = lines.at(c.start);
    matches.push({
      entry: e.id,
      category: becomes ? 'principle' : e.category,
      principle: becomes ?? e.principle ?? null,
      group: e.group ?? null,
      text: withContext ? text.slice(c.start, c.end) : textWithoutContext(text, c, e.id),
      line,
      column,
      start: c.start,
      end: c.end,
      negated,
      cue: mention ? c.mentionCue : (c.negationCue ?? c.attributionCue),
      mention,
      attributed,
      counted: !mention && !reportedOnly && (!negated || becomes !== null),
      weight: e.weight,
      severity: becomes ? 'info' : e.severity,
      suggest: becomes ? [] : e.suggest,
      context: withContext ? contextSnippet(snippetText, c.start, c.end, chars) : null,
    });
  }
  return tally ? { matches, words, overflow: [...tally.values()] } : { matches, words };
}
