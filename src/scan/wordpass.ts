/**
 * The matcher's word pass: every position of the normalized text where a phrase of the lexicon may
 * start (by the head filter, lexicon/heads.ts), in order, and the number of words as `countWords`
 * counts them. `jsPhraseStarts` is the pass in JavaScript, and its specification; wordpass.wat is the
 * same pass in WebAssembly, used when it loads (see `WordPass`). The positions do not depend on what the matcher then finds, so the matcher tries
 * them in order and skips those inside a kept match.
 */
import { GATE, gateOpen, MORE, pairHash, PAIR, PREFIX_MAX, prefixSlot, WALK, wordFlags, type HeadFilter } from '../lexicon/heads.js';
import { isWordChar } from '../text/words.js';
import { WORDPASS_WASM_BASE64 } from './wordpass-wasm.js';

export interface PhraseStarts {
  /**
   * Positions (UTF-16 offsets) in ascending order; only the first `count` are valid. From
   * WebAssembly this is a view of the module's memory: read it before the next pass.
   */
  starts: ArrayLike<number>;
  count: number;
  /** Words, as `countWords` counts them in the original text (except for U+02BC, see scan.ts). */
  words: number;
}

/**
 * Text scanned in JavaScript before the module is loaded: setting it up (compile, instantiate, copy
 * the tables) takes about 3 ms, most of a run over one short file, while JavaScript, even cold,
 * takes well under that for this much text. Both passes give the same result.
 */
const JS_FIRST_CHARS = 16_384;
let jsChars = 0;

/**
 * Which implementation runs the pass: `wasm` (the default) is WebAssembly when it loads, after the
 * first JS_FIRST_CHARS of a process; `js` is `jsPhraseStarts` only. Both give the same result
 * (HARMLEX_WORDPASS switches it for a run; docs/internals.md, "The word pass").
 */
export type WordPass = 'js' | 'wasm';

/** The pass for this text: WebAssembly when it loads (and `pass` allows it), else JavaScript. */
export function phraseStarts(low: string, text: string, heads: HeadFilter, pass: WordPass = 'wasm'): PhraseStarts {
  if (pass === 'js') return jsPhraseStarts(low, text, heads);
  if (wasm === undefined && (jsChars += low.length) <= JS_FIRST_CHARS) return jsPhraseStarts(low, text, heads);
  return wasmPhraseStarts(low, text, heads) ?? jsPhraseStarts(low, text, heads);
}

/** The little of WebAssembly used here (Node's types leave it to the DOM library, which this build does not load). */
interface WasmGlobal {
  value: number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

interface WordPassExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  scan(n: number, out: number, walkAll: number, prefixLengths: number, prefixPairLengths: number, pairLengths: number, tripleLengths: number, quadLengths: number): number;
  wordCount: WasmGlobal;
  WORDS: WasmGlobal;
  PREFIX_GATE: WasmGlobal;
  PREFIXES: WasmGlobal;
  PREFIX_PAIRS: WasmGlobal;
  PAIR_WORDS: WasmGlobal;
  PAIR_GATE: WasmGlobal;
  PAIR_PREFIXES: WasmGlobal;
  TRIPLE_WORDS: WasmGlobal;
  TRIPLE_GATE: WasmGlobal;
  TRIPLE_PREFIXES: WasmGlobal;
  QUAD_WORDS: WasmGlobal;
  QUAD_GATE: WasmGlobal;
  QUAD_PREFIXES: WasmGlobal;
  TEXT: WasmGlobal;
  UNIT_CLASS: WasmGlobal;
  GATE: WasmGlobal;
  PREFIX_MAX: WasmGlobal;
}

/** undefined: not loaded yet; null: WebAssembly is not available here. */
let wasm: WordPassExports | null | undefined;
/** The text being scanned, for the module's questions about non-ASCII characters. */
let scanning = '';
/** The head filter whose tables are in the module's memory. */
let tablesOf: HeadFilter | null = null;

/** The compiled module, kept when an instance is dropped (see `SHRINK_OVER_BYTES`). */
let compiledModule: object | undefined;

/**
 * A module's memory only grows, to the longest text it has scanned (four bytes a character: the
 * text as UTF-16, and room for a position every other one). After a text that took more than this,
 * the instance is dropped and the next text gets a new one (about a millisecond), so one very long
 * document does not keep its memory for the rest of a run.
 */
const SHRINK_OVER_BYTES = 64 * 1024 * 1024;

/** The module instance's memory, in bytes (0 when there is none): for tests. */
export function wordPassMemoryBytes(): number {
  return wasm ? wasm.memory.buffer.byteLength : 0;
}

