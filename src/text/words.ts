/**
 * Character-level helpers shared by the term compiler and the matcher. Everything works on the
 * *normalized* text: lower-cased, with typographic apostrophes and dashes folded to ASCII. Both
 * steps keep the length (one UTF-16 unit for one), so offsets in the normalized text are offsets in
 * the original text.
 */

const TYPOGRAPHIC = /[\u2018\u2019\u02bc\uff07\u2010-\u2015\u2212]/g;
const TYPOGRAPHIC_TEST = /[\u2018\u2019\u02bc\uff07\u2010-\u2015\u2212]/;
const FOLD: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u02bc': "'", '\uff07': "'" };

/**
 * Lower-case and fold typographic characters, keeping every offset. Returns null when lower-casing
 * would change the length (a handful of characters such as U+0130 do): the caller then folds
 * character by character.
 */
export function normalizeText(text: string): string {
  let low = text.toLowerCase();
  if (low.length !== text.length) low = lowerKeepingLength(text);
  if (TYPOGRAPHIC_TEST.test(low)) low = low.replace(TYPOGRAPHIC, (c) => FOLD[c] ?? '-');
  return low;
}

/**
 * Lower case with every offset kept. U+0130 (İ) is the only character whose lower case is longer
 * (two units, checked over all of Unicode); it is left as it is, and the text around it is
 * lower-cased in whole pieces (one character at a time would build millions of strings).
 */
function lowerKeepingLength(text: string): string {
  return text
    .split('\u0130')
    .map((piece) => piece.toLowerCase())
    .join('\u0130');
}

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

/** Is the UTF-16 unit at `i` part of a word (a letter, digit or combining mark)? */
export function isWordChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdfff) {
    // A surrogate: test the whole code point.
    const start = c <= 0xdbff ? i : i - 1;
    const cp = s.codePointAt(start);
    return cp !== undefined && NON_ASCII_WORD.test(String.fromCodePoint(cp));
  }
  return NON_ASCII_WORD.test(s[i]!);
}

const APOSTROPHE = 39;

/** End (exclusive) of the word starting at `i`; apostrophes between word characters belong to it. */
export function wordEnd(s: string, i: number): number {
  const n = s.length;
  let j = i;
  while (j < n) {
    if (isWordChar(s, j)) j++;
    else if (s.charCodeAt(j) === APOSTROPHE && j + 1 < n && j > i && isWordChar(s, j + 1)) j++;
    else break;
  }
  return j;
}

/** Start of the word that ends (exclusive) at `end`. */
export function wordStart(s: string, end: number): number {
  let j = end;
  while (j > 0) {
    if (isWordChar(s, j - 1)) j--;
    else if (s.charCodeAt(j - 1) === APOSTROPHE && j - 1 > 0 && j < end && isWordChar(s, j - 2)) j--;
    else break;
  }
  return j;
}

/** The comparison key of a word: apostrophes dropped ("they're" -> "theyre"). */
export function wordKey(s: string, start: number, end: number): string {
  const w = s.slice(start, end);
  return w.includes("'") ? w.replace(/'/g, '') : w;
}

/** Characters that end a sentence or clause for phrase matching. */
function isHardBoundaryChar(c: number): boolean {
  // . ! ? ; :
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 58;
}

/**
 * Does the gap s[from, to) (between two words) break a phrase? A sentence end (. ! ? ; :) or a
 * blank line does; spaces, single line breaks, commas, hyphens, quotes and brackets do not. With
 * `acrossSentences`, only a blank line does (the end of a paragraph or a speaker's turn).
 */
export function gapBreaks(s: string, from: number, to: number, acrossSentences = false): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!acrossSentences && isHardBoundaryChar(c)) return true;
    if (c === 10) {
      newlines++;
      if (newlines >= 2) return true;
    } else if (c !== 13 && c !== 32 && c !== 9) {
      // any other character between the newlines: not a blank line
      if (newlines === 1) newlines = 0;
    }
  }
  return false;
}

export interface Word {
  start: number;
  end: number;
  key: string;
}

/** The next word at or after `from`, or null. `limit` bounds the search. */
export function nextWord(s: string, from: number, limit = s.length): Word | null {
  let i = from;
  while (i < limit && !isWordChar(s, i)) i++;
  if (i >= limit) return null;
  const end = wordEnd(s, i);
  return { start: i, end, key: wordKey(s, i, end) };
}

/** The word ending at or before `before`, or null. */
export function previousWord(s: string, before: number, floor = 0): Word | null {
  let j = before;
  while (j > floor && !isWordChar(s, j - 1)) j--;
  if (j <= floor) return null;
  const start = Math.max(floor, wordStart(s, j));
  return { start, end: j, key: wordKey(s, start, j) };
}

/**
 * Up to `n` words after `from`, stopping at a phrase break (with `acrossSentences`, only at a blank
 * line). `stopWords` also stop the walk (clause openers such as "but").
 */
export function wordsAfter(s: string, from: number, n: number, stopWords?: ReadonlySet<string>, acrossSentences = false): Word[] {
  const out: Word[] = [];
  let pos = from;
  while (out.length < n) {
    const w = nextWord(s, pos);
    if (!w || gapBreaks(s, pos, w.start, acrossSentences)) break;
    if (stopWords?.has(w.key)) break;
    out.push(w);
    pos = w.end;
  }
  return out;
}

/** Up to `n` words before `to`, nearest first, stopping at a phrase break (or, `acrossSentences`, a blank line) or a stop word. */
export function wordsBefore(s: string, to: number, n: number, stopWords?: ReadonlySet<string>, acrossSentences = false): Word[] {
  const out: Word[] = [];
  let pos = to;
  while (out.length < n) {
    const w = previousWord(s, pos);
    if (!w || gapBreaks(s, w.end, pos, acrossSentences)) break;
    if (stopWords?.has(w.key)) break;
    out.push(w);
    pos = w.start;
  }
  return out;
}

/** Number of words: runs of letters and digits (apostrophes inside a word do not split it). */
export function countWords(s: string): number {
  let count = 0;
  let inWord = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let word: boolean;
    if (c < 128) {
      word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c === APOSTROPHE && inWord);
    } else {
      word = c === 0x2019 ? inWord : isWordChar(s, i);
    }
    if (word && !inWord) count++;
    inWord = word;
  }
  return count;
}
