/**
 * Evasion-resistant matching: before a text is scanned, compatibility forms are folded (Unicode
 * NFKC: fullwidth `ａｄｄｉｃｔ`, ligatures `ﬁ`, superscripts, a letter and its combining accent) and
 * default-ignorable characters are removed (soft hyphen U+00AD, zero-width space, non-joiner and
 * joiner U+200B-U+200D, word joiner U+2060, variation selectors, the BOM U+FEFF, bidi controls...),
 * so `ad\u00ADdict` and `ａｄｄｉｃｔ` match `addict`. The folded text has other offsets: `fold`
 * keeps, for each of its UTF-16 units, the span of the original text it came from, and the scanner
 * maps every match back, so offsets, lines, columns, matched text and context all point into the
 * ORIGINAL text. Pure.
 *
 * Most texts need nothing (NFKC-stable, no ignorable character): they are scanned as they are,
 * checked a slice at a time by the engine's own normalize (no copy of a large text kept).
 */

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const IGNORABLE_G = /\p{Default_Ignorable_Code_Point}/gu;
/** A base character and the combining marks after it: NFKC's unit of composition. */
const CLUSTER = /[^\p{M}][\p{M}]*|[\p{M}]+/gsu;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const WORDY = /^[\p{L}\p{M}\p{N}]+$/u;

/**
 * The folded text and its map to the original. Most folds keep the length (a fullwidth letter is one
 * unit, as its ASCII form is): only clusters whose length changes (a removed soft hyphen, a ligature
 * unfolded, a letter and its accent composed) are recorded, as segments [fs, fe) of the folded text
 * from [os, oe) of the original; between them the offset moves by a constant. Memory grows with the
 * number of such clusters, not with the text.
 */
export interface Folded {
  text: string;
  /** Segments, four numbers each: fs, fe, os, oe (ascending). */
  segments: Int32Array;
  count: number;
}

/** Slices of this size are checked for stability; cut at an ASCII character so no cluster is split. */
const SLICE = 1 << 20;

/** Does `text` need folding (not NFKC-stable, or holding a default-ignorable character)? */
export function needsFolding(text: string): boolean {
  for (let a = 0; a < text.length; ) {
    let b = Math.min(text.length, a + SLICE);
    while (b < text.length && text.charCodeAt(b) >= 0x80) b++;
    const piece = text.slice(a, b);
    if (!ASCII_ONLY.test(piece) && (IGNORABLE.test(piece) || piece.normalize('NFKC') !== piece)) return true;
    a = b;
  }
  return false;
}

/** The folded text with its map to the original, or null when the text needs no folding. */
export function fold(text: string): Folded | null {
  if (!needsFolding(text)) return null;
  const parts: string[] = [];
  let segments = new Int32Array(64);
  let count = 0;
  let kept = 0; // start of the pending run of the original kept as it is
  let outLength = 0;
  let changed = false;
  CLUSTER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLUSTER.exec(text)) !== null) {
    const c = m[0];
    const start = m.index;
    if (c.length === 1 && c.charCodeAt(0) < 0x80) continue; // kept, in the pending run
    let out = c.normalize('NFKC');
    // Only letters and digits fold, into letters and digits: ½ (1⁄2), ™ or an ellipsis stay as they
    // are, so word counts of ordinary text do not move; ｌｅｔｔｅｒｓ, ligatures and accents fold.
    if (out !== c && !(WORDY.test(c) && WORDY.test(out))) out = c;
    if (IGNORABLE.test(out)) out = out.replace(IGNORABLE_G, '');
    if (out === c) continue;
    changed = true;
    if (start > kept) parts.push(text.slice(kept, start));
    outLength += start - kept;
    parts.push(out);
    if (out.length !== c.length) {
      if ((count + 1) * 4 > segments.length) {
        const grown = new Int32Array(segments.length * 2);
        grown.set(segments);
        segments = grown;
      }
      segments.set([outLength, outLength + out.length, start, start + c.length], count * 4);
      count++;
    }
    outLength += out.length;
    kept = start + c.length;
  }
  if (!changed) return null;
  if (kept < text.length) parts.push(text.slice(kept));
  return { text: parts.join(''), segments, count };
}

/** The last segment starting at or before folded offset `i` (-1: none). */
function segmentAt(f: Folded, i: number): number {
  let lo = 0;
  let hi = f.count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (f.segments[mid * 4]! <= i) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Where the folded unit `i` came from: [from, to) in the original. */
function unitSpan(f: Folded, i: number): [number, number] {
  const k = segmentAt(f, i);
  if (k === -1) return [i, i + 1];
  const [fe, os, oe] = [f.segments[k * 4 + 1]!, f.segments[k * 4 + 2]!, f.segments[k * 4 + 3]!];
  if (i < fe) return [os, oe];
  const at = oe + (i - fe);
  return [at, at + 1];
}

/** A span [start, end) of the folded text, as a span of the original. */
export function originalSpan(f: Folded, start: number, end: number): [number, number] {
  const s = unitSpan(f, start)[0];
  const e = end > start ? unitSpan(f, end - 1)[1] : s;
  return [s, Math.max(s, e)];
}