function loadWasm(): WordPassExports | null {
  if (wasm !== undefined) return wasm;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) return (wasm = null);
  try {
    const module = (compiledModule ??= new api.Module(Buffer.from(WORDPASS_WASM_BASE64, 'base64')));
    // Non-ASCII units are classed by the same rule as everywhere else (Unicode letters, digits, marks).
    const imports = { js: { isWordAt: (i: number) => (isWordChar(scanning, i) ? 1 : 0) } };
    const x = new api.Instance(module, imports).exports as unknown as WordPassExports;
    // The class cache knows ASCII (lower case: the text is normalized) and MARK from the start.
    const classes = new Uint8Array(x.memory.buffer, x.UNIT_CLASS.value, 65536);
    for (let c = 0; c < 128; c++) classes[c] = ASCII_WORD[c] === 1 ? 1 : 2;
    classes[39] = 3;
    classes[0x2018] = 4;
    wasm = x;
  } catch {
    wasm = null;
  }
  return wasm;
}

/** Copy the head filter's tables into the module's memory; false if its constants or table sizes are not the module's. */
function loadTables(x: WordPassExports, heads: HeadFilter): boolean {
  if (x.GATE.value !== GATE || x.PREFIX_MAX.value !== PREFIX_MAX) return false;
  const tables: [Uint32Array, WasmGlobal, WasmGlobal][] = [
    [heads.words, x.WORDS, x.PREFIX_GATE],
    [heads.prefixGate, x.PREFIX_GATE, x.PREFIXES],
    [heads.prefixes, x.PREFIXES, x.PREFIX_PAIRS],
    [heads.prefixPairs, x.PREFIX_PAIRS, x.PAIR_WORDS],
    [heads.pair.words, x.PAIR_WORDS, x.PAIR_GATE],
    [heads.pair.gate, x.PAIR_GATE, x.PAIR_PREFIXES],
    [heads.pair.prefixes, x.PAIR_PREFIXES, x.TRIPLE_WORDS],
    [heads.triple.words, x.TRIPLE_WORDS, x.TRIPLE_GATE],
    [heads.triple.gate, x.TRIPLE_GATE, x.TRIPLE_PREFIXES],
    [heads.triple.prefixes, x.TRIPLE_PREFIXES, x.QUAD_WORDS],
    [heads.quad.words, x.QUAD_WORDS, x.QUAD_GATE],
    [heads.quad.gate, x.QUAD_GATE, x.QUAD_PREFIXES],
    [heads.quad.prefixes, x.QUAD_PREFIXES, x.UNIT_CLASS],
  ];
  for (const [table, at, next] of tables) if (table.byteLength !== next.value - at.value) return false;
  for (const [table, at] of tables) new Uint32Array(x.memory.buffer, at.value, table.length).set(table);
  tablesOf = heads;
  return true;
}

/** The word pass in WebAssembly, or null when it cannot run here (the caller uses JavaScript). */
export function wasmPhraseStarts(low: string, text: string, heads: HeadFilter): PhraseStarts | null {
  const x = loadWasm();
  if (x === null || (tablesOf !== heads && !loadTables(x, heads))) return null;
  const n = low.length;
  const textAt = x.TEXT.value;
  const outAt = (textAt + 2 * n + 3) & ~3;
  // A position per word at most, and a word takes two units with its break: n/2 + 1 positions.
  const need = outAt + 4 * ((n >>> 1) + 1);
  const have = x.memory.buffer.byteLength;
  if (need > have) {
    try {
      x.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return null; // a text too long for 32-bit memory: JavaScript takes it
    }
  }
  const memory = Buffer.from(x.memory.buffer);
  memory.write(low, textAt, 'utf16le');
  markQuotes(memory, textAt, text, 0x2018);
  markQuotes(memory, textAt, text, 0xff07);
  scanning = low;
  const count = x.scan(n, outAt, heads.walkAll ? 1 : 0, heads.prefixLengths, heads.prefixPairLengths, heads.pair.lengths, heads.triple.lengths, heads.quad.lengths);
  scanning = '';
  const result = { starts: new Int32Array(x.memory.buffer, outAt, count), count, words: x.wordCount.value };
  if (x.memory.buffer.byteLength > SHRINK_OVER_BYTES) {
    // (The positions returned stay readable: the view keeps the old memory until it is dropped.)
    wasm = undefined;
    tablesOf = null;
  }
  return result;
}

/**
 * Quotes that fold to an apostrophe for keys but end a word for `countWords` (‘ and ＇): written as
 * U+2018 over the folded apostrophe, which the module tells apart (see wordpass.wat).
 */
function markQuotes(memory: Buffer, textAt: number, text: string, quote: number): void {
  const q = String.fromCharCode(quote);
  for (let i = text.indexOf(q); i !== -1; i = text.indexOf(q, i + 1)) memory.writeUInt16LE(0x2018, textAt + 2 * i);
}

/** Lower-case ASCII letters and digits (the text is lower-cased: capitals never reach the loop). */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 1;

/** Is `i` inside a word as `countWords` sees the original text (after a word and apostrophes, ' or ’)? */
function continuesWord(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === 39 || text.charCodeAt(j) === 0x2019)) j--;
  return j >= 0 && isWordChar(text, j); // (a letter such as ʼ, folded to ' for matching, continues a word too)
}

/**
 * The word pass in JavaScript: the reference for wordpass.wat, and the fallback where WebAssembly
 * is missing (node --jitless). One pass over the words of `low`, hashing each word's key as it is
 * read; a position is recorded at each word where the head filter says a phrase may start (see
 * lexicon/heads.ts), in order. Word boundaries follow `wordEnd`.
 *
 * A top-level function with only locals: this loop touches every character of the corpus. Each word
 * is read once by a tight loop that only hashes it (noting the hash of its first GATE letters); the
 * head filter is consulted when the word ends, and the word is read a second time, for the hashes
 * of its beginnings, only when a gate says some beginning may match (a few words in a hundred).
 */
export function jsPhraseStarts(low: string, text: string, heads: HeadFilter): PhraseStarts {
  const { walkAll, words, prefixGate, prefixes, prefixLengths, prefixPairs, prefixPairLengths, pair, triple } = heads;
  // Every table in a local: the loop reads them at every word.
  const pairGate = pair.gate;
  const pairPrefixes = pair.prefixes;
  const pairLengths = pair.lengths;
  const pairWords = pair.words;
  const tripleGate = triple.gate;
  const triplePrefixes = triple.prefixes;
  const tripleLengths = triple.lengths;
  const tripleWords = triple.words;
  const quad = heads.quad;
  const quadGate = quad.gate;
  const quadPrefixes = quad.prefixes;
  const quadLengths = quad.lengths;
  const quadWords = quad.words;
  const n = low.length;
  const starts: number[] = [];
  // Openings waiting for their next word: a first word (waiting for the second), and a first and
  // second word (waiting for the third).
  let firstStart = -1;
  let firstHash = 0;
  // The same word may also open phrases by its beginning (a stem family): that beginning's hash.
  let firstHasBeginning = false;
  let firstBeginning = 0;
  let pairStart = -1;
  let pairHashed = 0;
  let tripleStart = -1;
  let tripleHashed = 0;
  // Words are counted here too (a second pass over a large corpus costs as much as this one).
  let wordCount = 0;
  let i = 0;
  while (i < n) {
    let c = low.charCodeAt(i);
    // `low` is lower-cased: no ASCII capitals to test for.
    if (!(c < 128 ? ASCII_WORD[c] === 1 : isWordChar(low, i))) {
      i++;
      continue;
    }
    const start = i;
    // Counted as `countWords` does: "Fowler''s" is one word, though "s" is a word of its own for matching.
    if (start === 0 || low.charCodeAt(start - 1) !== 39 || !continuesWord(text, start)) wordCount++;
    // The word's key hash (hashStep, written out) and the hash of its first GATE letters.
    let h = 0;
    let length = 0;
    let head = 0;
    for (;;) {
      h = (Math.imul(h, 31) + c) | 0;
      if (++length === GATE) head = h;
      if (++i >= n) break;
      c = low.charCodeAt(i);
      if (c < 128 ? ASCII_WORD[c] === 1 : isWordChar(low, i)) continue;
      if (c !== 39 || i + 1 >= n || !isWordChar(low, i + 1)) break;
      // An apostrophe inside a word is not part of its key. `countWords` reads the original text,
      // where a folded quote (‘) ends a word.
      const o = text.charCodeAt(i);
      if (o !== 39 && o !== 0x2019 && !isWordChar(text, i)) wordCount++;
      c = low.charCodeAt(++i);
    }
    // Beginnings (wildcard and stem prefixes, of GATE letters or more), when a gate is open.
    let walk = walkAll;
    let secondHit = false;
    let thirdHit = false;
    let fourthHit = false;
    let opensByBeginning = false;
    let beginningHash = 0;
    if (length >= GATE) {
      const firstGate = gateOpen(prefixGate, prefixSlot(head));
      const secondGate =
        firstStart >= 0 &&
        (gateOpen(pairGate, prefixSlot(pairHash(firstHash, head))) || (firstHasBeginning && gateOpen(pairGate, prefixSlot(pairHash(firstBeginning, head)))));
      const thirdGate = pairStart >= 0 && gateOpen(tripleGate, prefixSlot(pairHash(pairHashed, head)));
      const fourthGate = tripleStart >= 0 && gateOpen(quadGate, prefixSlot(pairHash(tripleHashed, head)));
      if (firstGate || secondGate || thirdGate || fourthGate) {
        // Read the word again for the hash of each beginning (apostrophes in it are not in keys).
        let b = 0;
        let bl = 0;
        for (let j = start; j < i && bl < PREFIX_MAX; j++) {
          const d = low.charCodeAt(j);
          if (d === 39) continue;
          b = (Math.imul(b, 31) + d) | 0;
          if (++bl < GATE) continue;
          const bit = 1 << bl;
          if (firstGate && (prefixLengths & bit) !== 0 && (prefixes[prefixSlot(b)]! & bit) !== 0) walk = true;
          if (firstGate && (prefixPairLengths & bit) !== 0 && (prefixPairs[prefixSlot(b)]! & bit) !== 0) {
            // Two beginnings of one word that both open phrases: walk now rather than track both.
            if (opensByBeginning) walk = true;
            opensByBeginning = true;
            beginningHash = b;
          }
          if (secondGate && (pairLengths & bit) !== 0) {
            if ((pairPrefixes[prefixSlot(pairHash(firstHash, b))]! & bit) !== 0) secondHit = true;
            else if (firstHasBeginning && (pairPrefixes[prefixSlot(pairHash(firstBeginning, b))]! & bit) !== 0) secondHit = true;
          }
          if (thirdGate && (tripleLengths & bit) !== 0 && (triplePrefixes[prefixSlot(pairHash(pairHashed, b))]! & bit) !== 0) thirdHit = true;
          if (fourthGate && (quadLengths & bit) !== 0 && (quadPrefixes[prefixSlot(pairHash(tripleHashed, b))]! & bit) !== 0) fourthHit = true;
        }
      }
    }
    // Openings, oldest first, so phrase starts are tried in order.
    if (tripleStart >= 0) {
      if (fourthHit || wordFlags(quadWords, pairHash(tripleHashed, h)) !== 0) starts.push(tripleStart);
      tripleStart = -1;
    }
    if (pairStart >= 0) {
      const third = pairHash(pairHashed, h);
      const flags = thirdHit ? WALK : wordFlags(tripleWords, third);
      if ((flags & WALK) !== 0) starts.push(pairStart);
      else if ((flags & MORE) !== 0) {
        // Phrases of four words or more: wait for the fourth.
        tripleStart = pairStart;
        tripleHashed = third;
      }
      pairStart = -1;
    }
    if (firstStart >= 0) {
      const both = pairHash(firstHash, h);
      const flags = wordFlags(pairWords, both);
      // (A word that opens both whole and by another beginning waits under its whole hash only: a
      // phrase by that beginning that would wait for a third word is tried here.)
      if (secondHit || (flags & WALK) !== 0 || (firstHasBeginning && firstBeginning !== firstHash && wordFlags(pairWords, pairHash(firstBeginning, h)) !== 0)) {
        // An older opening still waiting for its fourth word is tried first: starts go in order.
        if (tripleStart >= 0) {
          starts.push(tripleStart);
          tripleStart = -1;
        }
        starts.push(firstStart);
      } else if ((flags & MORE) !== 0) {
        pairStart = firstStart;
        pairHashed = both;
      }
      firstStart = -1;
      firstHasBeginning = false;
    }
    const flags = wordFlags(words, h);
    if (walk || (flags & WALK) !== 0) {
      // Earlier openings still waiting for their third or fourth word are tried now: starts go in order.
      if (tripleStart >= 0) {
        starts.push(tripleStart);
        tripleStart = -1;
      }
      if (pairStart >= 0) {
        starts.push(pairStart);
        pairStart = -1;
      }
      starts.push(start);
    } else if ((flags & PAIR) !== 0 || opensByBeginning) {
      firstStart = start;
      // A word that opens only by its beginning keeps that hash in both places (no exact-word pairs match it).
      firstHash = (flags & PAIR) !== 0 ? h : beginningHash;
      firstHasBeginning = opensByBeginning;
      firstBeginning = beginningHash;
    }
  }
  return { starts, count: starts.length, words: wordCount };
}

